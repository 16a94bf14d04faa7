/**
 * What `verify-config` reports about a configuration: references that name no instance (a
 * sip-interface whose realm-id names no realm-config, a tls-profile naming a missing
 * certificate-record, …; wildcards `*` and empty values refer to nothing and are fine), and two
 * elements taking the same address and port (client/catalog/portClaims.ts).
 */
import { Catalog } from "../client/catalog/catalog";
import { collide, PortClaim, portClaims } from "../client/catalog/portClaims";
import { ElementTypeSpec } from "../client/catalog/schema";
import { referenceOf } from "../client/catalog/references";
import { ConfigElement, valueList } from "../client/types";
import { Configuration, describeKey } from "./configStore";

function exists(config: Configuration, elementType: string, attribute: string, value: string): boolean {
  return (config.get(elementType) ?? []).some((e) => {
    const v = e.attributes[attribute];
    return Array.isArray(v) ? v.includes(value) : v === value;
  });
}

function checkElement(config: Configuration, spec: ElementTypeSpec, element: ConfigElement, owner: string, out: string[]): void {
  for (const attr of spec.attributes) {
    if (!attr.references) continue;
    for (const value of valueList(element.attributes[attr.name])) {
      const target = referenceOf(attr, value);
      if (target && !exists(config, target.reference.elementType, target.reference.attribute, target.key)) {
        out.push(`ERROR: ${owner} ${attr.name} references ${target.reference.elementType} "${target.key}", which does not exist`);
      }
    }
  }
  for (const sub of element.subElements) {
    const subSpec = spec.subElements?.find((s) => s.name === sub.elementType);
    if (subSpec) checkElement(config, subSpec, sub, `${owner} › ${describeKey(subSpec, sub)}`, out);
  }
}

/** Two different elements taking a port in common: one line per pair. */
function checkPortClaims(catalog: Catalog, config: Configuration, out: string[]): void {
  const seen: { owner: string; claim: PortClaim }[] = [];
  for (const spec of catalog.types().filter((t) => t.portClaims)) {
    for (const element of config.get(spec.name) ?? []) {
      const owner = describeKey(spec, element);
      const claims = portClaims(spec, element);
      for (const claim of claims) {
        const other = seen.find((s) => s.owner !== owner && collide(s.claim, claim));
        if (other) out.push(`ERROR: ${owner} ${claim.what} takes a port that ${other.owner} ${other.claim.what} already takes`);
      }
      seen.push(...claims.map((claim) => ({ owner, claim })));
    }
  }
}

/** One line per dangling reference or port taken twice; [] when the configuration verifies clean. */
export function verifyConfiguration(catalog: Catalog, config: Configuration): string[] {
  const out: string[] = [];
  for (const [type, elements] of config) {
    const spec = catalog.get(type);
    if (!spec) continue;
    for (const element of elements) checkElement(config, spec, element, describeKey(spec, element), out);
  }
  checkPortClaims(catalog, config, out);
  return out;
}
