/**
 * What it takes to exercise a catalog type through its example, derived from the catalog alone:
 * the elements the example references (each the referenced type's own example with its key set to
 * the value referenced, and what those reference in turn, each element once), and one change of a
 * non-key, non-reference parameter to another value its catalog entry accepts.
 */
import { Catalog } from "../../client/catalog/catalog";
import { referenceOf } from "../../client/catalog/references";
import { AttributeSpec, BOOKKEEPING_ATTRIBUTES, ElementTypeSpec, defaultOf, keyAttributes, keyOf, subElementSpec } from "../../client/catalog/schema";
import { Attributes, ConfigElement, valueList } from "../../client/types";

/** `realm-config {"identifier":"core"}`: an element's identity among all types. */
export function identity(spec: ElementTypeSpec, attributes: Attributes): string {
  return `${spec.name} ${JSON.stringify(keyOf(spec, attributes))}`;
}

/** The referenced type's example, named as the reference names it (the key, and behind a separator the rest of the keys). */
function referencedExample(catalog: Catalog, elementType: string, attribute: string, keys: string[]): { spec: ElementTypeSpec; element: ConfigElement } {
  const spec = catalog.get(elementType);
  if (!spec?.example) throw new Error(`a reference names ${elementType}, which has no example in the catalog`);
  const element = structuredClone(spec.example);
  const keyNames = [attribute, ...keyAttributes(spec).map((k) => k.name).filter((name) => name !== attribute)];
  keys.forEach((value, i) => {
    const attr = spec.attributes.find((a) => a.name === keyNames[i]);
    if (attr) element.attributes[attr.name] = attr.multiValued ? [value] : value;
  });
  return { spec, element };
}

/** Each value of `element` (and its sub-elements) that the catalog's reference table makes a reference. */
function* references(spec: ElementTypeSpec, element: ConfigElement): Generator<{ elementType: string; attribute: string; keys: string[] }> {
  for (const attr of spec.attributes) {
    if (!attr.references) continue;
    for (const value of valueList(element.attributes[attr.name])) {
      const target = referenceOf(attr, value);
      if (!target) continue;
      const { reference } = target;
      const keys = reference.separator !== undefined ? target.keys.split(reference.separator) : [target.key];
      yield { elementType: reference.elementType, attribute: reference.attribute, keys };
    }
  }
  for (const sub of element.subElements) {
    const subSpec = subElementSpec(spec, sub.elementType);
    if (subSpec) yield* references(subSpec, sub);
  }
}

export interface Dependencies {
  /** Every element the example needs, each once, those it needs before it. */
  elements: ConfigElement[];
  /** Whether one of them names the example's own element, so that they must be committed together. */
  namesTheExample: boolean;
}

/** The elements `element` of `spec` references, recursively; the element itself is not among them. */
export function dependenciesOf(catalog: Catalog, spec: ElementTypeSpec, element: ConfigElement): Dependencies {
  const self = identity(spec, element.attributes);
  const seen = new Set<string>([self]);
  const elements: ConfigElement[] = [];
  let namesTheExample = false;
  const walk = (ofSpec: ElementTypeSpec, of: ConfigElement, isDependency: boolean): void => {
    for (const ref of references(ofSpec, of)) {
      const target = referencedExample(catalog, ref.elementType, ref.attribute, ref.keys);
      const id = identity(target.spec, target.element.attributes);
      if (id === self && isDependency) namesTheExample = true;
      if (seen.has(id)) continue;
      seen.add(id);
      walk(target.spec, target.element, true);
      elements.push(target.element);
    }
  };
  walk(spec, element, false);
  return { elements, namesTheExample };
}

/** Another value `attr` accepts than `current`, or undefined when its catalog entry allows no other. */
export function anotherValue(attr: AttributeSpec, current: string): string | undefined {
  switch (attr.valueType) {
    case "enum":
      return attr.validValues?.find((v) => v !== current && v !== "");
    case "integer": {
      const n = current === "" ? undefined : Number(current);
      const candidates = n === undefined ? [attr.min ?? 1, 1] : [n + 1, n - 1];
      const fits = (v: number) => (attr.min === undefined || v >= attr.min) && (attr.max === undefined || v <= attr.max) && v !== n;
      const found = candidates.find(fits);
      return found === undefined ? undefined : String(found);
    }
    case "ipAddress":
      return current === "192.0.2.99" ? "192.0.2.98" : "192.0.2.99";
    case "ipPrefix":
      return current === "198.51.100.0/24" ? "203.0.113.0/24" : "198.51.100.0/24";
    case "hostname":
      return current === "updated.example.net" ? "changed.example.net" : "updated.example.net";
    case "string": {
      // A number at the end counts on (+12025550100 → +12025550101, 0100 → 0101), words get some more, a name a number.
      const numbered = /^(.*?)(\d+)$/.exec(current);
      const next = numbered
        ? `${numbered[1]}${String(Number(numbered[2]) + 1).padStart(numbered[2].length, "0")}`
        : current === "" ? "updated" : current.includes(" ") ? `${current}, revised` : `${current}-2`;
      return attr.maxLength === undefined || next.length <= attr.maxLength ? next : undefined;
    }
  }
}

/** Another list `attr` accepts: one item fewer when it has several, else one more that it does not hold yet. */
function anotherList(attr: AttributeSpec, current: string[]): string[] | undefined {
  if (current.length >= 2) return current.slice(0, -1);
  if (attr.references) return current.length === 1 ? [] : undefined;
  const item = attr.valueType === "enum" ? attr.validValues?.find((v) => v !== "" && !current.includes(v)) : anotherValue(attr, current[0] ?? "");
  return item === undefined || current.includes(item) ? undefined : [...current, item];
}

export interface Change {
  /** `attributes.description`, or `subElements[0].attributes.trigger-threshold` for a type without attributes. */
  path: string;
  from: string;
  to: string;
  /** The example with the change made. */
  element: ConfigElement;
}

/** Enums first (another value is plainly valid), then integers, then text and addresses. */
const PREFERENCE: readonly AttributeSpec["valueType"][] = ["enum", "integer", "string", "hostname", "ipAddress", "ipPrefix"];

/**
 * The non-key, non-secret attributes of `spec` in the order they are tried: those that are no
 * reference (single values before lists, the example's own first, by PREFERENCE), then lists of
 * references, which can lose an item and still name only elements that exist.
 */
function changeable(spec: ElementTypeSpec, element: ConfigElement): AttributeSpec[] {
  const eligible = spec.attributes.filter((a) => !a.key && !a.secret && !BOOKKEEPING_ATTRIBUTES.includes(a.name) && (!a.references || a.multiValued));
  const rank = (a: AttributeSpec) =>
    (a.references ? 4 : 0) * PREFERENCE.length + (a.multiValued ? 2 : 0) * PREFERENCE.length + (a.name in element.attributes ? 0 : PREFERENCE.length) + PREFERENCE.indexOf(a.valueType);
  return eligible.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map(({ a }) => a);
}

/** The attribute's value in `element` (its default where the example leaves it out), and another it accepts. */
function changeOfAttribute(attr: AttributeSpec, element: ConfigElement): { from: string; to: string; value: string | string[] } | undefined {
  const current = element.attributes[attr.name] ?? defaultOf(attr);
  if (attr.multiValued) {
    const list = valueList(current);
    const next = anotherList(attr, list);
    return next && { from: JSON.stringify(list), to: JSON.stringify(next), value: next };
  }
  const from = String(current);
  const to = anotherValue(attr, from);
  return to === undefined ? undefined : { from, to, value: to };
}

/**
 * One parameter of the example set to another valid value: one of the element's own attributes,
 * or for a type that has none to change (a single-instance holder of sub-elements), one of its
 * first sub-element's that has. Undefined when the catalog allows no other value anywhere.
 */
export function changeOf(spec: ElementTypeSpec, element: ConfigElement, path = "attributes"): Change | undefined {
  for (const attr of changeable(spec, element)) {
    const change = changeOfAttribute(attr, element);
    if (!change) continue;
    return { path: `${path}.${attr.name}`, from: change.from, to: change.to, element: { ...element, attributes: { ...element.attributes, [attr.name]: change.value } } };
  }
  for (const [i, sub] of element.subElements.entries()) {
    const subSpec = subElementSpec(spec, sub.elementType);
    const change = subSpec && changeOf(subSpec, sub, `${path.replace(/attributes$/, "")}subElements[${i}].attributes`);
    if (!change) continue;
    const subElements = element.subElements.map((s, j) => (j === i ? change.element : s));
    return { ...change, element: { ...element, subElements } };
  }
  return undefined;
}
