/**
 * The shapes a ConfigElement resource has in Pulumi state — its inputs (what the program says)
 * and outputs (the element as the SBC returned it, plus what delete and refresh need) — and the
 * helpers that read them: the unknown marker, conversions, and the readable resource id.
 */
import { ElementTypeSpec } from "../../../client/catalog/schema";
import { Attributes, ConfigElement, KeyValues, valueList } from "../../../client/types";
import { ConnectionSettings } from "../connection/connection";

/** Pulumi's marker for a value not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** A sub-element as a program writes it. */
export interface SubElementInput {
  elementType: string;
  attributes: Attributes;
  subElements?: SubElementInput[];
}

export interface ElementInputs {
  elementType: string;
  attributes: Attributes;
  /** The attributes marked secret, kept apart so that they alone are secret (secretAttributes.ts). */
  secretAttributes?: Attributes;
  /** Absent: the program does not manage sub-elements; a list (even empty): it manages all of them. */
  subElements?: SubElementInput[];
  /** Take over an existing element with the same key instead of failing with 409. */
  adopt?: boolean;
  /** Connection settings other than the password. */
  connection?: ConnectionSettings;
  /** The connection password, kept apart so that it alone is secret. */
  connectionPassword?: string;
  /** The SDM password, secret likewise. */
  sdmPassword?: string;
  /** The declaring resource (`sbc:RealmConfig::core`), so that two resources cannot claim one element. */
  owner?: string;
  /** Set by the native front end: `connection` is its provider's config (stack config or an explicit provider), not the resource's own. */
  connectionFromProvider?: boolean;
}

/**
 * What a resource's outputs hold (docs/state.md): what diff, update, delete,
 * refresh and sbc-drift need, each once. Every checkpoint the engine writes holds every
 * resource's outputs, so a byte here is paid (steps × resources) times per run.
 */
export interface ElementOutputs {
  elementType: string;
  /** Key attribute values that identify the element on the SBC ({} for a singleton). */
  key: KeyValues;
  /** The attributes the program sets (not the secret ones), as the SBC returned them. */
  attributes: Attributes;
  /** The secret attributes the program sets, as the SBC returned them. */
  secretAttributes?: Attributes;
  /** The sub-elements as the SBC returned them; present only when the program manages them. */
  subElements?: SubElementInput[];
  /** The connection as the resource gives it, for delete and refresh, which get nothing else. */
  connection?: ConnectionSettings;
  connectionPassword?: string;
  sdmPassword?: string;
  /**
   * Outputs written by 0.1.0 (every attribute the SBC returned, and these beside them), or read by a
   * native import (which records every attribute, its program keeping what is off the defaults): the
   * attributes the program set and whether it managed the sub-elements.
   */
  managedAttributes?: string[];
  managesSubElements?: boolean;
  /**
   * Written by a refresh (or by the native plugin, whose state holds every property it has):
   * `attributes`, and the sub-elements, also hold what the SBC holds off its default where the
   * program leaves it out, which the next update puts back to its default. Absent in outputs
   * written by 0.1.0, whose every attribute was recorded but only those the program sets count.
   */
  recordsOffDefaults?: boolean;
  /** Copies of the inputs that refresh, which gets the outputs alone, must give back. */
  adopt?: boolean;
  owner?: string;
}

/** The attributes the program set when the outputs were written (so that dropping one resets it). */
export function managedAttributesOf(outputs: ElementOutputs): string[] {
  return outputs.managedAttributes ?? [...Object.keys(outputs.attributes ?? {}), ...Object.keys(outputs.secretAttributes ?? {})];
}

/** The recorded sub-elements when the program managed them when the outputs were written; else undefined. */
export function managedSubElementsOf(outputs: ElementOutputs): SubElementInput[] | undefined {
  const managed = outputs.managesSubElements ?? outputs.subElements !== undefined;
  return managed ? (outputs.subElements ?? []) : undefined;
}

/**
 * Of each sub-element (matched by position), the attributes `shape`'s sub-element at that position
 * has, at every depth; sub-elements beyond `shape`'s keep every attribute, so that an added one shows.
 */
export function projectSubElements(subs: readonly SubElementInput[], shape: readonly SubElementInput[]): SubElementInput[] {
  return subs.map((sub, i) => {
    const like = shape[i];
    if (!like) return sub;
    const attributes = Object.fromEntries(Object.keys(like.attributes ?? {}).filter((name) => name in sub.attributes).map((name) => [name, sub.attributes[name]]));
    return { elementType: sub.elementType, attributes, subElements: projectSubElements(sub.subElements ?? [], like.subElements ?? []) };
  });
}

/**
 * Sub-elements in the order the SBC keeps them: grouped by type in the order its catalog entry
 * lists the types (types it does not list after them, in the order given), each type's items in
 * the order given, which the SBC keeps (rules run in that order). A program that lists two types
 * interleaved is then not a difference from what the SBC returns at every later run.
 */
export function inSbcOrder(spec: ElementTypeSpec | undefined, subs: readonly SubElementInput[]): SubElementInput[] {
  if (containsUnknown(subs)) return subs as SubElementInput[];
  const rank = (type: string): number => {
    const index = spec?.subElements?.findIndex((s) => s.name === type) ?? -1;
    return index >= 0 ? index : (spec?.subElements?.length ?? 0) + subs.findIndex((s) => s.elementType === type);
  };
  return subs
    .map((sub, i) => ({ sub, i, rank: rank(sub.elementType) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ sub }) => {
      const subSpec = spec?.subElements?.find((s) => s.name === sub.elementType);
      return sub.subElements?.length ? { ...sub, subElements: inSbcOrder(subSpec, sub.subElements) } : sub;
    });
}

export function toConfigElement(elementType: string, attributes: Attributes, subElements: SubElementInput[] = []): ConfigElement {
  return {
    elementType,
    attributes,
    subElements: subElements.map((s) => toConfigElement(s.elementType, s.attributes, s.subElements)),
  };
}

export function fromConfigElement(element: ConfigElement): SubElementInput {
  return {
    elementType: element.elementType,
    attributes: element.attributes,
    subElements: element.subElements.map(fromConfigElement),
  };
}

/** `realm-config/identifier=core`, or the type alone for a singleton. */
export function elementId(elementType: string, key: KeyValues): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(key)) for (const v of valueList(value)) query.append(name, v);
  const text = query.toString();
  return text ? `${elementType}/${text}` : elementType;
}
