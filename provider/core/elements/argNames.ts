/**
 * How the typed classes name things: an attribute's camelCase arg and output (`realm-id` →
 * `realmId`), a sub-element list arg (`sipPorts`). The code generator writes the classes by these
 * rules and sbc-export writes programs against them; this module ships in the package (the
 * generator does not), so the exporter reads the rules from here.
 */
import { AttributeSpec, ElementTypeSpec } from "../../../client/catalog/schema";

/**
 * Every typed resource's and sub-element's property for the attributes the catalog does not list
 * for its type (issue 31), by the SBC's own names, and for sub-elements of types it does not list.
 */
export const EXTRA_ATTRIBUTES = "extraAttributes";
export const EXTRA_SUB_ELEMENTS = "extraSubElements";

/** Properties a ConfigElement (or any custom resource) has already; attributes named so get a suffix. */
const RESERVED = new Set(["id", "urn", "elementType", "attributes", "subElements", "key", "adopt", "connection", "getProvider", EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS]);

export function camelCase(name: string): string {
  return name.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/** The camelCase arg (and output) name of an attribute in the typed classes. */
export function argName(attr: AttributeSpec): string {
  const name = camelCase(attr.name);
  return RESERVED.has(name) ? `${name}Attribute` : name;
}

/** English plurals, as a list property reads: entry → entries, address → addresses; a plural stays. */
function plural(name: string): string {
  if (/s$/.test(name)) return name;
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(x|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

/** The list arg of a sub-element type (`sipPorts`). */
export function subElementArg(sub: ElementTypeSpec): string {
  return plural(camelCase(sub.name));
}

/** `realm-config` → `RealmConfig`. */
export function typeNameOf(elementType: string): string {
  return elementType
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

/** What makes two sub-element types the same object type: names and shapes, not where they were read. */
function shapeOf(spec: ElementTypeSpec): unknown {
  return {
    name: spec.name,
    singleton: spec.singleton,
    attributes: spec.attributes.map(({ name, valueType, defaultValue, validValues, min, max, maxLength, multiValued, required, key, secret, references }) =>
      ({ name, valueType, defaultValue, validValues, min, max, maxLength, multiValued, required, key, secret, references })),
    subElements: (spec.subElements ?? []).map(shapeOf),
  };
}

/**
 * The type name of every sub-element type of `types` (the typed classes' `<Name>Args`, the
 * schema's object types): its own (`SipPort`), or its parent's and its own
 * (`SipResponseMapEntries`, `PlaybackConfigEntries`) where another sub-element type of that name
 * sits under another top-level type or has another shape, or a top-level type has the name. One
 * shape under two parents of one top-level type (sip-manipulation's mime-header-rule) is one type.
 */
export function subElementTypeNames(types: readonly ElementTypeSpec[]): Map<ElementTypeSpec, string> {
  const occurrences: { spec: ElementTypeSpec; parent: ElementTypeSpec; top: string }[] = [];
  const walk = (parent: ElementTypeSpec, top: string): void => {
    for (const sub of parent.subElements ?? []) {
      occurrences.push({ spec: sub, parent, top });
      walk(sub, top);
    }
  };
  for (const t of types) walk(t, t.name);
  const seen = new Map<string, Set<string>>();
  for (const { spec, top } of occurrences) seen.set(spec.name, (seen.get(spec.name) ?? new Set()).add(`${top} ${JSON.stringify(shapeOf(spec))}`));
  const topLevel = new Set(types.map((t) => t.name));
  return new Map(
    occurrences.map(({ spec, parent }) => [
      spec,
      seen.get(spec.name)!.size > 1 || topLevel.has(spec.name) ? `${typeNameOf(parent.name)}${typeNameOf(spec.name)}` : typeNameOf(spec.name),
    ]),
  );
}
