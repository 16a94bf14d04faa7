/**
 * Requests the emulator could not answer in well-formed XML, and bodies refused without a place:
 * - A character XML 1.0 cannot carry (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone
 *   surrogates) in the URI or body is refused with a 400. Answers echo names from both (an
 *   unknown element type, an attribute name), XML has no escape for these characters (not even
 *   `&#0;`), and the codec's parser lets them through; refusing also keeps them out of the store.
 * - A reference to an undefined entity or to such a character, which the codec finds only in
 *   decoded values, is placed in the body.
 * Both say line and column, as the codec's other malformed-XML messages do.
 */
import { findIllegalXmlChar, XmlInputError } from "../client/xmlCodec";
import { HttpError } from "./httpError";
import type { ApiRequest } from "./routes";

const ILLEGAL_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** CDATA and comments are skipped whole (an `&` in them is text); every other reference is checked (a bare `&` fails the codec's validator, with its place). */
const REFERENCE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&([^;&\s<]{1,10});/g;

const PREDEFINED_ENTITIES = new Set(["lt", "gt", "amp", "quot", "apos"]);

/** `U+0001`: a character named without writing it. */
function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

function lineAndColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  return `line ${before.split("\n").length}, column ${index - before.lastIndexOf("\n")}`;
}

function referenceProblem(name: string): string | undefined {
  if (PREDEFINED_ENTITIES.has(name)) return undefined;
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (!numeric) return `undefined entity &${name};`;
  const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
  return code > 0x10ffff || findIllegalXmlChar(String.fromCodePoint(code)) !== undefined
    ? `character reference &${name}; is not a legal XML character`
    : undefined;
}

/** The line and column of the first reference the codec refuses, which it reports without them. */
function referenceWithPosition(body: string): string | undefined {
  for (const match of body.matchAll(REFERENCE)) {
    if (!match[0].startsWith("&")) continue;
    const problem = referenceProblem(match[1]);
    if (problem) return `malformed XML at ${lineAndColumn(body, match.index!)}: ${problem}`;
  }
  return undefined;
}

function uriProblem(req: ApiRequest): string | undefined {
  let path = req.pathname;
  try {
    path = decodeURIComponent(req.pathname);
  } catch {
    // a malformed escape cannot decode to anything: the router answers 404 for that path
  }
  const texts = [path, ...[...req.query].flat()];
  const illegal = texts.map((text) => ILLEGAL_CHAR.exec(text)?.[0]).find((char) => char !== undefined);
  return illegal && `the request URI holds ${codePointName(illegal)}, a character XML cannot carry`;
}

export function refuseWhatXmlCannotCarry(req: ApiRequest): void {
  const uri = uriProblem(req);
  if (uri) throw new HttpError(400, uri);
  const illegal = ILLEGAL_CHAR.exec(req.body);
  if (illegal) {
    throw new HttpError(400, `Invalid request body: malformed XML at ${lineAndColumn(req.body, illegal.index)}: ${codePointName(illegal[0])} is not a character XML can carry`);
  }
}

/** The 400 for a body the codec refused, with the line and column where the codec gave none. */
export function invalidBody(body: string, err: XmlInputError): HttpError {
  // The codec's messages about a reference, and only those, name it with its `&`, and no line.
  const placeable = err.message.includes("&") && !/\bline \d+/.test(err.message);
  const message = (placeable && referenceWithPosition(body)) || err.message;
  return new HttpError(400, `Invalid request body: ${message}`);
}
