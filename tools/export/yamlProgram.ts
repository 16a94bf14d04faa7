/**
 * The exported program in Pulumi YAML (the whole program is its Pulumi.yaml), through the native
 * plugin's schema: one entry per element under `resources:` with `type: sbc:RealmConfig`,
 * properties in the schema's camelCase, references as `${realm_core.identifier}` (joined keys as
 * one interpolated string), secrets declared under `config:` as secret and read as `${key}`.
 * The program is the project file's body: yamlProjectFiles puts the project's name before it.
 * Values are written in YAML's JSON-compatible flow style, so every string is quoted as JSON.
 */
import { headerLines, RenderedResource, SecretSetting, Syntax } from "./syntax";

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
  subElement: (_typeName, entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`,
  output: (variable, property) => JSON.stringify(`\${${variable}.${property}}`),
  joined: (parts, prefix = "") => JSON.stringify(prefix.replace(/\$/g, "$$$$") + parts.map((p) => `\${${p.variable}.${p.property}}`).join(":")),
  secret: (key) => JSON.stringify(`\${${key}}`),
  resource: (r: RenderedResource) =>
    [
      `  ${r.resourceName}:`,
      `    type: sbc:${r.className}`,
      "    properties:",
      ...r.entries.map(([k, v]) => `      ${k}: ${v}`),
      ...(r.protect ? ["    options:", "      protect: true"] : []),
    ].join("\n"),
  program(origin: string | undefined, resources: string[], secrets: readonly SecretSetting[], _usesPulumi: boolean, protect: boolean): string {
    const config = secrets.flatMap((s) => [
      `  ${s.key}:`,
      ...(Array.isArray(s.value) ? ["    type: array", "    items:", "      type: string"] : ["    type: string"]),
      "    secret: true",
    ]);
    return `${[
      ...headerLines(origin, protect).map((l) => `# ${l}`),
      ...(config.length > 0 ? ["config:", ...config] : []),
      "resources:",
      resources.join("\n"),
    ].join("\n")}\n`;
  },
};

/** The YAML project: Pulumi.yaml alone, the project's name and runtime before the program. */
export function yamlProjectFiles(name: string, program: string, about: string): Map<string, string> {
  return new Map([["Pulumi.yaml", `name: ${name}\nruntime: yaml\ndescription: The configuration of ${about}, exported by sbc-export\n${program}`]]);
}
