/**
 * The languages sbc-export writes a project in: each a Syntax for the program (the element walk
 * in program.ts is shared), its fleet program, the project's files around it, and what to run
 * before `pulumi stack init`.
 */
import { AttributeValue } from "../../client/types";
import { ExportedProgram } from "./program";
import { SiteListing, writeFleetProgram } from "./fleetProgram";
import { PYTHON_DISTRIBUTION } from "../../provider/native/sdkPackages";
import { projectFiles } from "./project";
import { pythonFleet, pythonProjectFiles, pythonSyntax } from "./pythonProgram";
import { Syntax } from "./syntax";
import { typescriptSyntax } from "./typescriptProgram";
import { SharedSetting, writeUnrolledFleet } from "./unrolledFleet";
import { yamlFleet, yamlProjectFiles, yamlSyntax } from "./yamlProgram";

const VERSION = (require("pulumi-oracle-sbc/package.json") as { version: string }).version;

export interface FleetOptions {
  protect?: boolean;
  /** The provider settings every SBC shares besides its host (the native plugin's explicit providers take them). */
  shared: SharedSetting[];
}

export interface Language {
  syntax: Syntax;
  /** The program of a fleet of SBCs. */
  fleet(sites: readonly SiteListing[], options: FleetOptions): ExportedProgram;
  /** File name → content of a project around `program`, of `about` (`the SBC at https://…`). */
  projectFiles(name: string, program: string, about: string): Map<string, string>;
  /** What to run in the project's directory before `pulumi stack init`. */
  setup: string;
  /** The `pulumi config set --secret` settings of a secret attribute's value: key, value, whether the key is a --path. */
  secretSettings(key: string, value: AttributeValue): { key: string; value: string; path: boolean }[];
  /** Whether its fleet's SBCs are explicit providers of the native plugin, which read the shared settings the program names. */
  fleetProviders: boolean;
}

/** The value whole: a list as JSON, which the program parses (requireSecretObject, require_secret_object). */
const whole = (key: string, value: AttributeValue) => [{ key, value: Array.isArray(value) ? JSON.stringify(value) : (value as string), path: false }];
/** A list item by item (`key[0]`): the CLI checks a YAML program's `type: array` config, and a JSON string is not one. */
const itemByItem = (key: string, value: AttributeValue) =>
  Array.isArray(value) ? value.map((item, i) => ({ key: `${key}[${i}]`, value: item, path: true })) : whole(key, value);

export const LANGUAGES = {
  typescript: {
    syntax: typescriptSyntax,
    fleet: (sites, options) => writeFleetProgram(sites, options),
    projectFiles: (name, program, about) => projectFiles(name, program, about),
    setup: "npm install",
    secretSettings: whole,
    fleetProviders: false,
  },
  python: {
    syntax: pythonSyntax,
    fleet: (sites, options) => writeUnrolledFleet(sites, { ...options, syntax: pythonSyntax, layout: pythonFleet }),
    projectFiles: (name, program, about) => pythonProjectFiles(name, program, about, VERSION),
    setup: `python3 -m venv venv; venv/bin/pip install <${PYTHON_DISTRIBUTION} ${VERSION} wheel> -r requirements.txt; the sbc plugin ${VERSION} installed`,
    secretSettings: whole,
    fleetProviders: true,
  },
  yaml: {
    syntax: yamlSyntax,
    fleet: (sites, options) => writeUnrolledFleet(sites, { ...options, syntax: yamlSyntax, layout: yamlFleet }),
    projectFiles: (name, program, about) => yamlProjectFiles(name, program, about),
    setup: `the sbc plugin ${VERSION} installed`,
    secretSettings: itemByItem,
    fleetProviders: true,
  },
} satisfies Record<string, Language>;

export type LanguageName = keyof typeof LANGUAGES;

export function isLanguage(name: string): name is LanguageName {
  return Object.hasOwn(LANGUAGES, name);
}
