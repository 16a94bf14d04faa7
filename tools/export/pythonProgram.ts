/**
 * The exported program in Python (__main__.py), through the pulumi_oracle_sbc SDK generated from the
 * native plugin's schema: `sbc.RealmConfig("realm_core", identifier="core", …, adopt=True)`,
 * sub-elements as the SDK's Args classes, references as outputs (`realm_core.identifier`), joined
 * keys through `pulumi.Output.format`, secrets from `pulumi.Config()`.
 */
import { PYTHON_DISTRIBUTION, PYTHON_MODULE, PYTHON_PULUMI_REQUIREMENT } from "../../provider/native/sdkPackages";
import { pyName } from "./pythonNames";
import { FleetLayout, FleetProvider, headerLines, RenderedResource, SecretSetting, Syntax } from "./syntax";

/** A Python identifier of a name of letters, digits, `_` and `-`. */
function identifier(name: string): string {
  const id = name.replace(/\W/g, "_");
  return /^\d/.test(id) ? `_${id}` : id;
}

/** A dict keyed by SBC attribute names; an entry named "" is spread in (`**overrides`). */
const dict = (entries: [string, string][], open = "{", sep = ", ", close = "}"): string =>
  `${open}${entries.map(([k, v]) => (k === "" ? `**${v}` : `${JSON.stringify(k)}: ${v}`)).join(sep)}${close}`;

/** `callee(\n    "first",\n    name=value,\n)`. */
const call = (callee: string, first: string, entries: [string, string][]): string =>
  `${callee}(\n    ${first},\n${entries.map(([k, v]) => `    ${k}=${v},`).join("\n")}\n)`;

export const pythonSyntax: Syntax = {
  property: pyName,
  // Resource names are snake_case words (naming.ts), unique, and never the program's own names; a
  // fleet's carry the site's name first (`lab-1-realm_core`), which is made an identifier.
  variable: identifier,
  string: (value) => JSON.stringify(value),
  integer: (value) => String(Number(value)),
  boolean: (value) => (value ? "True" : "False"),
  values: (items) => `[${items.join(", ")}]`,
  subElements: (items) => `[\n${items.map((item) => `        ${item},`).join("\n")}\n    ]`,
  subElement: (typeName, entries) => `sbc.${typeName}Args(${entries.map(([k, v]) => `${k}=${v}`).join(", ")})`,
  map: (entries) => dict(entries),
  attributes: (entries) => (entries.length === 0 ? "{}" : dict(entries, "{\n        ", ",\n        ", ",\n    }")),
  // The SDK takes a plain dict for an input type, keyed by the schema's names.
  record: (entries) => dict(entries),
  genericSecrets: () => [],
  genericKeyOutput: false,
  output: (variable, property) => `${variable}.${property}`,
  joined: (parts, prefix = "") =>
    `pulumi.Output.format(${JSON.stringify(prefix.replace(/[{}]/g, (c) => c + c) + parts.map((_, i) => `{${i}}`).join(":"))}, ${parts.map((p) => `${p.variable}.${p.property}`).join(", ")})`,
  secret: (key, multiValued) => `config.${multiValued ? "require_secret_object" : "require_secret"}(${JSON.stringify(key)})`,
  resource: (r: RenderedResource) => {
    const options = [...(r.provider ? [`provider=${r.provider}`] : []), ...(r.protect ? ["protect=True"] : []), ...(r.dependsOn.length > 0 ? [`depends_on=[${r.dependsOn.join(", ")}]`] : [])];
    const opts: [string, string][] = options.length > 0 ? [["opts", `pulumi.ResourceOptions(${options.join(", ")})`]] : [];
    return `${r.referenced ? `${r.variable} = ` : ""}${call(`sbc.${r.className}`, JSON.stringify(r.resourceName), [...r.entries, ...opts])}`;
  },
  program(origin: string | undefined, resources: string[], secrets: readonly SecretSetting[], _usesPulumi: boolean, protect: boolean): string {
    const config = secrets.length > 0 ? ["", "config = pulumi.Config()"] : [];
    return `${[...headerLines(origin, protect).map((l) => `# ${l}`), "", "import pulumi", `import ${PYTHON_MODULE} as sbc`, ...config, "", resources.join("\n\n")].join("\n")}\n`;
  },
};

/** A fleet in Python: one provider per SBC, the fleet's login from stack config `sbc:*`, then every site's resources. */
export const pythonFleet: FleetLayout = {
  providerVariable: (site) => `provider_${identifier(site)}`,
  sharedSetting: (key, secret) => `sbc_config.${secret ? "require_secret" : "require"}(${JSON.stringify(key)})`,
  program(header: string[], providers: FleetProvider[], resources: string[], secrets: readonly SecretSetting[]): string {
    const config = secrets.length > 0 ? ["config = pulumi.Config()"] : [];
    const declared = providers.map((p) => `${p.variable} = ${call("sbc.Provider", JSON.stringify(p.name), p.settings.map(([k, v]) => [pyName(k), v]))}`);
    return `${[
      ...header.map((l) => `# ${l}`),
      "",
      "import pulumi",
      `import ${PYTHON_MODULE} as sbc`,
      "",
      ...config,
      'sbc_config = pulumi.Config("sbc")',
      "",
      declared.join("\n\n"),
      "",
      resources.join("\n\n"),
    ].join("\n")}\n`;
  },
};

/** The Python project: Pulumi.yaml (a virtualenv `venv`), requirements.txt, __main__.py. */
export function pythonProjectFiles(name: string, program: string, about: string, version: string): Map<string, string> {
  return new Map([
    ["Pulumi.yaml", `name: ${name}\nruntime:\n  name: python\n  options:\n    virtualenv: venv\ndescription: The configuration of ${about}, exported by sbc-export\n`],
    [
      "requirements.txt",
      `pulumi${PYTHON_PULUMI_REQUIREMENT}\n# The SDK of the sbc plugin ${version}: not on PyPI; pip install the wheel built from pulumi-oracle-sbc (npm run build:python)\n${PYTHON_DISTRIBUTION}==${version}\n`,
    ],
    ["__main__.py", program],
  ]);
}
