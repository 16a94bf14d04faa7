/**
 * What an exported program writes of one element, whatever the language: which attributes (keys
 * always; others when off their default), which of them the catalog's type lacks (a typed
 * resource's `extraAttributes`), which sub-elements the catalog's type lacks (`extraSubElements`),
 * whether the typed class can hold the element as the SBC has it, and whether it holds a secret.
 * Each level of an element — the element, a sub-element — is read through the spec the program
 * writes it by and, where the SBC was asked, the SBC's own metadata, which describes what the
 * catalog lacks: its defaults, which values are lists, which are secret.
 */
import { attributeSpec, AttributeSpec, BOOKKEEPING_ATTRIBUTES, defaultOf, ElementTypeSpec, keyAttributes, subElementSpec } from "../../client/catalog/schema";
import { AttributeValue, ConfigElement, sameValue, valueList } from "../../client/types";

/** One level of an element (the element itself, or a sub-element) and what describes it. */
export interface Level {
  /** What the program writes it by: the catalog's type (or, for a type the catalog lacks, the SBC's metadata). */
  spec: ElementTypeSpec;
  /** Whether `spec` is the catalog's: its attributes without a default are empty when unset, as the catalog decided. */
  fromCatalog: boolean;
  /** The SBC's metadata of the same level, where read: what it says of the attributes and sub-element types `spec` lacks. */
  sbc?: ElementTypeSpec;
}

/** An attribute to consider writing. */
export interface Slot {
  attr: AttributeSpec;
  /** Outside `spec`: described by the SBC's metadata, or by nothing (a string, always written). */
  extra: boolean;
}

/** The level of a sub-element of a type `level.spec` has; undefined for one it lacks (an extra sub-element). */
export function subLevel(level: Level, elementType: string): Level | undefined {
  const spec = subElementSpec(level.spec, elementType);
  return spec && { spec, fromCatalog: level.fromCatalog, sbc: level.sbc && subElementSpec(level.sbc, elementType) };
}

/** The level of a sub-element whose type `level.spec` lacks: what the SBC says of it, or nothing. */
export function extraLevel(level: Level, elementType: string): Level {
  const described = level.sbc && subElementSpec(level.sbc, elementType);
  return { spec: described ?? { name: elementType, description: "", singleton: false, attributes: [] }, fromCatalog: false };
}

/** The level of any sub-element: its own if `level.spec` has the type, else an extra one. */
export function levelOf(level: Level, elementType: string): Level {
  return subLevel(level, elementType) ?? extraLevel(level, elementType);
}

/** The element's attributes to consider, keys first, then the others in `spec`'s order, then the extras in the SBC's order. */
export function slotsOf(level: Level, element: ConfigElement): Slot[] {
  const own = [...level.spec.attributes.filter((a) => a.key), ...level.spec.attributes.filter((a) => !a.key)].map((attr) => ({ attr, extra: false }));
  const extras = Object.keys(element.attributes)
    .filter((name) => !attributeSpec(level.spec, name) && !BOOKKEEPING_ATTRIBUTES.includes(name))
    .map((name) => ({ attr: (level.sbc && attributeSpec(level.sbc, name)) ?? { name, help: "", valueType: "string" as const }, extra: true }));
  return [...own, ...extras];
}

/** Whether the attribute's default is known: the catalog's attributes are empty when no default is given; the SBC's must name one. */
export function hasKnownDefault({ attr }: Slot, level: Level): boolean {
  return attr.defaultValue !== undefined || (level.fromCatalog && attributeSpec(level.spec, attr.name) !== undefined);
}

/**
 * The value worth writing: keys always, others when off their default, and those whose default is
 * not known (an SBC's metadata that names none) always; undefined when not.
 */
export function writtenValue(slot: Slot, element: ConfigElement, level: Level): AttributeValue | undefined {
  const value = element.attributes[slot.attr.name];
  if (value === undefined || slot.attr.key) return value;
  return hasKnownDefault(slot, level) && sameValue(value, defaultOf(slot.attr)) ? undefined : value;
}

/** The sub-elements in the order a typed resource sends them: its lists in the type's order, then the extra ones. */
function typedOrder(spec: ElementTypeSpec, subs: readonly ConfigElement[]): ConfigElement[] {
  const known = (spec.subElements ?? []).flatMap((s) => subs.filter((sub) => sub.elementType === s.name));
  return [...known, ...subs.filter((sub) => !subElementSpec(spec, sub.elementType))];
}

/**
 * Whether the typed class's args can hold the element as the SBC has it: an SBC release may hold
 * an enum value its catalog entry does not know, or an integer not in plain decimal form, which
 * the class's types refuse; and a typed resource sends its sub-elements grouped by type, which
 * keeps the SBC's order only when the SBC holds them so. Such an element is written with the
 * generic ConfigElement, which sends every value and sub-element as the SBC holds it.
 */
export function fitsTypedClass(level: Level, element: ConfigElement): boolean {
  const spec = level.spec;
  // A value at its default is not written, so it need not fit (an integer no source gives a default for is held empty).
  const fits = spec.attributes.every((attr) =>
    sameValue(element.attributes[attr.name], defaultOf(attr)) ||
    valueList(element.attributes[attr.name]).every((v) =>
      // A number written back must be the same text: "0123" would come back "123".
      attr.valueType === "integer" ? String(Number(v)) === v : attr.valueType !== "enum" || !attr.validValues?.length || attr.validValues.includes(v),
    ),
  );
  const ordered = typedOrder(spec, element.subElements).every((sub, i) => sub === element.subElements[i]);
  return fits && ordered && element.subElements.every((sub) => {
    const nested = subLevel(level, sub.elementType);
    return !nested || fitsTypedClass(nested, sub);
  });
}

/** Whether the element, or a sub-element within it, writes a value of a secret attribute. */
export function holdsSecret(level: Level, element: ConfigElement): boolean {
  if (slotsOf(level, element).some((slot) => slot.attr.secret && writtenValue(slot, element, level) !== undefined)) return true;
  return element.subElements.some((sub) => holdsSecret(levelOf(level, sub.elementType), sub));
}

/** What is written of a sub-element (and those within it), to compare lists across sites. */
export function written(level: Level, element: ConfigElement): unknown {
  return [
    element.elementType,
    slotsOf(level, element).map((slot) => [slot.attr.name, writtenValue(slot, element, level) ?? null]),
    element.subElements.map((sub) => written(levelOf(level, sub.elementType), sub)),
  ];
}

/** An element's key as an attribute naming it holds it: the key values joined with `:` (`M00:0`). */
export function joinedKey(spec: ElementTypeSpec, element: ConfigElement): string | undefined {
  const values = keyAttributes(spec).map((k) => element.attributes[k.name]);
  return values.every((v) => typeof v === "string") ? values.join(":") : undefined;
}
