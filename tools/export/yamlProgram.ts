/**
 * The exported program in Pulumi YAML (its Main.yaml, the project's Pulumi.yaml), through the native
 * plugin's schema: one entry per element under `resources:` with `type: sbc:RealmConfig`,
 * properties in the schema's camelCase, references as `${realm_core.identifier}` (joined keys as
 * one interpolated string), secrets declared under `config:` as secret and read as `${key}`.
 * yamlProjectFiles splits it: the header and config into Pulumi.yaml, the resources into Main.yaml.
 * Values are written in YAML's JSON-compatible flow style, so every string is quoted as JSON.
 */
import { FleetLayout, FleetProvider, headerLines, RenderedResource, SecretSetting, Syntax } from "./syntax";

/** A mapping in flow style, its keys quoted as JSON (YAML has no spread: a YAML program never asks for one). */
const flow = (entries: [string, string][]): string => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`;

/** A literal string as Pulumi YAML reads it: `${` starts an interpolation unless written `$${`. */
const text = (value: string): string => JSON.stringify(value.replace(/\$\{/g, "$${"));

export const yamlSyntax: Syntax = {
  property: (camelName) => camelName,
  variable: (resourceName) => resourceName,
  string: text,
  integer: (value) => String(Number(value)),
  boolean: (value) => String(value),
  values: (items) => `[${items.join(", ")}]`,
  subElements: (items) => `[${items.join(", ")}]`,
  subElement: (_typeName, entries) => flow(entries),
  map: flow,
  attributes: flow,
  record: flow,
  genericSecrets: () => [],
  genericKeyOutput: false,
  output: (variable, property) => JSON.stringify(`\${${variable}.${property}}`),
  joined: (parts, prefix = "") => JSON.stringify(prefix.replace(/\$/g, "$$$$") + parts.map((p) => `\${${p.variable}.${p.property}}`).join(":")),
  secret: (key) => JSON.stringify(`\${${key}}`),
  resource: (r: RenderedResource) =>
    [
      `  ${r.resourceName}:`,
      `    type: sbc:${r.className}`,
      "    properties:",
      ...r.entries.map(([k, v]) => `      ${k}: ${v}`),
      ...(r.provider || r.protect || r.dependsOn.length > 0 ? ["    options:"] : []),
      ...(r.provider ? [`      provider: ${JSON.stringify(`\${${r.provider}}`)}`] : []),
      ...(r.protect ? ["      protect: true"] : []),
      ...(r.dependsOn.length > 0 ? ["      dependsOn:", ...r.dependsOn.map((d) => `        - ${JSON.stringify(`\${${d}}`)}`)] : []),
    ].join("\n"),
  program(origin: string | undefined, resources: string[], secrets: readonly SecretSetting[], _usesPulumi: boolean, protect: boolean): string {
    return layout(headerLines(origin, protect), resources, secrets);
  },
};

/** The secrets declared as secret config, then the resources. */
function layout(header: string[], resources: string[], secrets: readonly SecretSetting[]): string {
  const config = secrets.flatMap((s) => [
    `  ${s.key}:`,
    ...(Array.isArray(s.value) ? ["    type: array", "    items:", "      type: string"] : ["    type: string"]),
    "    secret: true",
  ]);
  return `${[...header.map((l) => `# ${l}`), ...(config.length > 0 ? ["config:", ...config] : []), "resources:", resources.join("\n")].join("\n")}\n`;
}

/**
 * A fleet in YAML: one `pulumi:providers:sbc` resource per SBC, named after its site, the fleet's
 * login read from stack config as `${sbc:username}` (a project's config block cannot declare
 * another namespace's keys, but the program may read them), then every site's resources.
 */
export const yamlFleet: FleetLayout = {
  providerVariable: (site) => site,
  sharedSetting: (key) => JSON.stringify(`\${sbc:${key}}`),
  program(header: string[], providers: FleetProvider[], resources: string[], secrets: readonly SecretSetting[]): string {
    const declared = providers.map((p) =>
      [`  ${p.name}:`, "    type: pulumi:providers:sbc", "    properties:", ...p.settings.map(([k, v]) => `      ${k}: ${v}`)].join("\n"),
    );
    return layout(header, [...declared, ...resources], secrets);
  },
};

/**
 * The YAML project: Pulumi.yaml the project's name, runtime, header and the secret config it
 * declares; Main.yaml, which pulumi-yaml reads as the program before Pulumi.yaml, the resources.
 * Every pulumi command parses Pulumi.yaml, even `config set`: with a production SBC's 2,900
 * resources in it (1.6 MB) each took seconds, and `config set-all` of 60 secrets took 56 s (2 s
 * without them), for the hundreds of lines sbc-export prints.
 */
export function yamlProjectFiles(name: string, program: string, about: string): Map<string, string> {
  const at = program.search(/^resources:$/m);
  return new Map([
    ["Pulumi.yaml", `name: ${name}\nruntime: yaml\ndescription: The configuration of ${about}, exported by sbc-export\n${program.slice(0, at)}`],
    ["Main.yaml", `# The program of project ${name} (Pulumi.yaml), which declares the secret config it reads.\n${program.slice(at)}`],
  ]);
}
