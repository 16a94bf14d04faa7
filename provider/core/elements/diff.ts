/**
 * `diff`, with no network call: a changed key attribute (or element type, or SBC host) replaces
 * the element — deleting first where old and new could not coexist: a singleton, or an element
 * whose new address:port claims (sip-ports, a steering-pool's range) take what the old one holds,
 * which verify would refuse between the create and the delete; any other
 * change of an attribute the program sets is an in-place update. Server defaults and
 * `last-modified-*` never count; an unknown value counts as a change; an attribute dropped from
 * the program is reset to its default, and so is one the program does not set that refresh found
 * off its default (a program that leaves an attribute out has it at its default), in an element
 * or in a sub-element of a list the program sets.
 */
import { Catalog } from "../../../client/catalog/catalog";
import { collide, portClaims } from "../../../client/catalog/portClaims";
import { attributeSpec, defaultOf, ElementTypeSpec, keyAttributes, subElementSpec } from "../../../client/catalog/schema";
import { Attributes, AttributeValue, sameValue } from "../../../client/types";
import { containsUnknown, ElementInputs, ElementOutputs, isUnknown, managedAttributesOf, managedSubElementsOf, SubElementInput, toConfigElement } from "./elementState";

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Whether the live sub-elements differ from the wanted ones in anything the program sets. */
export function subElementsDiffer(wanted: SubElementInput[], live: SubElementInput[]): boolean {
  if (wanted.length !== live.length) return true;
  return wanted.some((w, i) => {
    const l = live[i];
    if (containsUnknown(w)) return true;
    if (w.elementType !== l.elementType) return true;
    const attrsDiffer = Object.entries(w.attributes ?? {}).some(([name, value]) => !sameValue(value, l.attributes[name]));
    return attrsDiffer || (w.subElements !== undefined && subElementsDiffer(w.subElements, l.subElements ?? []));
  });
}

/**
 * The attributes the outputs hold off their default that `wanted` does not set and the program
 * did not set: a refresh records such a value when it was changed by hand (recordsOffDefaults),
 * and it goes back to its default.
 */
export function unsetOffDefault(spec: ElementTypeSpec | undefined, olds: ElementOutputs, wanted: Attributes): string[] {
  if (!spec || !olds.recordsOffDefaults) return [];
  const managed = managedAttributesOf(olds);
  return Object.entries(olds.attributes ?? {}).filter(([name, value]) => !(name in wanted) && !managed.includes(name) && offDefault(spec, name, value)).map(([name]) => name);
}

function offDefault(spec: ElementTypeSpec, name: string, value: AttributeValue): boolean {
  const attr = attributeSpec(spec, name);
  return attr !== undefined && !sameValue(value, defaultOf(attr));
}

/** Whether a sub-element the outputs record (by position) holds an attribute off its default that the program's sub-element does not set. */
export function subElementsOffDefault(spec: ElementTypeSpec | undefined, olds: ElementOutputs, wanted: readonly SubElementInput[]): boolean {
  const recorded = managedSubElementsOf(olds);
  return !!spec && !!olds.recordsOffDefaults && recorded !== undefined && !containsUnknown(wanted) && subsOffDefault(spec, wanted, recorded);
}

function subsOffDefault(spec: ElementTypeSpec, wanted: readonly SubElementInput[], recorded: readonly SubElementInput[]): boolean {
  return wanted.some((w, i) => {
    const r = recorded[i];
    const subSpec = subElementSpec(spec, w.elementType);
    if (!r || !subSpec || r.elementType !== w.elementType) return false;
    const unset = Object.entries(r.attributes ?? {}).some(([name, value]) => !(name in (w.attributes ?? {})) && offDefault(subSpec, name, value));
    return unset || subsOffDefault(subSpec, w.subElements ?? [], r.subElements ?? []);
  });
}

function changed(wanted: AttributeValue, live: AttributeValue | undefined): boolean {
  return containsUnknown(wanted) || !sameValue(wanted, live);
}

/** Whether the new element would take an address and port the old one holds (same SBC), so that both cannot exist at once. */
function claimsCollide(spec: ElementTypeSpec, olds: ElementOutputs, news: ElementInputs): boolean {
  if (!spec.portClaims) return false;
  // Not known yet (preview): the up that follows diffs again with the values.
  if (containsUnknown(news.attributes) || containsUnknown(news.subElements)) return false;
  const old = portClaims(spec, toConfigElement(spec.name, olds.attributes ?? {}, olds.subElements ?? []));
  const next = portClaims(spec, toConfigElement(spec.name, news.attributes ?? {}, news.subElements ?? []));
  return next.some((n) => old.some((o) => collide(o, n)));
}

export function diffElement(catalog: Catalog, olds: ElementOutputs, news: ElementInputs): DiffOutcome {
  const spec = catalog.get(olds.elementType);
  const singleton = spec?.singleton ?? false;
  if (isUnknown(news.elementType) || news.elementType !== olds.elementType) {
    return { changes: true, replaces: ["elementType"], deleteBeforeReplace: singleton };
  }
  const replaces: string[] = [];
  const oldHost = olds.connection?.host;
  const newHost = news.connection?.host;
  if (isUnknown(newHost) || (oldHost ?? "") !== (newHost ?? "")) replaces.push("connection.host");
  const wanted = news.attributes ?? {};
  // Wholly unknown attributes may hold another key: say so, or a deleteBeforeReplace of what they
  // come from (the engine asks dependents with its outputs unknown) would delete a referenced element.
  // A type outside the catalog is keyed as the SBC keyed it when the element was recorded.
  const keyNames = spec ? keyAttributes(spec).map((a) => a.name) : Object.keys(olds.key ?? {});
  if (isUnknown(wanted)) {
    return { changes: true, replaces: keyNames.length > 0 ? [...replaces, "attributes"] : replaces, deleteBeforeReplace: false };
  }
  for (const name of keyNames) {
    const value = wanted[name];
    if (value !== undefined && changed(value, olds.key?.[name])) replaces.push(`attributes.${name}`);
  }
  const sameSbc = !replaces.includes("connection.host");
  const deleteBeforeReplace = replaces.length > 0 && sameSbc && spec !== undefined && claimsCollide(spec, olds, news);
  return { changes: replaces.length > 0 || changedPaths(olds, news, spec).length > 0, replaces, deleteBeforeReplace };
}

/**
 * What differs between the program and what the SBC holds, as input paths: `attributes.<name>`
 * for an attribute set to another value or dropped (reset to its default), `subElements`,
 * `connection`; `attributes` when they are unknown as a whole. The native plugin reports these
 * property by property; `diffElement` only needs whether there are any.
 */
export function changedPaths(olds: ElementOutputs, news: ElementInputs, spec?: ElementTypeSpec): string[] {
  const wanted = news.attributes ?? {};
  if (isUnknown(wanted)) return ["attributes"];
  const paths: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (changed(value, olds.attributes?.[name])) paths.push(`attributes.${name}`);
  }
  for (const name of managedAttributesOf(olds)) {
    if (!(name in wanted)) paths.push(`attributes.${name}`);
  }
  for (const name of unsetOffDefault(spec, olds, { ...wanted, ...news.secretAttributes })) paths.push(`attributes.${name}`);
  if (news.subElements !== undefined) {
    // Sub-elements the program starts to manage were not recorded: they are set whole.
    const oldSubs = managedSubElementsOf(olds);
    if (oldSubs === undefined || isUnknown(news.subElements) || subElementsDiffer(news.subElements, oldSubs) || subElementsOffDefault(spec, olds, news.subElements)) paths.push("subElements");
  }
  const oldConnection = JSON.stringify({ ...olds.connection, password: olds.connectionPassword, sdmPassword: olds.sdmPassword });
  const newConnection = JSON.stringify({ ...news.connection, password: news.connectionPassword, sdmPassword: news.sdmPassword });
  if (oldConnection !== newConnection) paths.push("connection");
  return paths;
}
