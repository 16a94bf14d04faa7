/**
 * What `verify-config` reports about a configuration: references that name no instance (a
 * sip-interface whose realm-id names no realm-config, a tls-profile naming a missing
 * certificate-record, …; wildcards `*` and empty values refer to nothing and are fine), and two
 * elements taking the same address and port (client/catalog/portClaims.ts).
 */
import { Catalog } from "../client/catalog/catalog";
import { collide, PORT_CLAIMING_TYPES, PortClaim, portClaims } from "../client/catalog/portClaims";
import { ElementTypeSpec } from "../client/catalog/schema";
import { ConfigElement } from "../client/types";
import { Configuration, describeKey } from "./configStore";

function referenceValue(elementType: string, value: string): string {
  // realm-config network-interfaces name interfaces as "name:sub-port-id".
  return elementType === "network-interface" ? value.split(":")[0] : value;
}

function exists(config: Configuration, elementType: string, attribute: string, value: string): boolean {
  return (config.get(elementType) ?? []).some((e) => {
    const v = e.attributes[attribute];
    return Array.isArray(v) ? v.includes(value) : v === value;
  });
}

function checkElement(config: Configuration, spec: ElementTypeSpec, element: ConfigElement, owner: string, out: string[]): void {
  for (const attr of spec.attributes) {
    if (!attr.references) continue;
    const raw = element.attributes[attr.name];
    for (const value of Array.isArray(raw) ? raw : [raw ?? ""]) {
      if (value === "" || value === "*") continue;
      const target = referenceValue(attr.references.elementType, value);
      if (!exists(config, attr.references.elementType, attr.references.attribute, target)) {
        out.push(`ERROR: ${owner} ${attr.name} references ${attr.references.elementType} "${target}", which does not exist`);
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
  for (const type of PORT_CLAIMING_TYPES) {
    const spec = catalog.get(type);
    if (!spec) continue;
    for (const element of config.get(type) ?? []) {
      const owner = describeKey(spec, element);
      const claims = portClaims(element);
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
