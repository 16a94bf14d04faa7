/**
 * The native `sbc:index:ConfigElement` (any element type, by the SBC's own names) ⇄ the shapes the
 * implementation works on, as elementProperties.ts does for the typed resources: `elementType`,
 * `attributes` (kebab-case name → a value or a list) and `subElements` (`{ elementType,
 * attributes, subElements }`) pass through; the key is recorded in the state for diff and delete.
 * Secrecy is per top-level property: an element with a secret attribute (by the catalog, or as the
 * program sent it) keeps its whole `attributes` secret, and its sub-elements likewise.
 */
import { builtinCatalog } from "../../client/catalog/catalog";
import { KeyValues } from "../../client/types";
import { CheckFailure } from "../core/elements/check";
import { ElementInputs, ElementOutputs, inSbcOrder, isUnknown, UNKNOWN } from "../core/elements/elementState";
import { secretNamesOf, splitAttributes, subElementsHoldSecrets } from "../core/elements/secretAttributes";
import { Context, looseAttributes, looseProperties, looseSubElements, withContext } from "./elementProperties";
import { ADOPT } from "./tokens";
import { PropertyMap } from "./wire";

const FIELDS = new Set(["elementType", "attributes", "subElements", ADOPT]);

function elementTypeOf(props: PropertyMap): string {
  return typeof props.elementType === "string" ? props.elementType : "";
}

/** A generic resource's inputs (secrets revealed) as ElementInputs, and what is wrong with their shape. */
export function genericInputsOf(props: PropertyMap, secrets: ReadonlySet<string>, context: Context): { inputs: ElementInputs; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const elementType = isUnknown(props.elementType) ? (UNKNOWN as string) : elementTypeOf(props);
  const owner = elementType || "ConfigElement";
  for (const name of Object.keys(props)) {
    if (!FIELDS.has(name)) failures.push({ property: name, reason: `${owner}: ${name} is not a property of sbc:index:ConfigElement; its properties are elementType, attributes, subElements, adopt` });
  }
  const all = looseAttributes(props.attributes, "attributes", owner, failures);
  const spec = builtinCatalog.get(elementType);
  // The program's secret attributes map makes every attribute in it secret.
  const secretNames = secrets.has("attributes") && !isUnknown(all) ? Object.keys(all) : spec ? secretNamesOf(spec, {}) : [];
  const { attributes, secret } = isUnknown(all) ? { attributes: all, secret: undefined } : splitAttributes(all, secretNames);
  const given = props.subElements === undefined || props.subElements === null ? undefined : looseSubElements(props.subElements, "subElements", owner, failures);
  const subElements = given && inSbcOrder(builtinCatalog.get(elementType), given);
  return {
    inputs: withContext(
      {
        elementType,
        attributes,
        ...(secret && { secretAttributes: secret }),
        ...(subElements !== undefined && { subElements }),
        ...(props[ADOPT] !== undefined && { adopt: props[ADOPT] as boolean }),
      },
      context,
    ),
    failures,
  };
}

/** ElementOutputs as the generic resource's state, and the properties to keep secret. */
export function genericPropertiesOf(outputs: ElementOutputs): { props: PropertyMap; secrets: Set<string> } {
  const attributes = { ...outputs.attributes, ...outputs.secretAttributes };
  const spec = builtinCatalog.get(outputs.elementType);
  const props: PropertyMap = {
    elementType: outputs.elementType,
    attributes,
    key: outputs.key,
    ...(outputs.subElements !== undefined && { subElements: outputs.subElements.map(looseProperties) }),
  };
  const secrets = new Set<string>();
  if (Object.keys(outputs.secretAttributes ?? {}).length > 0) secrets.add("attributes");
  if (outputs.subElements !== undefined && spec && subElementsHoldSecrets(spec)) secrets.add("subElements");
  return { props, secrets };
}

/** ElementInputs as the generic resource's inputs (what Read hands back for refresh and import). */
export function genericInputPropertiesOf(inputs: ElementInputs): { props: PropertyMap; secrets: Set<string> } {
  const { props, secrets } = genericPropertiesOf({ ...inputs, key: {}, managedAttributes: [], managesSubElements: false });
  delete props.key;
  return { props: { ...props, ...(inputs.adopt !== undefined && { [ADOPT]: inputs.adopt }) }, secrets };
}

/** The generic state (and old inputs) as the ElementOutputs diff, update, delete and read take. */
export function genericOutputsOf(state: PropertyMap, oldInputs: PropertyMap | undefined, context: Context): ElementOutputs {
  const { inputs } = genericInputsOf({ ...state, key: undefined }, new Set(), context);
  const old = oldInputs && genericInputsOf(oldInputs, new Set(), context).inputs;
  const spec = builtinCatalog.get(inputs.elementType);
  const all = { ...inputs.attributes, ...inputs.secretAttributes };
  const { attributes, secret } = splitAttributes(all, spec ? secretNamesOf(spec, old ?? {}) : Object.keys(old?.secretAttributes ?? {}));
  return withContext(
    {
      elementType: inputs.elementType,
      key: (state.key as KeyValues | undefined) ?? {},
      attributes,
      ...(secret && { secretAttributes: secret }),
      subElements: inputs.subElements ?? [],
      managedAttributes: Object.keys({ ...old?.attributes, ...old?.secretAttributes }),
      managesSubElements: old?.subElements !== undefined,
      ...(old?.adopt !== undefined && { adopt: old.adopt }),
    } as Omit<ElementOutputs, "connection">,
    context,
  ) as ElementOutputs;
}

/** A check failure's path (`attributes.realm-id`) as the generic property (`attributes["realm-id"]`). */
export function genericPropertyPath(path: string): string {
  const attribute = /^attributes\.([A-Za-z0-9-]+)(.*)$/.exec(path);
  return attribute ? `attributes["${attribute[1]}"]${attribute[2]}` : path;
}

/** What an import id names: the element type, and its key from the id's query (`realm-config/identifier=core`). */
export function genericKeyOfId(id: string): { elementType: string; key: KeyValues } {
  const slash = id.indexOf("/");
  const elementType = slash < 0 ? id : id.slice(0, slash);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(elementType)) {
    throw new Error(`import id "${id}" does not name an element type: write it as <elementType>/<key>=<value>&… (realm-config/identifier=core), or the type alone for a single-instance one`);
  }
  const key: KeyValues = {};
  for (const [name, value] of new URLSearchParams(slash < 0 ? "" : id.slice(slash + 1))) {
    const prior = key[name];
    key[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return { elementType, key };
}
