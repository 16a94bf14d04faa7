/**
 * The languages sbc-export writes a project in: each a Syntax for the program (the element walk
 * in program.ts is shared), the project's files around it, and what to run before `pulumi stack init`.
 */
import { AttributeValue } from "../../client/types";
import { PYTHON_DISTRIBUTION } from "../../provider/native/sdkPackages";
import { projectFiles } from "./project";
import { pythonProjectFiles, pythonSyntax } from "./pythonProgram";
import { Syntax } from "./syntax";
import { typescriptSyntax } from "./typescriptProgram";
import { yamlProjectFiles, yamlSyntax } from "./yamlProgram";

const VERSION = (require("pulumi-oracle-sbc/package.json") as { version: string }).version;

export interface Language {
  syntax: Syntax;
  /** File name → content of a project around `program`, of the SBC at `origin`. */
  projectFiles(name: string, program: string, origin: string): Map<string, string>;
  /** What to run in the project's directory before `pulumi stack init`. */
  setup: string;
  /** The `pulumi config set --secret` settings of a secret attribute's value: key, value, whether the key is a --path. */
  secretSettings(key: string, value: AttributeValue): { key: string; value: string; path: boolean }[];
}

/** The value whole: a list as JSON, which the program parses (requireSecretObject, require_secret_object). */
const whole = (key: string, value: AttributeValue) => [{ key, value: Array.isArray(value) ? JSON.stringify(value) : (value as string), path: false }];
/** A list item by item (`key[0]`): the CLI checks a YAML program's `type: array` config, and a JSON string is not one. */
const itemByItem = (key: string, value: AttributeValue) =>
  Array.isArray(value) ? value.map((item, i) => ({ key: `${key}[${i}]`, value: item, path: true })) : whole(key, value);

export const LANGUAGES = {
  typescript: { syntax: typescriptSyntax, projectFiles: (name, program, origin) => projectFiles(name, program, origin), setup: "npm install", secretSettings: whole },
  python: {
    syntax: pythonSyntax,
    projectFiles: (name, program, origin) => pythonProjectFiles(name, program, `the SBC at ${origin}`, VERSION),
    setup: `python3 -m venv venv; venv/bin/pip install <${PYTHON_DISTRIBUTION} ${VERSION} wheel> -r requirements.txt; the sbc plugin ${VERSION} installed`,
    secretSettings: whole,
  },
  yaml: {
    syntax: yamlSyntax,
    projectFiles: (name, program, origin) => yamlProjectFiles(name, program, `the SBC at ${origin}`),
    setup: `the sbc plugin ${VERSION} installed`,
    secretSettings: itemByItem,
  },
} satisfies Record<string, Language>;

export type LanguageName = keyof typeof LANGUAGES;

export function isLanguage(name: string): name is LanguageName {
  return Object.hasOwn(LANGUAGES, name);
}
