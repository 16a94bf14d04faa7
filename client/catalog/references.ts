/**
 * What an attribute value names by the catalog's reference table: `realm-id: core` names the
 * realm-config `core`; a next-hop `SAG:carrier-a` names the session-group `carrier-a` (prefix);
 * a realm's network-interface `M00:0` names the network-interface `M00` (separator). Empty values
 * and the wildcard `*` name nothing. The emulator's verify, the export's ordering and the
 * provider's ordering of a commit all read references through here.
 */
import { AttributeReference, AttributeSpec } from "./schema";

export interface ReferenceTarget {
  reference: AttributeReference;
  /** The value of the referenced type's key attribute that the value names. */
  key: string;
  /** The value without its prefix: all key values of the element joined by the separator (`M00:0`). */
  keys: string;
}

/** The element `value` of `attr` names, if any. */
export function referenceOf(attr: AttributeSpec, value: string): ReferenceTarget | undefined {
  if (value === "" || value === "*" || !attr.references) return undefined;
  // The SBC reads a prefix in either case (SAG: and sag:, LRT: and lrt:).
  const prefixed = attr.references.find((r) => r.prefix !== undefined && value.toLowerCase().startsWith(r.prefix.toLowerCase()));
  const reference = prefixed ?? attr.references.find((r) => r.prefix === undefined);
  if (!reference) return undefined;
  const keys = prefixed ? value.slice(prefixed.prefix!.length) : value;
  const key = reference.separator !== undefined ? keys.split(reference.separator)[0] : keys;
  return key === "" ? undefined : { reference, key, keys };
}

/** `realm-config (identifier)`, `session-group (group-name, as SAG:<group-name>)`, for docs and help. */
export function describeReferences(references: readonly AttributeReference[]): string {
  return references
    .map((r) => `${r.elementType} (${r.attribute}${r.prefix ? `, as ${r.prefix}<${r.attribute}>` : ""}${r.separator ? `, as <${r.attribute}>${r.separator}…` : ""})`)
    .join(" or ");
}
