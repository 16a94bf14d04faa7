/**
 * What the generated typed resources (provider/dynamic/resources/) share: turning camelCase, typed args
 * (numbers, enums, lists) into the SBC's kebab-case string attributes for ConfigElement, and
 * turning the element's attributes back into typed outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { AttributeValue } from "../../client/types";
import type { ConfigElement } from "./configElement";
import { SubElementInput } from "../core/elements/elementState";
import { isPlain } from "./plainValues";
import { EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS } from "../core/elements/argNames";

/** How a typed arg maps to an SBC attribute. */
export interface AttributeMapping {
  /** camelCase arg name. */
  arg: string;
  /** kebab-case SBC attribute name. */
  name: string;
  /** `number` args are sent as decimal strings; `list` args are multi-valued. */
  kind: "string" | "number" | "list" | "numberList";
  /** A credential: sent and kept as a Pulumi secret (ConfigElement's `secretAttributes`). */
  secret?: true;
}

/** A sub-element list arg (e.g. `sipPorts`) and the attributes of its type. */
export interface SubElementMapping {
  arg: string;
  elementType: string;
  attributes: AttributeMapping[];
  subElements: SubElementMapping[];
}

type Args = Record<string, unknown>;



function toAttributeValue(kind: AttributeMapping["kind"], value: unknown): AttributeValue {
  if (kind === "list" || kind === "numberList") return (value as unknown[]).map((v) => String(v));
  return String(value);
}

/**
 * Attributes for ConfigElement from typed args; unset args are left out (the SBC keeps its
 * default). `extraAttributes` join them under the SBC's own names; the typed args win a name both give.
 */
export function attributesFromArgs(args: Args, mappings: readonly AttributeMapping[]): pulumi.Input<Record<string, pulumi.Input<AttributeValue>>> {
  const attributes: Record<string, pulumi.Input<AttributeValue>> = {};
  for (const m of mappings) {
    const value = args[m.arg];
    if (value === undefined) continue;
    if (m.kind === "string") attributes[m.name] = value as pulumi.Input<string>;
    else attributes[m.name] = isPlain(value) ? toAttributeValue(m.kind, value) : pulumi.output(value).apply((v) => toAttributeValue(m.kind, v));
  }
  const extra = args[EXTRA_ATTRIBUTES];
  if (extra === undefined) return attributes;
  if (isPlain(extra)) return { ...(extra as Record<string, AttributeValue>), ...attributes };
  return pulumi.output(extra as pulumi.Input<Record<string, AttributeValue>>).apply((e) => pulumi.all(attributes).apply((typed) => ({ ...e, ...typed }))) as never;
}

function plainSubElement(item: Args, mapping: SubElementMapping): SubElementInput {
  const attributes: Record<string, AttributeValue> = { ...(item[EXTRA_ATTRIBUTES] as Record<string, AttributeValue> | undefined) };
  for (const m of mapping.attributes) {
    if (item[m.arg] !== undefined) attributes[m.name] = toAttributeValue(m.kind, item[m.arg]);
  }
  return { elementType: mapping.elementType, attributes, subElements: plainSubElements(item, mapping.subElements) ?? [] };
}

/** The typed lists' items, then the `extraSubElements` as given (types the catalog does not list). */
function plainSubElements(args: Args, mappings: readonly SubElementMapping[]): SubElementInput[] | undefined {
  const given = mappings.filter((m) => args[m.arg] !== undefined);
  const extra = args[EXTRA_SUB_ELEMENTS] as SubElementInput[] | undefined;
  if (given.length === 0 && extra === undefined) return undefined;
  return [...given.flatMap((m) => (args[m.arg] as Args[]).map((item) => plainSubElement(item, m))), ...(extra ?? [])];
}

/** Sub-elements for ConfigElement from typed list args and `extraSubElements`; undefined when none is given (not managed). */
export function subElementsFromArgs(args: Args, mappings: readonly SubElementMapping[]): pulumi.Input<SubElementInput[]> | undefined {
  const given = [...mappings.map((m) => m.arg), EXTRA_SUB_ELEMENTS].filter((arg) => args[arg] !== undefined);
  if (given.length === 0) return undefined;
  const lists = Object.fromEntries(given.map((arg) => [arg, args[arg]]));
  if (isPlain(lists)) return plainSubElements(lists, mappings) ?? [];
  return pulumi.output(lists).apply((resolved) => plainSubElements(resolved as Args, mappings) ?? []);
}

/** The element's attributes that no typed property holds, by their SBC names: its `extraAttributes` output. */
export function extraAttributesOutput(element: Pick<ConfigElement, "attributes">, mappings: readonly AttributeMapping[]): pulumi.Output<Record<string, AttributeValue> | undefined> {
  const typed = new Set(mappings.map((m) => m.name));
  return element.attributes.apply((all) => {
    const extra = Object.entries(all ?? {}).filter(([name]) => !typed.has(name));
    return extra.length > 0 ? Object.fromEntries(extra) : undefined;
  });
}

/** The SBC names of the secret attributes, for ConfigElement's `secretAttributeNames`. */
export function secretAttributeNames(mappings: readonly AttributeMapping[]): string[] {
  return mappings.filter((m) => m.secret).map((m) => m.name);
}

/** Each element's typed attribute outputs, made when first read. */
const attributeOutputs = new WeakMap<object, Map<string, pulumi.Output<unknown>>>();

/**
 * A typed output of one attribute of the element as the SBC returned it. Made on first use, not
 * in the constructor: every Output costs the program a captured stack trace, and an element type
 * has dozens of attributes of which a program reads a few.
 */
export function attributeOutput<T>(element: Pick<ConfigElement, "attributes" | "secretAttributes">, mapping: AttributeMapping): pulumi.Output<T> {
  let outputs = attributeOutputs.get(element);
  if (!outputs) attributeOutputs.set(element, (outputs = new Map()));
  let output = outputs.get(mapping.name);
  if (!output) {
    // A secret attribute is read from the secret output, so that the typed output is secret too.
    const source = mapping.secret ? element.secretAttributes! : element.attributes;
    output = source.apply((all) => {
      const value = all?.[mapping.name];
      if (value === undefined) return undefined;
      if (mapping.kind === "number") return Number(value);
      if (mapping.kind === "numberList") return (Array.isArray(value) ? value : [value]).map(Number);
      if (mapping.kind === "list") return Array.isArray(value) ? value : [value];
      return value;
    });
    outputs.set(mapping.name, output);
  }
  return output as pulumi.Output<T>;
}
