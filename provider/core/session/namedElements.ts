/**
 * Which elements a change names by the catalog's references (client/catalog/references.ts): a
 * sip-interface's `realm-id: core` names the realm-config whose identifier is `core`, wherever in
 * the element or its sub-elements the value stands. A program that names elements by plain strings
 * gives Pulumi no dependency, so the session finds them itself when verify fails on one.
 */
import { Catalog } from "../../../client/catalog/catalog";
import { referenceOf } from "../../../client/catalog/references";
import { ElementTypeSpec, subElementSpec } from "../../../client/catalog/schema";
import { ConfigElement, valueList } from "../../../client/types";

/** The element of `elementType` whose `attribute` holds `value`. */
export interface ElementRef {
  elementType: string;
  attribute: string;
  value: string;
}

/** `realm-config "core"`, as verify names it. */
export function describeRef(ref: ElementRef): string {
  return `${ref.elementType} "${ref.value}"`;
}

export function sameRef(a: ElementRef, b: ElementRef): boolean {
  return a.elementType === b.elementType && a.attribute === b.attribute && a.value === b.value;
}

function collect(spec: ElementTypeSpec, element: ConfigElement, out: ElementRef[]): void {
  for (const attr of spec.attributes) {
    if (!attr.references) continue;
    for (const value of valueList(element.attributes[attr.name])) {
      const target = referenceOf(attr, value);
      const ref = target && { elementType: target.reference.elementType, attribute: target.reference.attribute, value: target.key };
      if (ref && !out.some((known) => sameRef(known, ref))) out.push(ref);
    }
  }
  for (const sub of element.subElements) {
    const subSpec = subElementSpec(spec, sub.elementType);
    if (subSpec) collect(subSpec, sub, out);
  }
}

/** Every element `element` names, each once; none for a type outside the catalog. */
export function namedElements(catalog: Catalog, element: ConfigElement): ElementRef[] {
  const spec = catalog.get(element.elementType);
  const out: ElementRef[] = [];
  if (spec) collect(spec, element, out);
  return out;
}

/** Whether `element` is the one `ref` names. */
export function provides(element: ConfigElement, ref: ElementRef): boolean {
  return element.elementType === ref.elementType && valueList(element.attributes[ref.attribute]).includes(ref.value);
}
