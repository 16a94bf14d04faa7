/**
 * Creating an element when the SBC's answer may be lost: a POST is not repeatable, so after a
 * transport failure or a 5xx the element is read back by its key. Absent: the POST never landed
 * and is sent again. Present with the intended values: it landed, and that is success. Present
 * with other values (or a 409 on the resend): an error that says so, never a silent takeover.
 * And what a take-over sends: only what differs from what the SBC holds.
 */
import { SbcClient } from "../../../client/client";
import { BrandedError } from "../../../client/errorBrand";
import { ElementTypeSpec, keyOf } from "../../../client/catalog/schema";
import { ConflictError, isTransientFailure } from "../../../client/errors";
import { ConfigElement, KeyValues, sameValue } from "../../../client/types";
import { subElementsDiffer } from "./diff";
import { fromConfigElement } from "./elementState";

const RESENDS = 2;

/** The attributes whose live value differs from what was asked for, and whether the asked-for sub-elements do. */
function mismatch(intended: ConfigElement, live: ConfigElement): { attributes: string[]; subElements: boolean } {
  return {
    attributes: Object.entries(intended.attributes).filter(([name, value]) => !sameValue(value, live.attributes[name])).map(([name]) => name),
    subElements: intended.subElements.length > 0 && subElementsDiffer(intended.subElements.map(fromConfigElement), live.subElements.map(fromConfigElement)),
  };
}

/** Attribute names whose live value differs from what was asked for; [] when the element is as intended. */
export function differences(intended: ConfigElement, live: ConfigElement): string[] {
  const { attributes, subElements } = mismatch(intended, live);
  return subElements ? [...attributes, "sub-elements"] : attributes;
}

/**
 * The PUT that brings `live` to `intended`: the key and the attributes that differ, and the
 * sub-element lists when they differ (a PUT replaces the lists it carries and keeps the others);
 * undefined when nothing differs. Each attribute sent is a line in the SBC's audit trail and a
 * change on a box carrying calls, so what already holds is not sent again.
 */
export function catchUp(spec: ElementTypeSpec, intended: ConfigElement, live: ConfigElement): ConfigElement | undefined {
  const { attributes, subElements } = mismatch(intended, live);
  if (attributes.length === 0 && !subElements) return undefined;
  return {
    elementType: intended.elementType,
    attributes: { ...keyOf(spec, intended.attributes), ...Object.fromEntries(attributes.map((name) => [name, intended.attributes[name]])) },
    subElements: subElements ? intended.subElements : [],
  };
}

export class ConflictingElementError extends BrandedError {
  static override readonly errorName: string = "ConflictingElementError";
  constructor(mismatched: string[]) {
    super(
      `the SBC's answer to the create was lost, and the element now on the SBC differs from the one asked for ` +
        `in ${mismatched.join(", ")}; someone else may have created it. Check it, then set adopt: true to take it over`,
    );
  }
}

/** POST `element`; on a lost answer, reconcile by reading it back as described above. */
export async function createReconciled(client: SbcClient, element: ConfigElement, key: KeyValues): Promise<ConfigElement> {
  let lost = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.createElement(element);
    } catch (err) {
      const conflictAfterLoss = lost && err instanceof ConflictError;
      if (!conflictAfterLoss && (!isTransientFailure(err) || attempt >= RESENDS)) throw err;
      lost = true;
      const live = await client.findElement(element.elementType, key);
      if (!live) {
        if (conflictAfterLoss) throw err;
        continue;
      }
      const mismatched = differences(element, live);
      if (mismatched.length === 0) return live;
      throw new ConflictingElementError(mismatched);
    }
  }
}
