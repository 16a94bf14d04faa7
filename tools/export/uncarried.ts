/**
 * What an export cannot carry, said rather than dropped. A resource names its element on the SBC
 * by the element's key, so an element no resource could name is left out of the program: one of a
 * type whose metadata names no key attribute (and which is not single-instance), one without a
 * value for a key attribute, a second instance of a single-instance type, or one with the same key
 * as another element of its type (one resource id, two elements). Each is one line naming the
 * element and why; the command prints them and exits non-zero, so nothing is left out silently.
 * Everything else the SBC holds — types, attributes and sub-elements the catalog lacks included —
 * the program carries (program.ts).
 */
import { keyAttributes, keyOf } from "../../client/catalog/schema";
import { ConfigElement, describeElement } from "../../client/types";
import { TypeListing } from "./readRunning";

export interface Carried {
  /** The listings without what cannot be carried. */
  listings: TypeListing[];
  /** One line per element left out: which, and why. */
  uncarried: string[];
}

/**
 * Why no resource can name `element` (the `index`th the SBC lists), given the elements of its
 * type already kept; undefined when one can. An element without a usable key is named by its
 * place in the SBC's list, never by its values, which may hold a secret.
 */
function whyNot(listing: TypeListing, element: ConfigElement, index: number, kept: ReadonlySet<string>): string | undefined {
  const { spec } = listing;
  const keys = keyAttributes(spec);
  const label = describeElement(spec.name, keyOf(spec, element.attributes));
  const place = `${spec.name} (element ${index + 1} of the ${listing.elements.length} the SBC lists)`;
  if (spec.singleton) return kept.has(label) ? `${label}: a second instance of a single-instance type, which one resource (its id is the type) cannot name` : undefined;
  if (keys.length === 0) return `${place}: the SBC's metadata names no key attribute of ${spec.name}, so no resource can name one of its elements`;
  const missing = keys.filter((k) => element.attributes[k.name] === undefined && k.defaultValue === undefined).map((k) => k.name);
  if (missing.length > 0) return `${place}: no value for its key attribute ${missing.join(", ")}, by which a resource names it`;
  return kept.has(label) ? `${label}: another ${spec.name} has the same key, and one resource id cannot name two elements` : undefined;
}

export function carry(listings: readonly TypeListing[]): Carried {
  const uncarried: string[] = [];
  const carried = listings.map((listing) => {
    const kept = new Set<string>();
    const elements = listing.elements.filter((element, index) => {
      const why = whyNot(listing, element, index, kept);
      if (why) uncarried.push(why);
      else kept.add(describeElement(listing.spec.name, keyOf(listing.spec, element.attributes)));
      return !why;
    });
    return { ...listing, elements };
  });
  return { listings: carried, uncarried };
}
