/**
 * The one translation between the native plugin's properties and the shapes the dynamic
 * provider's implementation works on (elementState.ts): typed camelCase properties
 * (`realmId: "core"`, `port: 5060`, `sipPorts: [...]`) ⇄ ElementInputs/ElementOutputs with
 * kebab-case string attributes and sub-elements. The connection does not travel with a native
 * resource: it is the configured provider's, added on the way in. Everything the native state
 * holds is typed properties; what the implementation keeps besides (which attributes the program
 * manages, adopt) is rebuilt from the old inputs the engine sends with every call.
 */
import { attributeSpec, AttributeSpec, BOOKKEEPING_ATTRIBUTES, defaultOf, ElementTypeSpec, keyAttributes, keyOf, subElementSpec } from "../../client/catalog/schema";
import { Attributes, AttributeValue, KeyValues, sameValue } from "../../client/types";
import { CheckFailure } from "../core/elements/check";
import { ConnectionSettings } from "../core/connection/connectionSettings";
import { ElementInputs, ElementOutputs, inSbcOrder, isUnknown, SubElementInput, UNKNOWN } from "../core/elements/elementState";
import { holdsSecrets, secretNamesOf, splitAttributes } from "../core/elements/secretAttributes";
import { ADOPT, attributeProperties, EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS, subElementProperties } from "./tokens";
import { PropertyMap } from "./wire";

/** The configured provider's connection, as the implementation takes it from a resource. */
export interface ProviderConnection {
  settings: ConnectionSettings;
  password?: string;
  sdmPassword?: string;
}

/** What an element's inputs are besides its properties: where it lives and who declares it. */
export interface Context {
  connection: ProviderConnection;
  /** `sbc:RealmConfig::core`, as the dynamic path names an owner (keyClaims.ts). */
  owner?: string;
}

function attributeValue(attr: AttributeSpec, value: unknown): AttributeValue {
  if (isUnknown(value)) return UNKNOWN;
  if (attr.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => (isUnknown(item) ? UNKNOWN : scalar(item)));
  }
  return Array.isArray(value) ? (value.map(scalar) as string[]) : scalar(value);
}

/** A number or boolean as the SBC writes it; anything else passes as it is, for check to name it. */
function scalar(value: unknown): string {
  return typeof value === "number" || typeof value === "boolean" ? String(value) : (value as string);
}

/** A value of `extraAttributes` or a generic element's `attributes`: text, or a list of texts (numbers and booleans as the SBC writes them). */
export function looseValue(value: unknown): AttributeValue {
  if (isUnknown(value)) return UNKNOWN;
  return Array.isArray(value) ? value.map((v) => (isUnknown(v) ? UNKNOWN : scalar(v))) : scalar(value);
}

/** An `extraAttributes` (or generic `attributes`) map as attributes; anything else is a failure at `property`. */
export function looseAttributes(value: unknown, property: string, owner: string, failures: CheckFailure[]): Attributes {
  if (value === undefined || value === null) return {};
  if (isUnknown(value)) return UNKNOWN as unknown as Attributes;
  if (typeof value !== "object" || Array.isArray(value)) {
    failures.push({ property, reason: `${owner}: ${property} must map SBC attribute names to a value or a list of values` });
    return {};
  }
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, looseValue(v)]));
}

/** An `extraSubElements` (or generic `subElements`) list as sub-elements, as the SBC nests them. */
export function looseSubElements(value: unknown, property: string, owner: string, failures: CheckFailure[]): SubElementInput[] {
  if (value === undefined || value === null) return [];
  if (isUnknown(value)) return UNKNOWN as unknown as SubElementInput[];
  if (!Array.isArray(value)) {
    failures.push({ property, reason: `${owner}: ${property} must be a list of { elementType, attributes, subElements }` });
    return [];
  }
  return value.map((item, i) => {
    if (isUnknown(item)) return UNKNOWN as unknown as SubElementInput;
    const at = `${property}[${i}]`;
    const fields = (item ?? {}) as PropertyMap;
    if (typeof fields.elementType !== "string" || fields.elementType === "") {
      failures.push({ property: `${at}.elementType`, reason: `${owner}: ${at}.elementType must name the sub-element's type, as the SBC does` });
    }
    return {
      elementType: String(fields.elementType ?? ""),
      attributes: looseAttributes(fields.attributes, `${at}.attributes`, owner, failures),
      subElements: looseSubElements(fields.subElements, `${at}.subElements`, owner, failures),
    };
  });
}

function attributesOf(spec: ElementTypeSpec, props: PropertyMap, failures: CheckFailure[], prefix: string): Attributes {
  const known = new Set([...attributeProperties(spec).map((p) => p.prop), ...subElementProperties(spec).map((p) => p.prop), EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS]);
  for (const name of Object.keys(props)) {
    if (!known.has(name) && !(prefix === "" && name === ADOPT)) {
      failures.push({ property: `${prefix}${name}`, reason: `${spec.name}: ${name} is not a property of ${spec.name}; its properties are ${[...known].join(", ")}` });
    }
  }
  // The typed properties win an attribute both give.
  const extra = looseAttributes(props[EXTRA_ATTRIBUTES], `${prefix}${EXTRA_ATTRIBUTES}`, spec.name, failures);
  if (isUnknown(extra)) return UNKNOWN as unknown as Attributes;
  const attributes: Attributes = { ...extra };
  for (const { prop, attr } of attributeProperties(spec)) {
    if (props[prop] !== undefined && props[prop] !== null) attributes[attr.name] = attributeValue(attr, props[prop]);
  }
  return attributes;
}

function subElementsOf(spec: ElementTypeSpec, props: PropertyMap, failures: CheckFailure[], prefix: string): SubElementInput[] | undefined {
  const given = subElementProperties(spec).filter(({ prop }) => props[prop] !== undefined && props[prop] !== null);
  const extra = props[EXTRA_SUB_ELEMENTS];
  if (given.length === 0 && (extra === undefined || extra === null)) return undefined;
  if (given.some(({ prop }) => isUnknown(props[prop])) || isUnknown(extra)) return UNKNOWN as unknown as SubElementInput[];
  const typed = given.flatMap(({ prop, spec: sub }) => {
    const items = props[prop];
    if (!Array.isArray(items)) {
      failures.push({ property: `${prefix}${prop}`, reason: `${spec.name}: ${prop} must be a list of ${sub.name} sub-elements` });
      return [];
    }
    return items.map((item, i) => {
      if (isUnknown(item)) return UNKNOWN as unknown as SubElementInput;
      const itemProps = (item ?? {}) as PropertyMap;
      const at = `${prefix}${prop}[${i}].`;
      return { elementType: sub.name, attributes: attributesOf(sub, itemProps, failures, at), subElements: subElementsOf(sub, itemProps, failures, at) ?? [] };
    });
  });
  return [...typed, ...looseSubElements(extra, `${prefix}${EXTRA_SUB_ELEMENTS}`, spec.name, failures)];
}

export function withContext(inputs: Omit<ElementInputs, "connection" | "connectionPassword" | "sdmPassword" | "owner">, context: Context): ElementInputs {
  return {
    ...inputs,
    connectionFromProvider: true,
    connection: context.connection.settings,
    connectionPassword: context.connection.password,
    sdmPassword: context.connection.sdmPassword,
    owner: context.owner,
  };
}

/**
 * A resource's native inputs (secrets revealed; `secrets` names the properties the program sent
 * as secret) as ElementInputs, and the properties that are not the type's.
 */
export function inputsOf(spec: ElementTypeSpec, props: PropertyMap, secrets: ReadonlySet<string>, context: Context): { inputs: ElementInputs; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const all = attributesOf(spec, props, failures, "");
  const programSecrets = attributeProperties(spec).filter((p) => secrets.has(p.prop)).map((p) => p.attr.name);
  const { attributes, secret } = splitAttributes(all, secretNamesOf(spec, { secretAttributes: Object.fromEntries(programSecrets.map((n) => [n, ""])) }));
  const given = subElementsOf(spec, props, failures, "");
  const subElements = given && inSbcOrder(spec, given);
  const inputs = withContext(
    {
      elementType: spec.name,
      attributes,
      ...(secret && { secretAttributes: secret }),
      ...(subElements !== undefined && { subElements }),
      ...(props[ADOPT] !== undefined && { adopt: props[ADOPT] as boolean }),
    },
    context,
  );
  return { inputs, failures };
}

function typedValue(attr: AttributeSpec, value: AttributeValue): unknown {
  const number = (v: string) => (/^-?\d+$/.test(v) ? Number(v) : undefined);
  if (attr.multiValued) {
    const items = Array.isArray(value) ? value : value === "" ? [] : [value];
    return attr.valueType === "integer" ? items.map(number).filter((n) => n !== undefined) : items;
  }
  const one = Array.isArray(value) ? value[0] ?? "" : value;
  return attr.valueType === "integer" ? number(one) : one;
}

function propertiesOfAttributes(spec: ElementTypeSpec, attributes: Attributes, subElements: SubElementInput[]): PropertyMap {
  const props: PropertyMap = {};
  for (const { prop, attr } of attributeProperties(spec)) {
    const value = attributes[attr.name];
    if (value !== undefined) props[prop] = isUnknown(value) ? UNKNOWN : typedValue(attr, value);
  }
  // What the catalog does not list goes back in the extra properties, by the SBC's names.
  const extra = Object.entries(attributes).filter(([name]) => !attributeSpec(spec, name) && !BOOKKEEPING_ATTRIBUTES.includes(name));
  if (extra.length > 0) props[EXTRA_ATTRIBUTES] = Object.fromEntries(extra);
  for (const { prop, spec: sub } of subElementProperties(spec)) {
    const items = subElements.filter((s) => s.elementType === sub.name);
    if (items.length > 0) props[prop] = items.map((s) => propertiesOfAttributes(sub, s.attributes ?? {}, s.subElements ?? []));
  }
  const extraSubs = subElements.filter((s) => !subElementSpec(spec, s.elementType));
  if (extraSubs.length > 0) props[EXTRA_SUB_ELEMENTS] = extraSubs.map(looseProperties);
  return props;
}

/** A sub-element as `extraSubElements` (and a generic ConfigElement) carries it. */
export function looseProperties(sub: SubElementInput): PropertyMap {
  return { elementType: sub.elementType, attributes: sub.attributes ?? {}, ...(sub.subElements?.length && { subElements: sub.subElements.map(looseProperties) }) };
}

/** ElementOutputs as native state: typed properties, and the names of those to keep secret. */
export function propertiesOf(spec: ElementTypeSpec, outputs: ElementOutputs): { props: PropertyMap; secrets: Set<string> } {
  const secretNames = Object.keys(outputs.secretAttributes ?? {});
  const attributes = { ...outputs.attributes, ...outputs.secretAttributes };
  const props = propertiesOfAttributes(spec, attributes, outputs.subElements ?? []);
  const secrets = new Set([
    ...attributeProperties(spec).filter((p) => secretNames.includes(p.attr.name) && props[p.prop] !== undefined).map((p) => p.prop),
    ...subElementProperties(spec).filter((p) => holdsSecrets(p.spec) && props[p.prop] !== undefined).map((p) => p.prop),
  ]);
  return { props, secrets };
}

/** ElementInputs as native inputs (what Read hands back for refresh and import). */
export function inputPropertiesOf(spec: ElementTypeSpec, inputs: ElementInputs): { props: PropertyMap; secrets: Set<string> } {
  const { props, secrets } = propertiesOf(spec, { ...inputs, key: {}, managedAttributes: [], managesSubElements: false, subElements: inputs.subElements ?? [] });
  return { props: { ...props, ...(inputs.adopt !== undefined && { [ADOPT]: inputs.adopt }) }, secrets };
}

/**
 * Native state (and the old inputs, when the engine has them) as the ElementOutputs the
 * implementation's diff, update, delete and read take.
 */
export function outputsOf(spec: ElementTypeSpec, state: PropertyMap, oldInputs: PropertyMap | undefined, context: Context): ElementOutputs {
  const all = attributesOf(spec, state, [], "");
  const old = oldInputs && inputsOf(spec, oldInputs, new Set(), context).inputs;
  const { attributes, secret } = splitAttributes(all, secretNamesOf(spec, old ?? {}));
  return withContext(
    {
      elementType: spec.name,
      key: keyOf(spec, all),
      attributes,
      ...(secret && { secretAttributes: secret }),
      subElements: subElementsOf(spec, state, [], "") ?? [],
      managedAttributes: Object.keys({ ...old?.attributes, ...old?.secretAttributes }),
      managesSubElements: old?.subElements !== undefined,
      // Native state holds every property it has, the attributes a refresh found off their default among them.
      recordsOffDefaults: true,
      ...(old?.adopt !== undefined && { adopt: old.adopt }),
    } as Omit<ElementOutputs, "connection">,
    context,
  ) as ElementOutputs;
}

/** A check failure's path (`attributes.realm-id`, `subElements.sip-port[0].attributes.port`) as the native property (`realmId`, `sipPorts[0].port`). */
export function propertyPath(spec: ElementTypeSpec, path: string): string {
  const attribute = /^attributes\.([A-Za-z0-9-]+)(.*)$/.exec(path);
  if (attribute) {
    const prop = attributeProperties(spec).find((p) => p.attr.name === attribute[1])?.prop;
    return prop ? `${prop}${attribute[2]}` : `${EXTRA_ATTRIBUTES}["${attribute[1]}"]${attribute[2]}`;
  }
  const sub = /^subElements\.([a-z0-9-]+)\[(\d+)\](?:\.(.*))?$/.exec(path);
  const subProp = sub && subElementProperties(spec).find((p) => p.spec.name === sub[1]);
  if (!sub || !subProp) return path;
  const head = `${subProp.prop}[${sub[2]}]`;
  return sub[3] === undefined ? head : `${head}.${propertyPath(subProp.spec, sub[3])}`;
}

/** The element an import id names: `realm-config/identifier=core`, as elementId writes it, or the key value alone for a type with one key. */
export function keyOfId(spec: ElementTypeSpec, id: string): KeyValues {
  const keys = keyAttributes(spec);
  const slash = id.indexOf("/");
  const [type, query] = slash < 0 ? [id, undefined] : [id.slice(0, slash), id.slice(slash + 1)];
  if (type === spec.name && (query !== undefined || keys.length === 0)) {
    const params = new URLSearchParams(query ?? "");
    const key: KeyValues = {};
    for (const attr of keys) {
      const values = params.getAll(attr.name);
      if (values.length === 0) throw new Error(`import id "${id}" does not give the key attribute ${attr.name} of ${spec.name}: write it as ${exampleId(spec)}`);
      key[attr.name] = attr.multiValued ? values : values[0];
    }
    const extra = [...params.keys()].filter((name) => !keys.some((k) => k.name === name));
    if (extra.length > 0) throw new Error(`import id "${id}" names ${extra.join(", ")}, which ${keys.length > 0 ? `are not key attributes of ${spec.name}` : `${spec.name} has no key`}: write it as ${exampleId(spec)}`);
    return key;
  }
  if (keys.length === 1 && slash < 0) return { [keys[0].name]: keys[0].multiValued ? [id] : id };
  throw new Error(`import id "${id}" does not name a ${spec.name}: write it as ${exampleId(spec)}`);
}

function exampleId(spec: ElementTypeSpec): string {
  const keys = keyAttributes(spec);
  if (keys.length === 0) return spec.name;
  const full = `${spec.name}/${keys.map((k) => `${k.name}=<${k.name}>`).join("&")}`;
  return keys.length === 1 ? `${full} or <${keys[0].name}> alone` : full;
}

/**
 * An imported element's program: its key, every attribute off its default (`spec`: the catalog's
 * entry, with the SBC's own metadata for what the catalog lacks; an attribute neither knows is
 * kept), and its sub-elements.
 */
export function importedInputs(spec: ElementTypeSpec, outputs: ElementOutputs): ElementInputs {
  const live = { ...outputs.attributes, ...outputs.secretAttributes };
  const names = Object.keys(live).filter((name) => {
    if (BOOKKEEPING_ATTRIBUTES.includes(name)) return false;
    const attr = attributeSpec(spec, name);
    return !attr || attr.key || !sameValue(live[name], defaultOf(attr));
  });
  const { attributes, secret } = splitAttributes(Object.fromEntries(names.map((n) => [n, live[n]])), secretNamesOf(spec, outputs));
  return {
    elementType: spec.name,
    attributes,
    ...(secret && { secretAttributes: secret }),
    ...(outputs.subElements?.length && { subElements: outputs.subElements }),
  };
}

/** What Create in preview answers: the program's values, and unknown where the SBC fills in its own. */
export function previewOfCreate(spec: ElementTypeSpec, props: PropertyMap): PropertyMap {
  const out: PropertyMap = {};
  for (const { prop } of [...attributeProperties(spec), ...subElementProperties(spec)]) out[prop] = props[prop] ?? UNKNOWN;
  // The extra properties hold only what the program gives: the SBC adds none of its own there.
  for (const prop of [EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS]) if (props[prop] !== undefined) out[prop] = props[prop];
  return out;
}

/** What Update in preview answers: the element as it is with the program's values; what the program drops goes back to a default the SBC picks. */
export function previewOfUpdate(spec: ElementTypeSpec, state: PropertyMap, props: PropertyMap, oldInputs: PropertyMap | undefined): PropertyMap {
  const out: PropertyMap = {};
  for (const { prop } of [...attributeProperties(spec), ...subElementProperties(spec)]) {
    out[prop] = props[prop] ?? (oldInputs && prop in oldInputs ? UNKNOWN : state[prop]);
  }
  for (const prop of [EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS]) if (props[prop] !== undefined) out[prop] = props[prop];
  return out;
}
