/**
 * Attributes the catalog (or an SBC's metadata, through a typed class) marks secret travel apart
 * from the others, in `secretAttributes`, as the connection password travels in
 * `connectionPassword`: the engine keeps secrecy per top-level property, and hiding all of
 * `attributes` for one key would hide the whole element from diffs. The provider joins them
 * back for check, diff and the SBC, and splits the SBC's answer again for the outputs.
 */
import { builtinCatalog } from "../../../client/catalog/catalog";
import { ElementTypeSpec } from "../../../client/catalog/schema";
import { Attributes, valueList } from "../../../client/types";
import { isUnknown, UNKNOWN } from "./elementState";

/** What carries attributes and, apart, the secret ones. */
interface WithSecretAttributes {
  attributes?: Attributes;
  secretAttributes?: Attributes;
}

function specSecretNames(spec: ElementTypeSpec): string[] {
  return spec.attributes.filter((a) => a.secret).map((a) => a.name);
}

/** The attributes of `elementType` the built-in catalog marks secret. */
export function catalogSecretNames(elementType: string): string[] {
  const spec = builtinCatalog.get(elementType);
  return spec ? specSecretNames(spec) : [];
}

/**
 * Whether a sub-element type below `spec`, at any depth, has a secret attribute (ntp-config's
 * authenticated servers carry their key): the engine keeps secrecy per top-level property, so
 * such an element's whole `subElements` is kept secret.
 */
export function subElementsHoldSecrets(spec: ElementTypeSpec): boolean {
  return (spec.subElements ?? []).some(holdsSecrets);
}

/** Whether a sub-element type, or one below it, has a secret attribute. */
export function holdsSecrets(spec: ElementTypeSpec): boolean {
  return spec.attributes.some((a) => a.secret) || subElementsHoldSecrets(spec);
}

/** subElementsHoldSecrets for a type of the built-in catalog. */
export function catalogSubElementsHoldSecrets(elementType: string): boolean {
  const spec = builtinCatalog.get(elementType);
  return spec ? subElementsHoldSecrets(spec) : false;
}

interface WithSubElements {
  elementType: string;
  attributes?: Attributes;
  subElements?: WithSubElements[];
}

/** The values of the secret attributes of sub-elements (by `spec`), to be redacted from any text. */
export function subElementSecretValues(spec: ElementTypeSpec, subElements: readonly WithSubElements[] | undefined): string[] {
  if (!subElements || isUnknown(subElements)) return [];
  return subElements.flatMap((sub) => {
    const subSpec = spec.subElements?.find((s) => s.name === sub.elementType);
    if (!subSpec || isUnknown(sub)) return [];
    const own = subSpec.attributes.filter((a) => a.secret).flatMap((a) => {
      const value = sub.attributes?.[a.name];
      return value === undefined || isUnknown(value) ? [] : valueList(value);
    });
    return [...own, ...subElementSecretValues(subSpec, sub.subElements)];
  });
}

/** `attributes` split by `secretNames`; `secret` is undefined when none of them is there. */
export function splitAttributes(attributes: Attributes, secretNames: readonly string[]): { attributes: Attributes; secret?: Attributes } {
  const isSecret = ([name]: [string, unknown]) => secretNames.includes(name);
  const entries = Object.entries(attributes);
  const secret = entries.filter(isSecret);
  if (secret.length === 0) return { attributes };
  return { attributes: Object.fromEntries(entries.filter((e) => !isSecret(e))), secret: Object.fromEntries(secret) };
}

/** Secret by the catalog, or because the program sent it as secret. */
export function secretNamesOf(spec: ElementTypeSpec, inputs: WithSecretAttributes): string[] {
  const given = inputs.secretAttributes && !isUnknown(inputs.secretAttributes) ? Object.keys(inputs.secretAttributes) : [];
  return [...new Set([...specSecretNames(spec), ...given])];
}

/** The inputs (or outputs) with the secret attributes back among the others: what check, diff and the SBC see. */
export function withSecretsJoined<T extends WithSecretAttributes>(inputs: T): T {
  const { secretAttributes, ...rest } = inputs;
  if (secretAttributes === undefined) return inputs;
  if (isUnknown(secretAttributes) || isUnknown(rest.attributes)) return { ...rest, attributes: UNKNOWN } as unknown as T;
  return { ...rest, attributes: { ...rest.attributes, ...secretAttributes } } as T;
}

/** The secret attributes' values, to be redacted from any text that leaves the provider. */
export function secretValuesOf(inputs: WithSecretAttributes): string[] {
  const secret = inputs.secretAttributes;
  if (!secret || isUnknown(secret)) return [];
  return Object.values(secret).flatMap((value) => (isUnknown(value) ? [] : valueList(value)));
}
