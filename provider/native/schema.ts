/**
 * The `sbc` package schema, generated from the element-type catalog and the connection settings
 * table (the one place each fact is written): a resource per element type with typed, documented
 * properties, required keys, enums and secrets; an object type per sub-element type; the
 * provider's config and its explicit `Provider` inputs. pulumi-yaml resolves every `type:`
 * through it, and `pulumi import` and SDK generators read it. Output is deterministic so that a
 * test can tell when the committed provider/native/schema.json is stale.
 */
import { ElementTypeSpec, AttributeSpec } from "../../client/catalog/schema";
import { attributeFacts } from "../core/elements/attributeFacts";
import { holdsSecrets } from "../core/elements/secretAttributes";
import { subElementTypeNames, typeNameOf } from "../core/elements/argNames";
import { Setting, SETTINGS } from "../core/connection/connectionSettings";
import { ADOPT, attributeProperties, CONFIG_ELEMENT, EXTRA_ATTRIBUTES, EXTRA_SUB_ELEMENTS, PACKAGE, SUB_ELEMENT, subElementProperties, tokenOf } from "./tokens";
import { enumMemberNames } from "./enumMemberNames";
import { languageSettings } from "./sdkPackages";

type PropertySpec = Record<string, unknown>;

interface Types {
  [token: string]: Record<string, unknown>;
}

/** What the schema is being built from: the object types it holds, and each sub-element type's name. */
interface Build {
  types: Types;
  names: ReadonlyMap<ElementTypeSpec, string>;
}

function typeNameIn(build: Build, spec: ElementTypeSpec): string {
  return build.names.get(spec) ?? typeNameOf(spec.name);
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function attributeDescription(attr: AttributeSpec, inSubElement: boolean): string {
  return `${sentence(attr.help)} ${sentence(attributeFacts(attr, inSubElement).join("; "))}`;
}

/** The value type of one attribute: an enum type of its own where the catalog lists the values. */
function valueSpec(owner: ElementTypeSpec, attr: AttributeSpec, build: Build): PropertySpec {
  if (attr.valueType === "integer") return { type: "integer" };
  if (attr.valueType === "enum" && attr.validValues && attr.validValues.length > 0) {
    const token = `${PACKAGE}:index:${typeNameIn(build, owner)}${typeNameOf(attr.name)}`;
    const names = enumMemberNames(attr.validValues, attr.name);
    build.types[token] = {
      type: "string",
      description: `Values of \`${attr.name}\` in \`${owner.name}\`.`,
      enum: attr.validValues.map((value, i) => ({ name: names[i], value, ...(value === "" && { description: "The attribute unset." }) })),
    };
    return { $ref: `#/types/${token}` };
  }
  return { type: "string" };
}

function attributeSpecOf(owner: ElementTypeSpec, attr: AttributeSpec, build: Build, inSubElement: boolean): PropertySpec {
  const value = valueSpec(owner, attr, build);
  return {
    ...(attr.multiValued ? { type: "array", items: value } : value),
    description: attributeDescription(attr, inSubElement),
    ...(attr.secret && { secret: true }),
  };
}

/** Attribute and sub-element list properties of a type; its sub-element types are added to `types`. */
function propertiesOf(spec: ElementTypeSpec, build: Build, inSubElement: boolean): { properties: Record<string, PropertySpec>; keys: string[]; required: string[] } {
  const properties: Record<string, PropertySpec> = {};
  for (const { prop, attr } of attributeProperties(spec)) properties[prop] = attributeSpecOf(spec, attr, build, inSubElement);
  for (const { prop, spec: sub } of subElementProperties(spec)) {
    addSubElementType(sub, build);
    properties[prop] = {
      type: "array",
      items: { $ref: `#/types/${tokenOf(typeNameIn(build, sub))}` },
      description: `The \`${sub.name}\` sub-elements; when given, the list is managed as a whole.${holdsSecrets(sub) ? " Kept secret: its items hold secret attributes." : ""}`,
      ...(holdsSecrets(sub) && { secret: true }),
    };
  }
  Object.assign(properties, EXTRA_PROPERTIES);
  const keys = attributeProperties(spec).filter((p) => p.attr.key).map((p) => p.prop);
  const required = attributeProperties(spec).filter((p) => p.attr.required).map((p) => p.prop);
  return { properties, keys, required };
}

const SUB_ELEMENT_REF = { $ref: `#/types/${tokenOf(SUB_ELEMENT)}` };
const ANY_ATTRIBUTES: PropertySpec = { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };

/** Every typed resource and sub-element type's room for what the catalog does not list: the SBC's own metadata checks it. */
const EXTRA_PROPERTIES: Record<string, PropertySpec> = {
  [EXTRA_ATTRIBUTES]: {
    ...ANY_ATTRIBUTES,
    description: "Attributes the catalog does not list for this type, by the SBC's own names (kebab-case) → a value or a list of values; checked against the SBC's own metadata.",
  },
  [EXTRA_SUB_ELEMENTS]: {
    type: "array",
    items: SUB_ELEMENT_REF,
    description: "Sub-elements of types the catalog does not list for this type, as the SBC holds them; checked against the SBC's own metadata.",
  },
};

/** `sbc:index:SubElement`: a sub-element of any type, as a ConfigElement and `extraSubElements` carry it. */
const SUB_ELEMENT_TYPE = {
  type: "object",
  description: "A sub-element of any type, as the SBC nests it.",
  properties: {
    elementType: { type: "string", description: "The sub-element's type, as the SBC names it (e.g. `sip-port`)." },
    attributes: { ...ANY_ATTRIBUTES, description: "Attribute name (kebab-case, as the SBC spells it) → a value or a list of values." },
    subElements: { type: "array", items: SUB_ELEMENT_REF, description: "Its own sub-elements." },
  },
  required: ["elementType"],
};

/** `sbc:index:ConfigElement`: any element type the SBC has, by its SBC names, for types the catalog lacks. */
function configElementResource(): Record<string, unknown> {
  const properties: Record<string, PropertySpec> = {
    elementType: { type: "string", description: "The SBC element type, as its REST API names it (e.g. `realm-config`); changing it replaces the element." },
    attributes: { ...ANY_ATTRIBUTES, description: "Attribute name (kebab-case, as the SBC spells it) → a value or a list of values; checked against the catalog, or the SBC's own metadata for a type or attribute the catalog lacks." },
    subElements: { type: "array", items: SUB_ELEMENT_REF, description: "The element's sub-elements; when given, the list is managed as a whole." },
  };
  return {
    description:
      "Any configuration element the SBC has, by its REST API's names: for element types the catalog does not list (typed resources are generated for those it does), checked against the SBC's own metadata. " +
      "Import it with the id `<elementType>/<key>=<value>&…` (the element type alone for a single-instance one).",
    properties: { ...properties, key: { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" }, description: "The key attributes that identify the element on the SBC." } },
    required: ["elementType"],
    inputProperties: {
      ...properties,
      [ADOPT]: { type: "boolean", description: "Take over an existing element with the same key (PUT of the given attributes) instead of failing." },
    },
    requiredInputs: ["elementType"],
  };
}

function addSubElementType(sub: ElementTypeSpec, build: Build): void {
  const { properties, required } = propertiesOf(sub, build, true);
  build.types[tokenOf(typeNameIn(build, sub))] = {
    type: "object",
    description: `${sentence(sub.description)} SBC sub-element \`${sub.name}\`.`,
    properties,
    ...(required.length > 0 && { required }),
  };
}

function resourceOf(spec: ElementTypeSpec, build: Build): Record<string, unknown> {
  const { properties, keys, required } = propertiesOf(spec, build, false);
  const identity = spec.singleton
    ? "Every SBC has exactly one: creating it adopts it, deleting it only releases it from the stack."
    : `Identified by ${keys.map((k) => `\`${k}\``).join(", ")}; import it with the id \`${spec.name}/<key>=<value>&…\`${keys.length === 1 ? " or the key value alone" : ""}.`;
  return {
    description: `${sentence(spec.description)} SBC element type \`${spec.name}\`. ${identity}`,
    properties,
    ...(keys.length > 0 && { required: keys }),
    inputProperties: {
      ...properties,
      [ADOPT]: { type: "boolean", description: "Take over an existing element with the same key (PUT of the given attributes) instead of failing." },
    },
    ...(required.length > 0 && { requiredInputs: required }),
  };
}

function settingSpec(setting: Setting): PropertySpec {
  const type = setting.type === "boolean" ? "boolean" : setting.type === "number" ? "number" : "string";
  const facts = [
    setting.type === "enum" ? `one of ${setting.values!.map((v) => `\`${v}\``).join(", ")}` : undefined,
    setting.type === "checks" ? "JSON text" : undefined,
    setting.default !== undefined ? `default \`${String(setting.default)}\`` : undefined,
    `else from the environment variable \`${setting.env}\``,
  ].filter(Boolean);
  return {
    type,
    description: `${sentence(setting.doc.replace(/^./, (c) => c.toUpperCase()))} ${sentence(facts.join("; "))}`,
    ...(setting.secret && { secret: true }),
  };
}

/** The whole schema for the element types of `specs`. */
export function buildSchema(specs: readonly ElementTypeSpec[], version: string): Record<string, unknown> {
  const types: Types = {};
  const build: Build = { types, names: subElementTypeNames(specs) };
  const resources: Record<string, unknown> = {};
  for (const spec of specs) resources[tokenOf(typeNameOf(spec.name))] = resourceOf(spec, build);
  resources[tokenOf(CONFIG_ELEMENT)] = configElementResource();
  types[tokenOf(SUB_ELEMENT)] = SUB_ELEMENT_TYPE;
  const settings = Object.fromEntries(SETTINGS.map((s) => [s.field, settingSpec(s)]));
  return {
    name: PACKAGE,
    displayName: "Oracle SBC",
    version,
    description: "Configuration elements of Oracle Communications Session Border Controllers (Acme Packet OS), through their REST API.",
    keywords: ["pulumi", "sbc", "oracle", "acme-packet", "sip", "category/network"],
    license: "Apache-2.0",
    language: languageSettings(),
    config: { variables: settings },
    provider: {
      description: "One SBC: its REST API, credentials and commit behaviour. Unset inputs fall back to the `SBC_*` environment variables.",
      inputProperties: settings,
    },
    resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))),
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** The schema as the plugin serves it and schema.json holds it. */
export function schemaText(specs: readonly ElementTypeSpec[], version: string): string {
  return `${JSON.stringify(buildSchema(specs, version), null, 2)}\n`;
}
