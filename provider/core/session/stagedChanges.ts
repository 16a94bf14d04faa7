/**
 * What the SBC's editing configuration holds that its running one does not, in every element type
 * the SBC has: changes staged by a run that was killed before it committed, or unsaved ACLI edits.
 * Oracle's REST API offers no cheaper way to know: it documents no pending-changes indicator and
 * no configuration version (ACLI's save-config bumps a version number that REST does not expose),
 * and a backup file can be written (`action=backup&backupSource=editing`) and listed but not read
 * back. So the two configurations are read type by type (`running=true` reads running): the SBC's
 * list of types, then two lists per type, several at a time. A type outside the client's catalog
 * is compared by the key its metadata gives, fetched only when the type differs.
 */
import { isDeepStrictEqual } from "node:util";
import { BOOKKEEPING_ATTRIBUTES, ElementTypeSpec, keyOf } from "../../../client/catalog/schema";
import { SbcClient } from "../../../client/client";
import { SbcMetadata } from "../metadata/sbcMetadata";
import { UnknownElementTypeError } from "../../../client/errors";
import { ConfigElement, describeElement, KeyValues, valueList } from "../../../client/types";

/** One element whose editing and running versions differ. */
export interface StagedChange {
  elementType: string;
  key: KeyValues;
  /** `sip-interface [realm-id=core]`. */
  label: string;
  kind: "added" | "deleted" | "changed";
  /** The attributes (bookkeeping aside) whose values differ; for a changed element only. */
  attributes: string[];
  /** Whether its sub-elements differ; for a changed element only. */
  subElements: boolean;
  /** The element as editing holds it (added, changed). */
  editing?: ConfigElement;
  /** The element as running holds it (deleted, changed). */
  running?: ConfigElement;
}

/** Parallel reads: the client's connection pool holds eight. */
const READS_AT_ONCE = 8;

/** Instances of a type in one configuration; none when this SBC does not support the type. */
export async function instances(client: SbcClient, spec: Pick<ElementTypeSpec, "name">, running: boolean): Promise<ConfigElement[]> {
  try {
    return await client.listElements(spec.name, { running });
  } catch (err) {
    if (err instanceof UnknownElementTypeError) return [];
    throw err;
  }
}

/** The attributes (bookkeeping aside) in which two instances differ. */
function differingAttributes(editing: ConfigElement, running: ConfigElement): string[] {
  const names = new Set([...Object.keys(editing.attributes), ...Object.keys(running.attributes)]);
  return [...names].filter(
    (name) => !BOOKKEEPING_ATTRIBUTES.includes(name) && !isDeepStrictEqual(valueList(editing.attributes[name]), valueList(running.attributes[name])),
  );
}

/** Every difference of one type: added, deleted, or changed (naming what changed). */
export function typeDifferences(spec: ElementTypeSpec, editing: ConfigElement[], running: ConfigElement[]): StagedChange[] {
  const keyed = (list: ConfigElement[]) => new Map(list.map((element) => [describeElement(spec.name, keyOf(spec, element.attributes)), element]));
  const inEditing = keyed(editing);
  const inRunning = keyed(running);
  const base = (label: string, element: ConfigElement) => ({ elementType: spec.name, key: keyOf(spec, element.attributes), label, attributes: [], subElements: false });
  const changes: StagedChange[] = [];
  for (const [label, element] of inEditing) {
    const live = inRunning.get(label);
    if (!live) {
      changes.push({ ...base(label, element), kind: "added", editing: element });
      continue;
    }
    const attributes = differingAttributes(element, live);
    const subElements = !isDeepStrictEqual(element.subElements, live.subElements);
    if (attributes.length > 0 || subElements) changes.push({ ...base(label, element), kind: "changed", attributes, subElements, editing: element, running: live });
  }
  for (const [label, element] of inRunning) if (!inEditing.has(label)) changes.push({ ...base(label, element), kind: "deleted", running: element });
  return changes;
}

/** One line per difference of a type: `realm-config [identifier=core] changed (description, sub-elements)`. */
export function compareType(spec: ElementTypeSpec, editing: ConfigElement[], running: ConfigElement[]): string[] {
  return typeDifferences(spec, editing, running).map((change) => {
    const what = [...change.attributes, ...(change.subElements ? ["sub-elements"] : [])];
    return `${change.label} ${change.kind}${what.length > 0 ? ` (${what.join(", ")})` : ""}`;
  });
}

/** `realm-config [identifier=core] changed (description, sub-elements; last modified by REST-bob@10.0.0.9 at 2026-…)`. */
export function describeChange(change: StagedChange): string {
  const what = [...change.attributes, ...(change.subElements ? ["sub-elements"] : [])];
  const by = change.editing?.attributes["last-modified-by"];
  const at = change.editing?.attributes["last-modified-date"];
  const author = change.kind === "deleted" ? "" : by ? `last modified by ${valueList(by).join(",")}${at ? ` at ${valueList(at).join(",")}` : ""}` : "";
  const details = [what.join(", "), author].filter(Boolean).join("; ");
  return `${change.label} ${change.kind}${details ? ` (${details})` : ""}`;
}

/** Runs `work` on every item, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Every staged change of every type the SBC has, in the SBC's order of types. The type list and a
 * foreign type's metadata come from `metadata`, which the run's checks share, so neither is asked twice.
 */
export async function stagedChanges(client: SbcClient, metadata: SbcMetadata): Promise<StagedChange[]> {
  const types = await metadata.typeNames();
  const perType = new Map<string, StagedChange[]>();
  await eachLimited(types, READS_AT_ONCE, async (elementType) => {
    const [editing, running] = await Promise.all([instances(client, { name: elementType }, false), instances(client, { name: elementType }, true)]);
    if (isDeepStrictEqual(editing, running)) return;
    const spec = client.catalog.get(elementType) ?? (await metadata.spec(elementType));
    if (!spec) throw new Error(`the SBC lists element type ${elementType} but answers 404 to its metadata, so its differences cannot be told apart by key`);
    perType.set(elementType, typeDifferences(spec, editing, running));
  });
  return types.flatMap((t) => perType.get(t) ?? []);
}
