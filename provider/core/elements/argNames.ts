/**
 * How the typed classes name things: an attribute's camelCase arg and output (`realm-id` →
 * `realmId`), a sub-element list arg (`sipPorts`). The code generator writes the classes by these
 * rules and sbc-export writes programs against them; this module ships in the package (the
 * generator does not), so the exporter reads the rules from here.
 */
import { AttributeSpec, ElementTypeSpec } from "../../../client/catalog/schema";

/** Properties a ConfigElement (or any custom resource) has already; attributes named so get a suffix. */
const RESERVED = new Set(["id", "urn", "elementType", "attributes", "subElements", "key", "adopt", "connection", "getProvider"]);

export function camelCase(name: string): string {
  return name.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/** The camelCase arg (and output) name of an attribute in the typed classes. */
export function argName(attr: AttributeSpec): string {
  const name = camelCase(attr.name);
  return RESERVED.has(name) ? `${name}Attribute` : name;
}

function plural(name: string): string {
  return name.endsWith("s") ? name : `${name}s`;
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
