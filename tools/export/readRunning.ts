/**
 * Reads what an export starts from: the SBC's running configuration (what is live, not what
 * someone has staged) as the SBC itself describes it, not as the catalog does — its own list of
 * element types (`configuration/elementTypes`), then one list request per type (paged by the SBC
 * when long) and no GET per element, and the SBC's metadata of every type the catalog lacks or
 * whose elements hold attributes or sub-element types the catalog's type lacks. So a type, an
 * attribute or a sub-element a newer release added is read, and described by the SBC (its key,
 * its defaults, whether it is secret or a list), rather than missed. An export costs one type
 * list, one list per type the SBC has, and one metadata request per type the catalog falls short of.
 */
import { SbcClient } from "../../client/client";
import { Catalog } from "../../client/catalog/catalog";
import { attributeSpec, BOOKKEEPING_ATTRIBUTES, ElementTypeSpec, subElementSpec } from "../../client/catalog/schema";
import { ConfigElement } from "../../client/types";
import { suggestion } from "../../provider/core/elements/check";

export interface TypeListing {
  /** What the export writes the type by: the catalog's spec, or the SBC's metadata of a type the catalog lacks. */
  spec: ElementTypeSpec;
  /** Whether the catalog has the type, and so the typed classes, the schema and the SDKs. */
  inCatalog: boolean;
  /** The SBC's own metadata of a catalog type, read when its elements hold what the catalog's type lacks: it describes that. */
  sbcSpec?: ElementTypeSpec;
  elements: ConfigElement[];
}

/** Whether the element, or a sub-element within it, holds an attribute or a sub-element type `spec` lacks. */
export function holdsExtras(spec: ElementTypeSpec, element: ConfigElement): boolean {
  if (Object.keys(element.attributes).some((name) => !attributeSpec(spec, name) && !BOOKKEEPING_ATTRIBUTES.includes(name))) return true;
  return element.subElements.some((sub) => {
    const subSpec = subElementSpec(spec, sub.elementType);
    return !subSpec || holdsExtras(subSpec, sub);
  });
}

/**
 * A value of a multi-valued attribute as a list: the client keeps a one-value list as a list only
 * for the attributes its catalog (`known`) knows, and the SBC's metadata tells of the others.
 */
function asDescribed(element: ConfigElement, described: ElementTypeSpec | undefined, known?: ElementTypeSpec): ConfigElement {
  if (!described) return element;
  const listed = (name: string) => !(known && attributeSpec(known, name)) && attributeSpec(described, name)?.multiValued;
  const attributes = Object.fromEntries(Object.entries(element.attributes).map(([name, value]) => [name, typeof value === "string" && listed(name) ? [value] : value]));
  const subElements = element.subElements.map((sub) => asDescribed(sub, subElementSpec(described, sub.elementType), known && subElementSpec(known, sub.elementType)));
  return { ...element, attributes, subElements };
}

/** Thrown for --types naming a type neither the SBC nor the catalog has, or one this SBC lacks. */
export class UnknownTypeError extends Error {}

/**
 * The element types to read, in a stable order (the catalog's, then the SBC's own others in its
 * order): every type the SBC lists, or those named, each checked against the SBC's list.
 */
export function typesToRead(onSbc: readonly string[], catalog: Catalog, origin: string, names?: readonly string[]): string[] {
  const listed = new Set(onSbc);
  const ordered = [...catalog.types().map((t) => t.name).filter((name) => listed.has(name)), ...onSbc.filter((name) => !catalog.get(name))];
  if (!names) return ordered;
  const unknown = names.filter((name) => !listed.has(name) && !catalog.get(name));
  if (unknown.length > 0) {
    const known = [...new Set([...ordered, ...catalog.types().map((t) => t.name)])];
    const hints = unknown.map((name) => suggestion(name, known)).filter(Boolean).join("");
    throw new UnknownTypeError(`unknown element type ${unknown.join(", ")} in --types${hints || `; the SBC at ${origin} lists its ${onSbc.length} types at configuration/elementTypes`}`);
  }
  const absent = names.filter((name) => !listed.has(name));
  if (absent.length > 0) {
    throw new UnknownTypeError(`the SBC at ${origin} has no element type ${absent.join(", ")} (its release lacks it): leave it out of --types`);
  }
  return ordered.filter((name) => names.includes(name));
}

/** The names of the element types the SBC lists. */
export async function typesOnSbc(client: SbcClient): Promise<string[]> {
  return (await client.elementTypes()).map((t) => t.name);
}

/** A type as the export and drift read it: its listing's description, and how to read its elements by it. */
export interface DescribedType extends Omit<TypeListing, "elements"> {
  /** An element of the type with a multi-valued attribute the catalog lacks held as a list. */
  normalise(element: ConfigElement): ConfigElement;
}

/**
 * What describes a type whose elements (of any configuration read) are `elements`: the catalog's
 * spec, with the SBC's metadata when they hold what the catalog's type lacks; the SBC's metadata
 * alone for a type the catalog lacks. One metadata request at most.
 */
export async function describeType(client: SbcClient, name: string, elements: readonly ConfigElement[]): Promise<DescribedType> {
  const spec = client.catalog.get(name);
  if (!spec) {
    const described = await client.metadata(name);
    return { spec: described, inCatalog: false, normalise: (e) => asDescribed(e, described) };
  }
  if (!elements.some((e) => holdsExtras(spec, e))) return { spec, inCatalog: true, normalise: (e) => e };
  const sbcSpec = await client.metadata(name);
  return { spec, inCatalog: true, sbcSpec, normalise: (e) => asDescribed(e, sbcSpec, spec) };
}

/** Every instance of each named type in the running configuration, all types at once, each described as above. */
export async function readRunning(client: SbcClient, types: readonly string[]): Promise<TypeListing[]> {
  return Promise.all(
    types.map(async (name): Promise<TypeListing> => {
      const elements = await client.listElements(name, { running: true });
      const { normalise, ...described } = await describeType(client, name, elements);
      return { ...described, elements: elements.map(normalise) };
    }),
  );
}

/** The SBC's types (or those named) and their running configuration. */
export async function readSbc(client: SbcClient, names?: readonly string[]): Promise<TypeListing[]> {
  return readRunning(client, typesToRead(await typesOnSbc(client), client.catalog, client.origin, names));
}
