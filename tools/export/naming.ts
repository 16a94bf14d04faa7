/**
 * Names of exported elements: the Pulumi resource name from the element type and its key
 * (`realm_core`, `sip_interface_core`, `system_config`) and the program variable that holds it
 * (`realmCore`). Names depend only on type and key, so a second export of the same SBC names
 * every element the same way and `pulumi up` keeps adopting the same resources.
 */
import { ElementTypeSpec, keyAttributes } from "../../client/catalog/schema";
import { Attributes, valueList } from "../../client/types";
import { camelCase } from "../../provider/core/elements/argNames";

function words(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toLowerCase();
}

/**
 * `realm_core`: the type (without a `-config` suffix, which says nothing once a key follows; a
 * singleton keeps it, `system_config`) and each key value; `*` and other punctuation-only values read `any`.
 */
export function resourceNameOf(spec: ElementTypeSpec, attributes: Attributes): string {
  const keys = keyAttributes(spec);
  if (keys.length === 0) return words(spec.name);
  const parts = keys.map((k) => words(valueList(attributes[k.name]).join("_")) || "any");
  return [words(spec.name.replace(/-config$/, "")), ...parts].join("_");
}

/** The program variable of a resource name: `realm_core` → `realmCore`. */
export function variableNameOf(resourceName: string): string {
  return camelCase(resourceName);
}

/**
 * Hands out resource names once each, their variables too (`realm_1_2` and `realm_12` are both
 * `realm12`): a clash gets `_2`, `_3` in the order asked.
 */
export class UniqueNames {
  private readonly taken: Set<string>;

  /** `reserved`: variables the program uses itself. */
  constructor(reserved: readonly string[]) {
    this.taken = new Set(reserved);
  }

  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name) || this.taken.has(variableNameOf(name)); n++) name = `${wanted}_${n}`;
    this.taken.add(name).add(variableNameOf(name));
    return name;
  }
}
