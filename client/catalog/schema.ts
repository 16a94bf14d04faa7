/**
 * The shape of element-type knowledge: what an SBC's `elementTypes/metadata` tells about a
 * configElement type (attributes, value types, defaults, valid values, keys, singletons,
 * sub-elements). The built-in catalog, the emulator, the provider's check/diff and the code
 * generator all speak this one shape; metadataXml.ts maps it to and from the SBC's XML.
 */
import { Attributes, KeyValues, valueList } from "../types";

/**
 * How an attribute's value is written on the SBC. Booleans are `enum` with
 * `enabled`/`disabled`, as the ACLI shows them.
 */
export type ValueType =
  | "string"
  | "integer"
  | "enum"
  | "ipAddress"
  | "ipPrefix"
  | "hostname";

/** A reference from one attribute to the key attribute of another element type. */
export interface AttributeReference {
  elementType: string;
  attribute: string;
  /** Only a value starting with this is a reference, naming the element by what follows (`SAG:group`). */
  prefix?: string;
  /** The value names the element by what comes before this (`M00:0` names network-interface M00). */
  separator?: string;
}

/** Where a fact of the catalog was read: one page of an Oracle document. */
export interface CatalogSource {
  title: string;
  url: string;
  /** The release (or product and version) the page documents. */
  release: string;
  /** Whether the page could be read to its end. */
  read: "whole" | "partial";
  note?: string;
}

/** An instance of a type as a program would write it: attribute values and sub-elements. */
export interface ExampleElement {
  elementType: string;
  attributes: Record<string, string | string[]>;
  subElements: ExampleElement[];
}

export interface AttributeSpec {
  /** kebab-case name, as the REST API and the ACLI spell it. */
  name: string;
  /** One-line description, shown in generated doc comments and metadata. */
  help: string;
  valueType: ValueType;
  /** Default the SBC fills in when the attribute is not given; [] for an empty multi-value. */
  defaultValue?: string | string[];
  /** For `enum`: the only values accepted. */
  validValues?: string[];
  /** For `integer`: inclusive bounds. */
  min?: number;
  max?: number;
  /** For `string`/`hostname`: the longest value accepted. */
  maxLength?: number;
  /** One `<attribute>` with several `<value>` children. */
  multiValued?: boolean;
  /** Must be given on create. Key attributes are always required. */
  required?: boolean;
  /** Identifies the instance among its siblings (part of the GET/PUT/DELETE query). */
  key?: boolean;
  /** Names an instance of another element type; verify reports the reference when it dangles. */
  references?: AttributeReference[];
  /** A credential: never echoed in logs or diffs. */
  secret?: boolean;
  /** The release that introduced it, where a source says so. */
  release?: string;
  /** Ids of the owning type's `sources` the attribute was read from. */
  sources?: string[];
  /** Facts of it no source confirmed (catalog/schema.json `facet`). */
  unconfirmed?: string[];
  notes?: string;
}

/** The address and port(s) each instance of a type takes, unique across instances (catalog `portClaims`). */
export interface PortClaimsSpec {
  /** The claims are its sub-elements' of this type (sip-interface's sip-port), else the element's own. */
  subElement?: string;
  address: string;
  /** One port (a sip-port's)… */
  port?: string;
  /** …or a range. */
  from?: string;
  to?: string;
  /** Claims of different transports do not collide. */
  transport?: string;
}

export interface ElementTypeSpec {
  /** kebab-case type name, e.g. `realm-config`, or a sub-element type such as `sip-port`. */
  name: string;
  description: string;
  /** Exactly one instance exists on every SBC; it has no key attributes. */
  singleton: boolean;
  attributes: AttributeSpec[];
  /** Sub-element types nested in this element (e.g. sip-interface › sip-port). */
  subElements?: ElementTypeSpec[];
  /** The ACLI commands that reach it (`["session-router", "sip-interface", "sip-ports"]`). */
  acliPath?: string[];
  /** The release that introduced it, where a source says so. */
  release?: string;
  /** The licence or platform it needs. */
  licensed?: string;
  /** The pages its facts were read from, by id (a sub-element's are its top-level type's). */
  sources?: Record<string, CatalogSource>;
  /** Ids of `sources` the type itself was read from. */
  sourceIds?: string[];
  notes?: string;
  /** An instance a program would write (top-level types of the catalog). */
  example?: ExampleElement;
  portClaims?: PortClaimsSpec;
}

/** Attributes the SBC maintains itself on every element; never set by clients. */
export const BOOKKEEPING_ATTRIBUTES: readonly string[] = ["last-modified-by", "last-modified-date"];

/** The value the SBC gives an attribute that is not set: a copy, a list for a multi-valued one. */
export function defaultOf(attr: AttributeSpec): string | string[] {
  if (attr.multiValued) return Array.isArray(attr.defaultValue) ? [...attr.defaultValue] : attr.defaultValue ? [attr.defaultValue] : [];
  return Array.isArray(attr.defaultValue) ? attr.defaultValue[0] ?? "" : attr.defaultValue ?? "";
}

export function keyAttributes(spec: ElementTypeSpec): AttributeSpec[] {
  return spec.attributes.filter((a) => a.key);
}

/**
 * The key attribute values of an element (a list for a multi-valued key); {} for a singleton. A
 * key the element does not give is its default, where it has one: the SBC fills it in on create.
 */
export function keyOf(spec: ElementTypeSpec, attributes: Attributes): KeyValues {
  const key: KeyValues = {};
  for (const attr of keyAttributes(spec)) {
    const value = attributes[attr.name] ?? attr.defaultValue;
    if (value !== undefined) key[attr.name] = attr.multiValued ? valueList(value) : value;
  }
  return key;
}

export function attributeSpec(spec: ElementTypeSpec, name: string): AttributeSpec | undefined {
  return spec.attributes.find((a) => a.name === name);
}

export function subElementSpec(spec: ElementTypeSpec, name: string): ElementTypeSpec | undefined {
  return spec.subElements?.find((s) => s.name === name);
}
