/**
 * What the SBC's editing configuration holds that its running one does not: changes staged by a
 * run that was killed before it committed, or unsaved ACLI edits. Oracle's REST API documents no
 * pending-changes indicator and no configuration version (ACLI's save-config bumps a version
 * number that REST does not expose), so the two configurations are compared by reading the
 * element types asked for from both (`running=true` reads running). Types outside the client's
 * catalog are not compared.
 */
import { isDeepStrictEqual } from "node:util";
import { BOOKKEEPING_ATTRIBUTES, ElementTypeSpec, keyOf } from "../../../client/catalog/schema";
import { SbcClient } from "../../../client/client";
import { UnknownElementTypeError } from "../../../client/errors";
import { ConfigElement, describeElement } from "../../../client/types";

/** Instances of a type in one configuration; none when this SBC does not support the type. */
export async function instances(client: SbcClient, spec: ElementTypeSpec, running: boolean): Promise<ConfigElement[]> {
  try {
    return await client.listElements(spec.name, { running });
  } catch (err) {
    if (err instanceof UnknownElementTypeError) return [];
    throw err;
  }
}

/** The attributes (bookkeeping aside) and sub-elements in which two instances differ. */
function differingParts(editing: ConfigElement, running: ConfigElement): string[] {
  const names = new Set([...Object.keys(editing.attributes), ...Object.keys(running.attributes)]);
  const parts = [...names].filter(
    (name) => !BOOKKEEPING_ATTRIBUTES.includes(name) && !isDeepStrictEqual(editing.attributes[name], running.attributes[name]),
  );
  if (!isDeepStrictEqual(editing.subElements, running.subElements)) parts.push("sub-elements");
  return parts;
}

/** One line per difference of a type: added, deleted, or changed (naming what changed). */
export function compareType(spec: ElementTypeSpec, editing: ConfigElement[], running: ConfigElement[]): string[] {
  const label = (element: ConfigElement) => describeElement(spec.name, keyOf(spec, element.attributes));
  const keyed = (list: ConfigElement[]) => new Map(list.map((element) => [label(element), element]));
  const inEditing = keyed(editing);
  const inRunning = keyed(running);
  const lines: string[] = [];
  for (const [name, element] of inEditing) {
    const live = inRunning.get(name);
    if (!live) lines.push(`${name} added`);
    else {
      const parts = differingParts(element, live);
      if (parts.length > 0) lines.push(`${name} changed (${parts.join(", ")})`);
    }
  }
  for (const name of inRunning.keys()) if (!inEditing.has(name)) lines.push(`${name} deleted`);
  return lines;
}

/** Every staged change in `types`, as `sip-interface [realm-id=core] deleted`. */
export async function stagedChanges(client: SbcClient, types: readonly string[]): Promise<string[]> {
  const specs = types.flatMap((name) => client.catalog.get(name) ?? []);
  const perType = await Promise.all(
    specs.map(async (spec) => {
      const [editing, running] = await Promise.all([instances(client, spec, false), instances(client, spec, true)]);
      return compareType(spec, editing, running);
    }),
  );
  return perType.flat();
}
