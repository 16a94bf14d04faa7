/**
 * Validation of an element's attributes and sub-elements against its type's metadata: unknown
 * attributes, wrong value types, values outside the valid set or range, missing key attributes,
 * duplicate sub-element keys. The emulator answers 400 with these problems; the provider's
 * `check` returns them as check failures, offline, before anything reaches an SBC.
 */
import { isIP } from "node:net";
import { findIllegalXmlChar } from "../xmlCodec";
import { AttributeValue, Attributes, ConfigElement } from "../types";
import { AttributeSpec, BOOKKEEPING_ATTRIBUTES, ElementTypeSpec, keyAttributes, subElementSpec } from "./schema";

export interface ValidationProblem {
  /** Where, e.g. `port` or `sip-port[1].transport-protocol`. */
  path: string;
  reason: string;
  /** For a name the type does not know (attribute or sub-element type): the name given and the names it knows. */
  unknownName?: { given: string; known: string[] };
}

export interface ValidationOptions {
  /** `create` needs every required attribute; `update` checks only what is given. */
  mode: "create" | "update";
  /** Values that are not known yet (Pulumi's preview sentinel) are skipped. */
  isUnknown?: (value: unknown) => boolean;
  /** Accept `last-modified-*` in the input (the SBC ignores them); otherwise they are a problem. */
  allowBookkeeping?: boolean;
}

function isHostname(value: string): boolean {
  return isIP(value) !== 0 || /^(?=.{1,253}$)[A-Za-z0-9_*]([A-Za-z0-9_*-]{0,62})(\.[A-Za-z0-9_-]{1,63})*\.?$/.test(value);
}

function isPrefix(value: string): boolean {
  const [address, length, ...rest] = value.split("/");
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (length === undefined) return true;
  if (!/^\d{1,3}$/.test(length)) return false;
  return Number(length) <= (family === 4 ? 32 : 128);
}

/** Why one value is invalid for the attribute, or undefined when it is fine. */
export function valueProblem(attr: AttributeSpec, value: string): string | undefined {
  const illegal = findIllegalXmlChar(value);
  if (illegal !== undefined) return `contains character U+${illegal.toString(16).toUpperCase().padStart(4, "0")}, which XML cannot carry`;
  // Empty means unset: fine but for a key, an enum (its values say whether "" is one) and an integer
  // that has a default (one with none, which no source gives, is held empty until set).
  if (value === "" && !attr.key && attr.valueType !== "enum" && (attr.valueType !== "integer" || attr.defaultValue === undefined)) return undefined;
  switch (attr.valueType) {
    case "integer": {
      if (!/^-?\d+$/.test(value)) return `must be a whole number, got "${value}"`;
      const n = Number(value);
      if (attr.min !== undefined && n < attr.min) return `must be at least ${attr.min}, got ${value}`;
      if (attr.max !== undefined && n > attr.max) return `must be at most ${attr.max}, got ${value}`;
      return undefined;
    }
    case "enum":
      return attr.validValues && !attr.validValues.includes(value)
        ? `must be one of ${attr.validValues.join(", ")}; got "${value}"`
        : undefined;
    case "ipAddress":
      return isIP(value) === 0 ? `must be an IPv4 or IPv6 address, got "${value}"` : undefined;
    case "ipPrefix":
      return isPrefix(value) ? undefined : `must be an IP address or prefix (a.b.c.d/len), got "${value}"`;
    case "hostname":
      return isHostname(value) ? undefined : `must be a hostname or IP address, got "${value}"`;
    case "string":
      if (attr.key && value.trim() === "") return "is a key attribute and must not be empty";
      return attr.maxLength !== undefined && value.length > attr.maxLength
        ? `must be at most ${attr.maxLength} characters, got ${value.length}`
        : undefined;
  }
}

function attributeProblems(attr: AttributeSpec, value: AttributeValue, path: string, options: ValidationOptions): ValidationProblem[] {
  if (options.isUnknown?.(value)) return [];
  if (Array.isArray(value)) {
    if (!attr.multiValued) return [{ path, reason: `takes a single value, got a list of ${value.length}` }];
    if (attr.key && value.length === 0) return [{ path, reason: "is a key attribute and needs at least one value" }];
    return value.flatMap((v, i) => {
      if (options.isUnknown?.(v)) return [];
      if (typeof v !== "string") return [{ path: `${path}[${i}]`, reason: `must be a string, got ${typeof v}` }];
      const reason = valueProblem(attr, v);
      return reason ? [{ path: `${path}[${i}]`, reason }] : [];
    });
  }
  if (typeof value !== "string") return [{ path, reason: `must be a string${attr.multiValued ? " or a list of strings" : ""}, got ${typeof value}` }];
  const reason = valueProblem(attr, value);
  return reason ? [{ path, reason }] : [];
}

function validateAttributes(spec: ElementTypeSpec, attributes: Attributes, prefix: string, options: ValidationOptions): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const byName = new Map(spec.attributes.map((a) => [a.name, a]));
  for (const [name, value] of Object.entries(attributes)) {
    const path = `${prefix}${name}`;
    const attr = byName.get(name);
    if (attr) {
      problems.push(...attributeProblems(attr, value, path, options));
    } else if (BOOKKEEPING_ATTRIBUTES.includes(name)) {
      if (!options.allowBookkeeping) problems.push({ path, reason: "is maintained by the SBC and cannot be set" });
    } else {
      problems.push({ path, reason: `is not an attribute of ${spec.name}`, unknownName: { given: name, known: [...byName.keys()] } });
    }
  }
  // A key with a default need not be given: the SBC fills it in.
  const mustHave = spec.attributes.filter((a) => a.required && (a.key || options.mode === "create"));
  for (const attr of mustHave) {
    if (!(attr.name in attributes)) {
      problems.push({ path: `${prefix}${attr.name}`, reason: `is ${attr.key ? "a key attribute" : "required"} of ${spec.name} and is missing` });
    }
  }
  return problems;
}

/** Identity of a sub-element among its siblings: its key attribute values. */
export function subElementKey(spec: ElementTypeSpec, element: ConfigElement): string {
  return JSON.stringify(keyAttributes(spec).map((k) => element.attributes[k.name] ?? k.defaultValue ?? null));
}

function validateSubElements(spec: ElementTypeSpec, subElements: ConfigElement[], prefix: string, options: ValidationOptions): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const seen = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const sub of subElements) {
    const index = counts.get(sub.elementType) ?? 0;
    counts.set(sub.elementType, index + 1);
    const path = `${prefix}${sub.elementType}[${index}]`;
    const subSpec = subElementSpec(spec, sub.elementType);
    if (!subSpec) {
      const allowed = spec.subElements?.map((s) => s.name) ?? [];
      problems.push({
        path,
        reason: `is not a sub-element of ${spec.name} (allowed: ${allowed.join(", ") || "none"})`,
        unknownName: { given: sub.elementType, known: allowed },
      });
      continue;
    }
    problems.push(...validateElement(subSpec, sub, `${path}.`, { ...options, mode: "create" }));
    if (keyAttributes(subSpec).some((k) => options.isUnknown?.(sub.attributes[k.name]))) continue;
    const key = subElementKey(subSpec, sub);
    const keys = seen.get(sub.elementType) ?? new Set<string>();
    if (keys.has(key)) problems.push({ path, reason: `duplicates the key ${key} of another ${sub.elementType}` });
    keys.add(key);
    seen.set(sub.elementType, keys);
  }
  return problems;
}

/** Every problem with `element` as an instance of `spec`; [] when it is valid. */
export function validateElement(spec: ElementTypeSpec, element: ConfigElement, prefix = "", options: ValidationOptions = { mode: "create" }): ValidationProblem[] {
  return [
    ...validateAttributes(spec, element.attributes, prefix, options),
    ...validateSubElements(spec, element.subElements, prefix, options),
  ];
}

/** One line per problem, for error messages. */
export function describeProblems(elementType: string, problems: readonly ValidationProblem[]): string[] {
  return problems.map((p) => `${elementType}: ${p.path} ${p.reason}`);
}
