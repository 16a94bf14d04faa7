/**
 * The SBC REST API's XML, both ways, over fast-xml-parser: the `<response>` envelope, a
 * `<configElement>` with `<attribute>`s (several `<value>`s for a multi-valued one) and nested
 * `<subElement>`s, and the asynchronous operation state. The client and the emulator share it so
 * that a value round-trips byte for byte. Hostile input (DTDs, entity bombs, external entities,
 * deep nesting, oversized bodies, malformed markup) is refused with an XmlInputError that names
 * the problem; nothing is expanded or fetched.
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { ConfigElement, Attributes, OperationState, ManagementAction, OperationStatus } from "./types";

/** Bodies larger than this are refused unread, by the emulator and by the client alike. */
export const MAX_XML_BYTES = 4 * 1024 * 1024;
/** Deeper nesting than any SBC document needs (sub-elements nest three levels at most). */
export const MAX_XML_DEPTH = 32;

/** The input is not XML this API accepts; `message` says why. */
export class XmlInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlInputError";
  }
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_XML_DEPTH,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: false,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: false,
});

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** Parses a document after refusing what a hardened XML parser must refuse. */
export function parseXml(text: string): XmlNode {
  if (Buffer.byteLength(text, "utf8") > MAX_XML_BYTES) {
    throw new XmlInputError(`XML body exceeds the ${MAX_XML_BYTES}-byte limit`);
  }
  if (/<!DOCTYPE/i.test(text)) {
    throw new XmlInputError("DOCTYPE declarations are not allowed (no DTDs, entity declarations or external entities)");
  }
  if (/<!ENTITY/i.test(text)) {
    throw new XmlInputError("ENTITY declarations are not allowed");
  }
  if (text.trim() === "") throw new XmlInputError("empty XML body");
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (verdict !== true) {
    throw new XmlInputError(`malformed XML at line ${verdict.err.line}, column ${verdict.err.col}: ${verdict.err.msg}`);
  }
  // CDATA becomes escaped text first, so that decodeText sees one uniform encoding.
  const uniform = text.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, content: string) => encodeText(content));
  try {
    return parser.parse(uniform) as XmlNode;
  } catch (err) {
    throw new XmlInputError(`malformed XML: ${(err as Error).message}`);
  }
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is refused. */
export function decodeText(raw: string): string {
  return raw.replace(/&([^;&\s]{0,10});?/g, (match, name: string) => {
    if (!match.endsWith(";")) throw new XmlInputError(`unescaped '&' in text near "${raw.slice(0, 40)}"`);
    if (name in PREDEFINED_ENTITIES) return PREDEFINED_ENTITIES[name];
    const numeric = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(name);
    if (numeric) {
      const code = numeric[1].startsWith("x") ? parseInt(numeric[1].slice(1), 16) : parseInt(numeric[1], 10);
      if (!isXmlChar(code)) throw new XmlInputError(`character reference &${name}; is not a legal XML character`);
      return String.fromCodePoint(code);
    }
    throw new XmlInputError(`undefined entity &${name};`);
  });
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Characters XML 1.0 cannot carry at all, not even as references. */
export function findIllegalXmlChar(value: string): number | undefined {
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (!isXmlChar(code)) return code;
  }
  return undefined;
}

/** Escapes text so that decodeText gives it back unchanged (CR escaped, as parsers fold raw CRs). */
export function encodeText(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;");
}

export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text content of a leaf node, decoded; "" for an empty element. */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return "";
  if (typeof node === "string") return decodeText(node);
  if (typeof node === "object" && "#text" in (node as XmlNode)) return decodeText(String((node as XmlNode)["#text"]));
  if (typeof node === "object" && Object.keys(node as XmlNode).every((k) => k.startsWith("@_"))) return "";
  throw new XmlInputError("expected text, found nested elements");
}

/** A container element's children; whitespace between child tags (pretty-printed XML) is dropped. */
function childObject(node: unknown, what: string): XmlNode {
  if (node === undefined || (typeof node === "string" && node.trim() === "")) return {};
  if (typeof node !== "object" || node === null || Array.isArray(node)) {
    throw new XmlInputError(`<${what}> must contain elements, not text`);
  }
  const { "#text": text, ...children } = node as XmlNode;
  if (text !== undefined && String(text).trim() !== "") throw new XmlInputError(`<${what}> must contain elements, not text`);
  return children;
}

function single(node: XmlNode, tag: string, parent: string): unknown {
  const value = node[tag];
  if (Array.isArray(value)) throw new XmlInputError(`<${parent}> has more than one <${tag}>`);
  return value;
}

/** Per-element hint: which attributes are multi-valued (so one `<value>` still gives a list). */
export type MultiValuedHint = (elementTypePath: string[], attribute: string) => boolean;

function decodeElementBody(
  node: XmlNode,
  typeTag: "elementType" | "subElementType",
  path: string[],
  hint?: MultiValuedHint,
): ConfigElement {
  const wrapper = typeTag === "elementType" ? "configElement" : "subElement";
  const allowed = new Set([typeTag, "attribute", "subElement"]);
  for (const key of Object.keys(node)) {
    if (!allowed.has(key) && !key.startsWith("@_")) throw new XmlInputError(`unexpected <${key}> in <${wrapper}>`);
  }
  const elementType = textOf(single(node, typeTag, wrapper)).trim();
  if (elementType === "") throw new XmlInputError(`<${wrapper}> has no <${typeTag}>`);
  const typePath = [...path, elementType];
  const attributes: Attributes = {};
  for (const raw of asArray(node.attribute)) {
    const attr = childObject(raw, "attribute");
    for (const key of Object.keys(attr)) {
      if (key !== "name" && key !== "value") throw new XmlInputError(`unexpected <${key}> in <attribute>`);
    }
    const name = textOf(single(attr, "name", "attribute")).trim();
    if (name === "") throw new XmlInputError(`an <attribute> of ${elementType} has no <name>`);
    if (name in attributes) throw new XmlInputError(`attribute ${name} of ${elementType} appears twice`);
    const values = asArray(attr.value).map(textOf);
    attributes[name] = values.length === 1 && !(hint?.(typePath, name) ?? false) ? values[0] : values;
  }
  const subElements = asArray(node.subElement).map((raw) =>
    decodeElementBody(childObject(raw, "subElement"), "subElementType", typePath, hint),
  );
  return { elementType, attributes, subElements };
}

/** Decodes one parsed `<configElement>` node. */
export function decodeConfigElementNode(node: unknown, hint?: MultiValuedHint): ConfigElement {
  return decodeElementBody(childObject(node, "configElement"), "elementType", [], hint);
}

/** Decodes a request body whose root is `<configElement>` (POST/PUT). */
export function decodeConfigElementDocument(text: string, hint?: MultiValuedHint): ConfigElement {
  const doc = parseXml(text);
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== "configElement") {
    throw new XmlInputError(`the body must be one <configElement>, found ${roots.map((r) => `<${r}>`).join(", ") || "nothing"}`);
  }
  if (Array.isArray(doc.configElement)) throw new XmlInputError("the body must be one <configElement>, found several");
  return decodeConfigElementNode(doc.configElement, hint);
}

function elementBodyXml(element: ConfigElement, typeTag: "elementType" | "subElementType"): string {
  const parts = [`<${typeTag}>${encodeText(element.elementType)}</${typeTag}>`];
  for (const [name, value] of Object.entries(element.attributes)) {
    const values = Array.isArray(value) ? value : [value];
    parts.push(`<attribute><name>${encodeText(name)}</name>${values.map((v) => `<value>${encodeText(v)}</value>`).join("")}</attribute>`);
  }
  for (const sub of element.subElements) {
    parts.push(`<subElement>${elementBodyXml(sub, "subElementType")}</subElement>`);
  }
  return parts.join("");
}

/** `<configElement>…</configElement>`, without declaration (to embed in an envelope). */
export function encodeConfigElement(element: ConfigElement): string {
  return `<configElement>${elementBodyXml(element, "elementType")}</configElement>`;
}

/** A request body for POST/PUT. */
export function encodeConfigElementDocument(element: ConfigElement): string {
  return `${XML_DECLARATION}${encodeConfigElement(element)}`;
}

/** The parts of a `<response>` envelope the client acts on; `data` is the parsed `<data>` node. */
export interface ResponseEnvelope {
  data: XmlNode;
  messages: string[];
  links: string[];
}

/** Collects every `errorMessage` text below `node`, whatever the nesting. */
export function collectErrorMessages(node: unknown, out: string[]): void {
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node as XmlNode)) {
    for (const item of asArray(value)) {
      if (key === "errorMessage") out.push(textOf(item));
      else collectErrorMessages(item, out);
    }
  }
}

export function decodeEnvelope(text: string): ResponseEnvelope {
  const doc = parseXml(text);
  if (!("response" in doc)) throw new XmlInputError("the SBC's answer has no <response> root");
  const response = childObject(doc.response, "response");
  const messages: string[] = [];
  collectErrorMessages(response.messages, messages);
  const links = asArray(childObject(response.links, "links").link).map(textOf);
  return { data: childObject(response.data, "data"), messages, links };
}

/** Builds a `<response>` envelope; `dataXml` is already-encoded XML for inside `<data>`. */
export function encodeEnvelope(dataXml: string, messages: string[] = [], links: string[] = []): string {
  const messageXml = messages.map((m) => `<error><errorMessage>${encodeText(m)}</errorMessage></error>`).join("");
  const linkXml = links.map((l) => `<link>${encodeText(l)}</link>`).join("");
  return (
    `${XML_DECLARATION}<response>` +
    (dataXml ? `<data>${dataXml}</data>` : "<data/>") +
    (messageXml ? `<messages>${messageXml}</messages>` : "<messages/>") +
    (linkXml ? `<links>${linkXml}</links>` : "<links/>") +
    "</response>"
  );
}

/** Builds XML for a plain object tree (metadata and status bodies); text is escaped. */
export function encodeTree(tree: Record<string, unknown>): string {
  return builder.build(escapeTree(tree)) as string;
}

function escapeTree(node: unknown): unknown {
  if (typeof node === "string") return encodeText(node);
  if (typeof node === "number" || typeof node === "boolean") return String(node);
  if (Array.isArray(node)) return node.map(escapeTree);
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, escapeTree(v)]));
  }
  return node;
}

const ACTIONS: readonly ManagementAction[] = ["save", "verify", "activate", "restore", "backup"];
const STATUSES: readonly OperationStatus[] = ["inProgress", "success", "fail"];

export function encodeOperationState(state: OperationState): string {
  const inner: Record<string, unknown> = { operation: state.operation, status: state.status };
  if (state.errorMessage !== undefined) inner.errorMessage = state.errorMessage;
  const tree: Record<string, unknown> = { operationState: inner };
  if (state.details.length > 0) {
    tree.additionalInfo = { verifySummary: { verify: state.details } };
  }
  return encodeTree(tree);
}

export function decodeOperationState(data: XmlNode): OperationState {
  const node = childObject(single(data, "operationState", "data"), "operationState");
  const operation = textOf(node.operation) as ManagementAction;
  const status = textOf(node.status) as OperationStatus;
  if (!ACTIONS.includes(operation)) throw new XmlInputError(`unknown operation "${operation}" in operationState`);
  if (!STATUSES.includes(status)) throw new XmlInputError(`unknown status "${status}" in operationState`);
  const summary = childObject(childObject(data.additionalInfo, "additionalInfo").verifySummary, "verifySummary");
  const details = asArray(summary.verify).map(textOf);
  const errorMessage = node.errorMessage === undefined ? undefined : textOf(node.errorMessage);
  return { operation, status, errorMessage, details };
}
