/**
 * What `verify-config` reports about a configuration: references that name no instance (a
 * sip-interface whose realm-id names no realm-config, a tls-profile naming a missing
 * certificate-record, …). Wildcards (`*`) and empty values refer to nothing and are fine.
 */
import { Catalog } from "../client/catalog/catalog";
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

/** One line per dangling reference; [] when the configuration verifies clean. */
export function verifyConfiguration(catalog: Catalog, config: Configuration): string[] {
  const out: string[] = [];
  for (const [type, elements] of config) {
    const spec = catalog.get(type);
    if (!spec) continue;
    for (const element of elements) checkElement(config, spec, element, describeKey(spec, element), out);
  }
  return out;
}
