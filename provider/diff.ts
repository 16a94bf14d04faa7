/**
 * `diff`, with no network call: a changed key attribute (or element type, or SBC host) replaces
 * the element — deleting first where old and new could not coexist, as for a singleton; any other
 * change of an attribute the program sets is an in-place update. Attributes the program does not
 * set, server defaults and `last-modified-*` never count; an unknown value counts as a change;
 * an attribute dropped from the program is reset to its default.
 */
import { Catalog } from "../sdk/catalog/catalog";
import { keyAttributes } from "../sdk/catalog/schema";
import { AttributeValue, sameValue } from "../sdk/types";
import { containsUnknown, ElementInputs, ElementOutputs, isUnknown, managedAttributesOf, managedSubElementsOf, SubElementInput } from "./elementState";

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

function changed(wanted: AttributeValue, live: AttributeValue | undefined): boolean {
  return containsUnknown(wanted) || !sameValue(wanted, live);
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
  if (isUnknown(wanted)) {
    const keyed = spec !== undefined && keyAttributes(spec).length > 0;
    return { changes: true, replaces: keyed ? [...replaces, "attributes"] : replaces, deleteBeforeReplace: false };
  }
  for (const attr of spec ? keyAttributes(spec) : []) {
    const value = wanted[attr.name];
    if (value !== undefined && changed(value, olds.key?.[attr.name])) replaces.push(`attributes.${attr.name}`);
  }
  let changes = replaces.length > 0;
  for (const [name, value] of Object.entries(wanted)) {
    if (changed(value, olds.attributes?.[name])) changes = true;
  }
  for (const name of managedAttributesOf(olds)) {
    if (!(name in wanted)) changes = true;
  }
  if (news.subElements !== undefined) {
    // Sub-elements the program starts to manage were not recorded: they are set whole.
    const oldSubs = managedSubElementsOf(olds);
    if (oldSubs === undefined || isUnknown(news.subElements) || subElementsDiffer(news.subElements, oldSubs)) changes = true;
  }
  const oldConnection = JSON.stringify({ ...olds.connection, password: olds.connectionPassword, sdmPassword: olds.sdmPassword });
  const newConnection = JSON.stringify({ ...news.connection, password: news.connectionPassword, sdmPassword: news.sdmPassword });
  if (oldConnection !== newConnection) changes = true;
  return { changes, replaces, deleteBeforeReplace: false };
}
