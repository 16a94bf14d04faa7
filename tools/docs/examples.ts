/**
 * A reference page's examples, written by sbc-export's own writers (tools/export/program.ts) so that
 * a page shows what the exporter writes for the same element: the type's catalog example, with each
 * element it names (a sip-interface's realm, a policy's session agent) declared before it from that
 * type's keys and required parameters, so that the reference is wired as an output. No header, no
 * `protect`, no `adopt` in the example itself; the take-over snippet is the exporter's adopted
 * declaration of the element's key. The import command names the element by the id the native
 * plugin reads (elementState.elementId) and the name sbc-export gives it (naming.ts).
 */
import { Catalog } from "../../client/catalog/catalog";
import { referenceOf } from "../../client/catalog/references";
import { ElementTypeSpec, keyAttributes, keyOf, subElementSpec } from "../../client/catalog/schema";
import { ConfigElement, KeyValues, valueList } from "../../client/types";
import { elementId } from "../../provider/core/elements/elementState";
import { resourceTokenOf } from "../../provider/native/tokens";
import { resourceNameOf } from "../export/naming";
import { writeProgram } from "../export/program";
import { pythonSyntax } from "../export/pythonProgram";
import { TypeListing } from "../export/readRunning";
import { Syntax } from "../export/syntax";
import { typescriptSyntax } from "../export/typescriptProgram";
import { yamlSyntax } from "../export/yamlProgram";

export interface ExamplePrograms {
  typescript: string;
  python: string;
  yaml: string;
  /** The dynamic provider's take-over of an existing element: its key, adopted. */
  adopt: string;
  /** `pulumi import sbc:index:<Type> <name> <id>` for the example element, the id quoted for the shell where it must be. */
  importCommand: string;
}

function copy(element: ConfigElement): ConfigElement {
  return { elementType: element.elementType, attributes: { ...element.attributes }, subElements: element.subElements.map(copy) };
}

/** An element of `spec` with the key `key` and the type's required parameters, as its example sets them. */
function elementOf(spec: ElementTypeSpec, key: KeyValues): ConfigElement {
  const attributes: ConfigElement["attributes"] = { ...key };
  for (const attr of spec.attributes.filter((a) => a.required && !a.key)) {
    const value = spec.example?.attributes[attr.name];
    if (value !== undefined) attributes[attr.name] = value;
  }
  return { elementType: spec.name, attributes, subElements: [] };
}

/** The key a reference's `keys` names (`M00:0`: every key value of the element, joined by `:`). */
function keyNamed(target: ElementTypeSpec, keys: string): KeyValues {
  const keyAttrs = keyAttributes(target);
  const parts = keyAttrs.length > 1 ? keys.split(":") : [keys];
  return Object.fromEntries(
    keyAttrs.map((attr, i) => {
      const value = i === keyAttrs.length - 1 ? parts.slice(i).join(":") : parts[i] ?? "";
      return [attr.name, attr.multiValued ? [value] : value];
    }),
  );
}

/** Every element the example (and its sub-elements) names by reference, once each, but itself. */
function namedBy(catalog: Catalog, spec: ElementTypeSpec, element: ConfigElement, top: ConfigElement, found: Map<string, ConfigElement>): void {
  for (const attr of spec.attributes) {
    for (const value of valueList(element.attributes[attr.name])) {
      const named = referenceOf(attr, value);
      const target = named && catalog.get(named.reference.elementType);
      // The exporter wires only a reference to a type's first key attribute.
      if (!named || !target || keyAttributes(target)[0]?.name !== named.reference.attribute) continue;
      const candidate = elementOf(target, keyNamed(target, named.keys));
      const id = elementId(target.name, keyOf(target, candidate.attributes));
      if (id === elementId(top.elementType, keyOf(catalog.get(top.elementType)!, top.attributes))) continue;
      if (!found.has(id)) found.set(id, candidate);
    }
  }
  for (const sub of element.subElements) {
    const subSpec = subElementSpec(spec, sub.elementType);
    if (subSpec) namedBy(catalog, subSpec, sub, top, found);
  }
}

/** The listings the exporter writes the example from: the example element, then those it names, by type. */
export function exampleListings(catalog: Catalog, spec: ElementTypeSpec): TypeListing[] {
  if (!spec.example) throw new Error(`${spec.name} has no example in the catalog`);
  const element = copy(spec.example);
  const named = new Map<string, ConfigElement>();
  namedBy(catalog, spec, element, element, named);
  const byType = new Map<string, ConfigElement[]>([[spec.name, [element]]]);
  for (const e of named.values()) byType.set(e.elementType, [...(byType.get(e.elementType) ?? []), e]);
  return [...byType].map(([type, elements]) => ({ spec: catalog.get(type)!, inCatalog: true, elements }));
}

function program(listings: TypeListing[], syntax: Syntax, adopt: boolean): string {
  const written = writeProgram(listings, { syntax, protect: false, adopt });
  // Without a header the program opens with the blank line that would follow it.
  return written.source.replace(/^\n+/, "");
}

/** A word the shell takes as it is, or the text in single quotes. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function examplePrograms(catalog: Catalog, spec: ElementTypeSpec): ExamplePrograms {
  const listings = exampleListings(catalog, spec);
  const element = listings[0].elements[0];
  const key = keyOf(spec, element.attributes);
  const name = resourceNameOf(spec, element.attributes);
  return {
    typescript: program(listings, typescriptSyntax, false),
    python: program(listings, pythonSyntax, false),
    yaml: program(listings, yamlSyntax, false),
    adopt: program([{ spec, inCatalog: true, elements: [elementOf(spec, key)] }], typescriptSyntax, true),
    importCommand: `pulumi import ${resourceTokenOf(spec.name)} ${name} ${shellWord(elementId(spec.name, key))}`,
  };
}
