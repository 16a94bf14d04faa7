/**
 * The SBC's three configurations (editing, saved, running), its backup files, and the element semantics of the REST
 * API on the editing one: complete elements with defaults on create, key identity and 409 on a
 * duplicate, singletons created once, PUT merging attributes and replacing the sub-element lists
 * it names, DELETE by key, and `last-modified-by`/`last-modified-date` upkeep. Every mutation is
 * validated first and applied whole, or not at all.
 */
import { Catalog } from "../client/catalog/catalog";
import { AttributeSpec, defaultOf, ElementTypeSpec, keyAttributes, keyOf, subElementSpec } from "../client/catalog/schema";
import { describeProblems, validateElement } from "../client/catalog/validate";
import { AttributeValue, Attributes, ConfigElement, describeElement, sameValue, valueList } from "../client/types";
import { HttpError } from "./httpError";

/** Element type → instances in creation order. */
export type Configuration = Map<string, ConfigElement[]>;

export type StoreName = "editing" | "saved" | "running";

export function cloneConfiguration(config: Configuration): Configuration {
  return new Map([...config].map(([type, list]) => [type, structuredClone(list)]));
}

/** Query key attributes: name → values (several for a multi-valued key). */
export type KeyQuery = Map<string, string[]>;

function normalise(attr: AttributeSpec, value: AttributeValue): AttributeValue {
  return attr.multiValued && !Array.isArray(value) ? [value] : value;
}

/** `realm-config [identifier=core]`, for messages. */
export function describeKey(spec: ElementTypeSpec, element: ConfigElement): string {
  return describeElement(spec.name, keyOf(spec, element.attributes));
}

function matchesQuery(element: ConfigElement, query: KeyQuery): boolean {
  return [...query].every(([name, values]) => sameValue(element.attributes[name], values));
}

/** Stored elements' key values as text. A stored element is replaced, never changed, so its entry stays true. */
const storedKeys = new WeakMap<ConfigElement, string>();

/** An element's key values as text; a key the element leaves out is its default, as it will be stored. */
function keyText(spec: ElementTypeSpec, element: ConfigElement): string {
  const key = keyOf(spec, element.attributes);
  return JSON.stringify(keyAttributes(spec).map((k) => valueList(key[k.name])));
}

/**
 * Whether a stored element and a given one have the same key values. The stored side's text is
 * kept: a create compares the given element with every stored one, thousands in a seeded SBC.
 */
function sameKey(spec: ElementTypeSpec, stored: ConfigElement, given: ConfigElement, givenKey = keyText(spec, given)): boolean {
  let key = storedKeys.get(stored);
  if (key === undefined) storedKeys.set(stored, (key = keyText(spec, stored)));
  return key === givenKey;
}

export interface Author {
  user: string;
  address: string;
}

function timestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "");
}

export class ConfigStore {
  readonly stores: Record<StoreName, Configuration>;

  constructor(readonly catalog: Catalog, initial: Configuration = new Map()) {
    this.stores = { editing: cloneConfiguration(initial), saved: cloneConfiguration(initial), running: cloneConfiguration(initial) };
  }

  spec(elementType: string): ElementTypeSpec {
    const spec = this.catalog.get(elementType);
    if (!spec) throw new HttpError(404, `Unsupported element type: ${elementType}`);
    return spec;
  }

  /** Refuses query parameters that are not key attributes of the type. */
  checkQuery(spec: ElementTypeSpec, query: KeyQuery): void {
    const keys = new Set(keyAttributes(spec).map((k) => k.name));
    for (const name of query.keys()) {
      if (!keys.has(name)) {
        throw new HttpError(400, spec.singleton
          ? `${spec.name} is a single-instance element and takes no key attributes (got ${name})`
          : `${name} is not a key attribute of ${spec.name}; key attributes: ${[...keys].join(", ")}`);
      }
    }
  }

  /** Instances matching the given key attributes (all of them with no keys). */
  find(store: StoreName, elementType: string, query: KeyQuery): ConfigElement[] {
    const spec = this.spec(elementType);
    this.checkQuery(spec, query);
    return (this.stores[store].get(elementType) ?? []).filter((e) => matchesQuery(e, query));
  }

  /** Whether every key attribute of a multi-instance type is in the query (one instance asked for). */
  isFullKey(spec: ElementTypeSpec, query: KeyQuery): boolean {
    return spec.singleton || (keyAttributes(spec).every((k) => query.has(k.name)) && query.size > 0);
  }

  private validate(spec: ElementTypeSpec, element: ConfigElement, mode: "create" | "update"): void {
    const problems = validateElement(spec, element, "", { mode, allowBookkeeping: true });
    if (problems.length > 0) throw new HttpError(400, describeProblems(spec.name, problems));
  }

  /** Fills in every attribute the SBC supports, in metadata order: given, else current, else default. */
  private complete(spec: ElementTypeSpec, given: ConfigElement, current: ConfigElement | undefined, author: Author | undefined, now: Date): ConfigElement {
    const attributes: Attributes = {};
    for (const attr of spec.attributes) {
      const value = given.attributes[attr.name] ?? current?.attributes[attr.name];
      attributes[attr.name] = value === undefined ? defaultOf(attr) : normalise(attr, value);
    }
    const givenTypes = new Set(given.subElements.map((s) => s.elementType));
    const subElements: ConfigElement[] = [];
    for (const subSpec of spec.subElements ?? []) {
      const source = givenTypes.has(subSpec.name) ? given.subElements : current?.subElements ?? [];
      for (const sub of source.filter((s) => s.elementType === subSpec.name)) {
        subElements.push(this.complete(subSpec, sub, undefined, undefined, now));
      }
    }
    if (author) {
      attributes["last-modified-by"] = `REST-${author.user}@${author.address}`;
      attributes["last-modified-date"] = timestamp(now);
    }
    return { elementType: spec.name, attributes, subElements };
  }

  create(given: ConfigElement, author: Author): ConfigElement {
    const spec = this.spec(given.elementType);
    this.validate(spec, given, "create");
    const list = this.stores.editing.get(spec.name) ?? [];
    if (spec.singleton && list.length > 0) throw new HttpError(409, `${spec.name} already exists; it is a single-instance element: use PUT to change it`);
    const givenKey = keyText(spec, given);
    const duplicate = list.find((e) => sameKey(spec, e, given, givenKey));
    if (duplicate) throw new HttpError(409, `${describeKey(spec, duplicate)} already exists`);
    const element = this.complete(spec, given, undefined, author, new Date());
    this.stores.editing.set(spec.name, [...list, element]);
    return element;
  }

  update(given: ConfigElement, author: Author): ConfigElement {
    const spec = this.spec(given.elementType);
    this.validate(spec, given, "update");
    const list = this.stores.editing.get(spec.name) ?? [];
    const index = spec.singleton ? (list.length > 0 ? 0 : -1) : list.findIndex((e) => sameKey(spec, e, given));
    if (index < 0) {
      throw new HttpError(404, spec.singleton
        ? `${spec.name} does not exist yet; create it with POST first`
        : `${describeKey(spec, given)} not found`);
    }
    const element = this.complete(spec, given, list[index], author, new Date());
    const next = [...list];
    next[index] = element;
    this.stores.editing.set(spec.name, next);
    return element;
  }

  delete(elementType: string, query: KeyQuery): void {
    const spec = this.spec(elementType);
    this.checkQuery(spec, query);
    if (!this.isFullKey(spec, query)) {
      const missing = keyAttributes(spec).filter((k) => !query.has(k.name)).map((k) => k.name);
      throw new HttpError(400, `DELETE of ${spec.name} needs every key attribute; missing: ${missing.join(", ")}`);
    }
    const list = this.stores.editing.get(spec.name) ?? [];
    const index = list.findIndex((e) => matchesQuery(e, query));
    if (index < 0) throw new HttpError(404, `${spec.name} with ${[...query].map(([k, v]) => `${k}=${v.join(",")}`).join(" ")} not found`);
    this.stores.editing.set(spec.name, list.filter((_, i) => i !== index));
  }

  /** A complete element with every default, as the template endpoint serves it. */
  template(elementType: string, subElementNames: string[]): ConfigElement {
    const spec = this.spec(elementType);
    const subElements = subElementNames.map((name) => {
      const subSpec = subElementSpec(spec, name);
      if (!subSpec) throw new HttpError(404, `${name} is not a sub-element of ${spec.name}`);
      return this.complete(subSpec, { elementType: name, attributes: {}, subElements: [] }, undefined, undefined, new Date());
    });
    return this.complete(spec, { elementType, attributes: {}, subElements }, undefined, undefined, new Date());
  }

  copy(from: StoreName, to: StoreName): void {
    this.stores[to] = cloneConfiguration(this.stores[from]);
  }

  /** Backup files (the SBC's /code/bkups) by file name. */
  readonly backups = new Map<string, Configuration>();

  backUp(from: StoreName, filename: string): void {
    this.backups.set(filename, cloneConfiguration(this.stores[from]));
  }

  /** The editing configuration becomes the backup's; the file must exist. */
  restoreBackup(filename: string): void {
    this.stores.editing = cloneConfiguration(this.backups.get(filename) as Configuration);
  }
}
