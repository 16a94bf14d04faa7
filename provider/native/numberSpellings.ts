/**
 * The SBC's spelling of a number kept where a YAML program lost it. `pulumi import --out` writes a
 * YAML program whose string values are quoted only when Go's ParseFloat reads them as numbers, so
 * an SBC value such as a media policy's ToS `0xB8` is written bare, and pulumi-yaml then reads it
 * as the integer 184: the program would differ from the element it was generated from. Check
 * takes such a number as the old input's text when that text is a hexadecimal, octal or binary
 * number of the same value (`0xB8`, `0o270`, `0b10111000`): the value the SBC holds, as it writes it.
 */
import { PropertyMap } from "./wire";

const PREFIXED_NUMBER = /^0(?:x[0-9a-f]+|o[0-7]+|b[01]+)$/i;

/** `news` itself where nothing in it is respelled, so that Check sends the engine's own inputs back without rebuilding them. */
function spelled(news: unknown, olds: unknown): unknown {
  if (typeof news === "number" && typeof olds === "string" && PREFIXED_NUMBER.test(olds) && Number(olds) === news) return olds;
  if (Array.isArray(news) && Array.isArray(olds)) {
    const items = news.map((item, i) => spelled(item, olds[i]));
    return items.every((item, i) => item === news[i]) ? news : items;
  }
  if (isMap(news) && isMap(olds)) {
    const entries = Object.entries(news).map(([name, value]) => [name, spelled(value, olds[name])] as const);
    return entries.every(([name, value]) => value === news[name]) ? news : Object.fromEntries(entries);
  }
  return news;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `news` with every number that an old input spelled as a prefixed number of the same value given back that spelling (`news` itself when there is none). */
export function keepNumberSpellings(news: PropertyMap, olds: PropertyMap): PropertyMap {
  return spelled(news, olds) as PropertyMap;
}
