/**
 * The exported program in TypeScript (index.ts), through the dynamic provider's typed classes:
 * `new sbc.RealmConfig("realm_core", { … })`, references as outputs (`realmCore.identifier`),
 * joined keys through `pulumi.interpolate`, secrets from `new pulumi.Config()`.
 */
import { headerLines, RenderedResource, SecretSetting, Syntax } from "./syntax";
import { variableNameOf } from "./naming";

/** An object literal on one line; an entry without a name is written as its value alone (a spread). */
export function inline(entries: [string, string][]): string {
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => (k === "" ? v : `${k}: ${v}`)).join(", ")} }`;
}

/** Entries keyed by SBC attribute names, quoted; a spread keeps its empty name. */
const quoted = (entries: [string, string][]): [string, string][] => entries.map(([k, v]) => [k === "" ? "" : JSON.stringify(k), v]);

export function list(items: string[]): string {
  return `[\n${items.map((item) => `    ${item},`).join("\n")}\n  ]`;
}

/** An object literal over lines; an entry without a name is written as its value alone (`connection`, a spread). */
export function block(entries: [string, string][], indent: string): string {
  return `{\n${entries.map(([k, v]) => `${indent}  ${k === "" ? v : `${k}: ${v}`},`).join("\n")}\n${indent}}`;
}

export const typescriptSyntax: Syntax = {
  property: (camelName) => camelName,
  variable: variableNameOf,
  string: (value) => JSON.stringify(value),
  integer: (value) => String(Number(value)),
  boolean: (value) => String(value),
  values: (items) => `[${items.join(", ")}]`,
  subElements: list,
  subElement: (_typeName, entries) => inline(entries),
  map: (entries) => inline(quoted(entries)),
  attributes: (entries) => block(quoted(entries), "  "),
  record: inline,
  genericSecrets: (names, subElements) =>
    subElements
      ? [["secrets", `{ attributes: [${names.map((n) => JSON.stringify(n)).join(", ")}], subElements: true }`]]
      : names.length > 0
        ? [["secretAttributeNames", `[${names.map((n) => JSON.stringify(n)).join(", ")}]`]]
        : [],
  genericKeyOutput: true,
  output: (variable, property) => `${variable}.${property}`,
  joined: (parts, prefix = "") => `pulumi.interpolate\`${prefix.replace(/[`\\$]/g, "\\$&")}${parts.map((p) => `\${${p.variable}.${p.property}}`).join(":")}\``,
  secret: (key, multiValued) => (multiValued ? `config.requireSecretObject<string[]>(${JSON.stringify(key)})` : `config.requireSecret(${JSON.stringify(key)})`),
  resource: (r: RenderedResource) => {
    const options: [string, string][] = [...(r.protect ? [["protect", "true"] as [string, string]] : []), ...(r.dependsOn.length > 0 ? [["dependsOn", `[${r.dependsOn.join(", ")}]`] as [string, string]] : [])];
    return `${r.referenced ? `const ${r.variable} = ` : ""}new sbc.${r.className}(${JSON.stringify(r.resourceName)}, ${block(r.entries, "")}${options.length > 0 ? `, ${inline(options)}` : ""});`;
  },
  program(origin: string | undefined, resources: string[], secrets: readonly SecretSetting[], usesPulumi: boolean, protect: boolean): string {
    const imports = [...(usesPulumi ? ['import * as pulumi from "@pulumi/pulumi";'] : []), 'import * as sbc from "pulumi-oracle-sbc";'];
    const config = secrets.length > 0 ? ["", "const config = new pulumi.Config();"] : [];
    return `${[...headerLines(origin, protect).map((l) => `// ${l}`), "", ...imports, ...config, "", resources.join("\n\n")].join("\n")}\n`;
  },
};
