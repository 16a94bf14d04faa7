/**
 * The rules the catalog must keep as a whole, beyond what one file's schema can say: names unique,
 * every reference resolving to a key attribute of a type that exists, defaults valid against their
 * own type and range, single-instance types without keys, source ids that resolve, and every type's
 * example accepted by the type's own checks. One line per problem; [] when the catalog holds.
 */
import { valueList } from "../types";
import { LoadedCatalog } from "./loader";
import { AttributeSpec, ElementTypeSpec, keyAttributes } from "./schema";
import { validateElement, valueProblem } from "./validate";

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
}

function attributeProblems(attr: AttributeSpec, where: string, types: ReadonlyMap<string, ElementTypeSpec>, sources: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const at = `${where} ${attr.name}`;
  for (const id of attr.sources ?? []) if (!sources.has(id)) out.push(`${at}: source "${id}" is not in the file's sources`);
  if (attr.min !== undefined && attr.max !== undefined && attr.min > attr.max) out.push(`${at}: min ${attr.min} is above max ${attr.max}`);
  // An attribute not given is left at its default, or empty where it has none: that value must be valid.
  if (attr.valueType === "enum" && attr.defaultValue === undefined && !attr.key && !attr.required && !attr.multiValued && !attr.validValues?.includes("")) {
    out.push(`${at}: an enum with no default is left empty when not given, so its values must include ""`);
  }
  if (attr.defaultValue !== undefined) {
    if (Array.isArray(attr.defaultValue) !== Boolean(attr.multiValued)) {
      out.push(`${at}: the default of a ${attr.multiValued ? "multi-valued parameter is a list" : "single-valued parameter is one value"}`);
    }
    for (const value of valueList(attr.defaultValue)) {
      // An empty default means unset, which the SBC accepts for any type but a key.
      if (value === "" && !attr.key && attr.valueType !== "enum") continue;
      const problem = valueProblem({ ...attr, key: false }, value);
      if (problem) out.push(`${at}: default ${JSON.stringify(value)} ${problem}`);
    }
  }
  for (const ref of attr.references ?? []) {
    const target = types.get(ref.elementType);
    if (!target) out.push(`${at}: references ${ref.elementType}, which is no type of the catalog`);
    else if (!target.attributes.some((a) => a.name === ref.attribute && a.key)) {
      out.push(`${at}: references ${ref.elementType}.${ref.attribute}, which is no key attribute of ${ref.elementType}`);
    }
  }
  return out;
}

function typeProblems(spec: ElementTypeSpec, where: string, types: ReadonlyMap<string, ElementTypeSpec>, sources: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const name of duplicates(spec.attributes.map((a) => a.name))) out.push(`${where}: parameter ${name} is defined twice`);
  for (const name of duplicates((spec.subElements ?? []).map((s) => s.name))) out.push(`${where}: sub-element ${name} is defined twice`);
  for (const sub of spec.subElements ?? []) {
    if (spec.attributes.some((a) => a.name === sub.name)) out.push(`${where}: ${sub.name} is both a parameter and a sub-element`);
  }
  if (spec.singleton && keyAttributes(spec).length > 0) out.push(`${where}: a single-instance type has no key, but ${keyAttributes(spec).map((k) => k.name).join(", ")} is one`);
  for (const id of spec.sourceIds ?? []) if (!sources.has(id)) out.push(`${where}: source "${id}" is not in the file's sources`);
  for (const attr of spec.attributes) out.push(...attributeProblems(attr, where, types, sources));
  for (const sub of spec.subElements ?? []) out.push(...typeProblems(sub, `${where} › ${sub.name}`, types, sources));
  return out;
}

/** Every way the loaded catalog breaks the rules above. */
export function catalogProblems(catalog: LoadedCatalog): string[] {
  const types = new Map(catalog.types.map((t) => [t.name, t]));
  const out: string[] = [];
  for (const spec of catalog.types) {
    const where = catalog.files.get(spec.name) ?? spec.name;
    const sources = new Set(Object.keys(spec.sources ?? {}));
    out.push(...typeProblems(spec, `${where}: ${spec.name}`, types, sources));
    if (spec.portClaims) {
      const { subElement, ...names } = spec.portClaims;
      const holder = subElement ? spec.subElements?.find((s) => s.name === subElement) : spec;
      if (!holder) out.push(`${where}: portClaims names ${subElement}, which is no sub-element of ${spec.name}`);
      for (const name of Object.values(names)) {
        if (holder && !holder.attributes.some((a) => a.name === name)) out.push(`${where}: portClaims names ${name}, which is no parameter of ${holder.name}`);
      }
    }
    if (!spec.example) {
      out.push(`${where}: ${spec.name} has no example`);
      continue;
    }
    const problems = validateElement(spec, spec.example, "", { mode: "create" });
    for (const p of problems) out.push(`${where}: example: ${p.path} ${p.reason}`);
  }
  return out;
}
