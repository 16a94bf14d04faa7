/**
 * Walking a configuration (element type → elements, as the emulator's stores hold it) by the
 * catalog: every element and sub-element with its type's spec, and every value an attribute's
 * reference table makes a reference, resolved by hand — not through the emulator's verify, so that
 * a seed test checks verify rather than trusting it.
 */
import { Catalog } from "../../client/catalog/catalog";
import { referenceOf } from "../../client/catalog/references";
import { AttributeReference, ElementTypeSpec, subElementSpec } from "../../client/catalog/schema";
import { ConfigElement, valueList } from "../../client/types";

export type Configuration = ReadonlyMap<string, readonly ConfigElement[]>;

export interface Visited {
  spec: ElementTypeSpec;
  element: ConfigElement;
  /** `local-policy › policy-attribute`: the types from the top-level element down. */
  path: string;
}

/** Every element and sub-element, at every depth, with its spec; an element type the catalog does not know throws. */
export function everyElement(catalog: Catalog, config: Configuration): Visited[] {
  const out: Visited[] = [];
  const visit = (spec: ElementTypeSpec, element: ConfigElement, path: string): void => {
    out.push({ spec, element, path });
    for (const child of element.subElements) {
      const childSpec = subElementSpec(spec, child.elementType);
      if (!childSpec) throw new Error(`${path} holds a ${child.elementType}, which the catalog does not know there`);
      visit(childSpec, child, `${path} › ${child.elementType}`);
    }
  };
  for (const [type, elements] of config) {
    const spec = catalog.get(type);
    if (!spec) throw new Error(`the configuration holds ${type} elements, which the catalog does not know`);
    for (const element of elements) visit(spec, element, type);
  }
  return out;
}

export interface ReferenceUse {
  /** `realm-config.network-interfaces`. */
  attribute: string;
  value: string;
  reference: AttributeReference;
  /** Whether an element of the referenced type has the named key (and, behind a separator, the rest of it). */
  resolves: boolean;
}

/**
 * Every reference the configuration makes. A value behind a separator (`M00:0`) names its element
 * by all of its keys: the network-interface `M00` with sub-port-id `0`.
 */
export function referenceUses(catalog: Catalog, config: Configuration): ReferenceUse[] {
  const uses: ReferenceUse[] = [];
  for (const { spec, element } of everyElement(catalog, config)) {
    for (const attr of spec.attributes) {
      if (!attr.references) continue;
      for (const value of valueList(element.attributes[attr.name])) {
        const target = referenceOf(attr, value);
        if (!target) continue;
        const { reference } = target;
        const referenced = catalog.get(reference.elementType)!;
        const restKeys = referenced.attributes.filter((a) => a.key && a.name !== reference.attribute);
        const rest = reference.separator !== undefined ? target.keys.split(reference.separator).slice(1) : [];
        const resolves = (config.get(reference.elementType) ?? []).some((candidate) =>
          valueList(candidate.attributes[reference.attribute]).includes(target.key) &&
          rest.every((part, i) => restKeys[i] !== undefined && valueList(candidate.attributes[restKeys[i].name]).includes(part)));
        uses.push({ attribute: `${spec.name}.${attr.name}`, value, reference, resolves });
      }
    }
  }
  return uses;
}
