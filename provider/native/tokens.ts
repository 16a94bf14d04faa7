/**
 * How the native plugin names things: the Pulumi package `sbc`, one resource token per element
 * type (`sbc:index:RealmConfig`), one object type per sub-element type (`sbc:index:SipPort`), and
 * each attribute and sub-element list by the typed classes' camelCase names (argNames.ts), so a
 * YAML program, a TypeScript program and an import all spell a property the same way.
 */
import { Catalog } from "../../client/catalog/catalog";
import { AttributeSpec, ElementTypeSpec } from "../../client/catalog/schema";
import { argName, subElementArg, typeNameOf } from "../core/elements/argNames";

export const PACKAGE = "sbc";

/** The token of a type by its type name (`RealmConfig`, `SipPort`): see typeNameOf and subElementTypeNames. */
export function tokenOf(typeName: string): string {
  return `${PACKAGE}:index:${typeName}`;
}

/** The resource token of an element type. */
export function resourceTokenOf(elementType: string): string {
  return tokenOf(typeNameOf(elementType));
}

/** The element type a resource token names in `catalog`, if any. */
export function elementTypeOfToken(catalog: Catalog, token: string): ElementTypeSpec | undefined {
  return catalog.types().find((spec) => resourceTokenOf(spec.name) === token);
}

/** An attribute as a native property. */
export interface AttributeProperty {
  prop: string;
  attr: AttributeSpec;
}

/** A sub-element type as a native list property. */
export interface SubElementProperty {
  prop: string;
  spec: ElementTypeSpec;
}

/** Key attributes first, as the typed classes order them. */
export function attributeProperties(spec: ElementTypeSpec): AttributeProperty[] {
  const ordered = [...spec.attributes.filter((a) => a.key), ...spec.attributes.filter((a) => !a.key)];
  return ordered.map((attr) => ({ prop: argName(attr), attr }));
}

export function subElementProperties(spec: ElementTypeSpec): SubElementProperty[] {
  return (spec.subElements ?? []).map((sub) => ({ prop: subElementArg(sub), spec: sub }));
}

/** The resource input that is no attribute: take over an existing element instead of failing with 409. */
export const ADOPT = "adopt";

export { EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS } from "../core/elements/argNames";

/** The generic resource, for any element type the SBC has: `sbc:index:ConfigElement`, and the object type of its sub-elements. */
export const CONFIG_ELEMENT = "ConfigElement";
export const SUB_ELEMENT = "SubElement";
