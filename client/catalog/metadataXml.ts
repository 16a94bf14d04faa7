/**
 * Element-type metadata as the SBC's `elementTypes/metadata` serves it, mapped to and from the
 * catalog's ElementTypeSpec. The emulator serves it, the client reads it from a real SBC, and the
 * code generator reads files saved from one. Oracle documents the start of the document
 * (`elementType`, `singleInstance`, `attributeMetadata` with `name`, `help`, `required`, `key`);
 * the remaining tags follow the SOAP API's attribute metadata and are written down in
 * emulator/README.md.
 */
import { asArray, encodeTree, parseXml, textOf, XmlInputError } from "../xmlCodec";
import { AttributeSpec, ElementTypeSpec, ValueType } from "./schema";

type Tree = Record<string, unknown>;

function attributeTree(attr: AttributeSpec): Tree {
  const tree: Tree = {
    name: attr.name,
    help: attr.help,
    required: Boolean(attr.required),
    key: Boolean(attr.key),
    valueType: attr.valueType,
    multiValued: Boolean(attr.multiValued),
  };
  if (attr.defaultValue !== undefined) {
    const defaults = asArray(attr.defaultValue);
    tree.defaultValue = attr.multiValued ? defaults : defaults[0] ?? "";
  }
  if (attr.validValues) tree.validValues = { value: attr.validValues };
  if (attr.min !== undefined) tree.minValue = attr.min;
  if (attr.max !== undefined) tree.maxValue = attr.max;
  if (attr.maxLength !== undefined) tree.maxLength = attr.maxLength;
  // The SOAP metadata names one referred type; the catalog's references (prefixed, composite, several) follow it whole.
  const plain = attr.references?.find((r) => r.prefix === undefined && r.separator === undefined);
  if (plain) {
    tree.referredElementType = plain.elementType;
    tree.referredAttribute = plain.attribute;
  }
  if (attr.references && (attr.references.length > 1 || attr.references[0] !== plain)) tree.reference = attr.references.map((r) => ({ ...r }));
  if (attr.secret) tree.secret = true;
  return tree;
}

function elementTree(spec: ElementTypeSpec): Tree {
  const tree: Tree = {
    elementType: spec.name,
    description: spec.description,
    singleInstance: spec.singleton,
    attributeMetadata: spec.attributes.map(attributeTree),
  };
  if (spec.subElements?.length) tree.subElementMetadata = spec.subElements.map(elementTree);
  return tree;
}

/** The inside of `<data>` for `elementTypes/metadata?elementType=T`. */
export function encodeMetadata(spec: ElementTypeSpec): string {
  return encodeTree(elementTree(spec));
}

const VALUE_TYPES: readonly ValueType[] = ["string", "integer", "enum", "ipAddress", "ipPrefix", "hostname"];

function flag(node: unknown): boolean {
  return textOf(node).trim() === "true";
}

function optionalNumber(node: unknown, what: string): number | undefined {
  if (node === undefined) return undefined;
  const n = Number(textOf(node));
  if (!Number.isFinite(n)) throw new XmlInputError(`${what} is not a number`);
  return n;
}

function decodeAttribute(node: Tree, elementType: string): AttributeSpec {
  const name = textOf(node.name).trim();
  if (!name) throw new XmlInputError(`an attributeMetadata of ${elementType} has no name`);
  const rawType = textOf(node.valueType).trim() || "string";
  // Types this tool does not model (e.g. a real SBC's richer set) are validated as plain strings.
  const valueType = (VALUE_TYPES as readonly string[]).includes(rawType) ? (rawType as ValueType) : "string";
  const multiValued = flag(node.multiValued);
  const attr: AttributeSpec = { name, help: textOf(node.help), valueType };
  if (multiValued) attr.multiValued = true;
  if (flag(node.key)) attr.key = true;
  if (node.defaultValue !== undefined) {
    const defaults = asArray(node.defaultValue).map(textOf);
    attr.defaultValue = multiValued ? defaults : defaults[0] ?? "";
  } else if (multiValued && !attr.key) {
    attr.defaultValue = [];
  }
  // A key with a default need not be given; one without must.
  if (flag(node.required) || (attr.key && attr.defaultValue === undefined)) attr.required = true;
  const validValues = node.validValues as Tree | undefined;
  if (validValues && typeof validValues === "object") attr.validValues = asArray(validValues.value).map(textOf);
  const min = optionalNumber(node.minValue, `minValue of ${name}`);
  const max = optionalNumber(node.maxValue, `maxValue of ${name}`);
  const maxLength = optionalNumber(node.maxLength, `maxLength of ${name}`);
  if (min !== undefined) attr.min = min;
  if (max !== undefined) attr.max = max;
  if (maxLength !== undefined) attr.maxLength = maxLength;
  if (node.reference !== undefined) {
    attr.references = asArray(node.reference as Tree | Tree[]).map((r) => ({
      elementType: textOf(r.elementType),
      attribute: textOf(r.attribute),
      ...(r.prefix !== undefined && { prefix: textOf(r.prefix) }),
      ...(r.separator !== undefined && { separator: textOf(r.separator) }),
    }));
  } else if (node.referredElementType !== undefined) {
    attr.references = [{ elementType: textOf(node.referredElementType), attribute: textOf(node.referredAttribute) }];
  }
  if (flag(node.secret)) attr.secret = true;
  return attr;
}

function decodeElement(node: Tree): ElementTypeSpec {
  const name = textOf(node.elementType).trim();
  if (!name) throw new XmlInputError("metadata has no elementType");
  const spec: ElementTypeSpec = {
    name,
    description: node.description === undefined ? "" : textOf(node.description),
    singleton: flag(node.singleInstance),
    attributes: asArray(node.attributeMetadata as Tree | Tree[]).map((a) => decodeAttribute(a, name)),
  };
  const subs = asArray(node.subElementMetadata as Tree | Tree[]).map(decodeElement);
  if (subs.length > 0) spec.subElements = subs;
  return spec;
}

/** Reads the parsed `<data>` of a metadata response. */
export function decodeMetadata(data: Tree): ElementTypeSpec {
  return decodeElement(data);
}

/**
 * Reads a metadata file saved from a real SBC: one or more whole `<response>` documents of
 * `elementTypes/metadata`, or a `<catalog>` root wrapping several `<data>` nodes.
 */
export function decodeMetadataFile(text: string): ElementTypeSpec[] {
  const doc = parseXml(text);
  const holders = asArray((doc.catalog ?? doc.response) as Tree | Tree[] | undefined);
  if (holders.length === 0) throw new XmlInputError("a metadata file needs a <response> or <catalog> root");
  return holders.flatMap((holder) => asArray(holder.data as Tree | Tree[])).map(decodeMetadata);
}
