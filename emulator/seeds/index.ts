/**
 * Named starting configurations for the emulator (`sbc-emulator --seed NAME`, `startEmulator({ seed })`):
 * the table of seeds, and loading one into a store as an engineer's saved and activated work, so
 * the emulator starts as an SBC that has been in service rather than an empty one.
 */
import { attributeSpec, ElementTypeSpec, subElementSpec } from "../../client/catalog/schema";
import { ConfigElement } from "../../client/types";
import { ConfigStore } from "../configStore";
import { brownfieldElements } from "./brownfield";
import { productionElements } from "./production";

/** Seed name → its elements at a scale (1 = the seed as described; more multiplies its repeated parts). */
export const SEEDS: Record<string, (scale: number) => ConfigElement[]> = {
  brownfield: brownfieldElements,
  production: productionElements,
};

export const SEED_NAMES = Object.keys(SEEDS);

/** What each seed is, for `sbc-emulator --help`. */
export const SEED_SUMMARIES: Record<string, string> = {
  brownfield: "an SBC in service for years: every element type, referencing each other, some off their defaults",
  production: "a carrier's interconnect and business-trunking SBC: 32 carriers, 60 enterprises, a large routing table, over 60 element types",
};

const AUTHOR = { user: "admin", address: "console" };

/** `element` with only what `spec` has: its attributes, and its sub-elements of types it has, likewise. */
function fitTo(spec: ElementTypeSpec, element: ConfigElement): ConfigElement {
  return {
    elementType: element.elementType,
    attributes: Object.fromEntries(Object.entries(element.attributes).filter(([name]) => attributeSpec(spec, name))),
    subElements: element.subElements.flatMap((sub) => {
      const subSpec = subElementSpec(spec, sub.elementType);
      return subSpec ? [fitTo(subSpec, sub)] : [];
    }),
  };
}

/**
 * Writes the elements into the editing configuration (a singleton that already exists, such as
 * the system-config every SBC has, is updated), then saves and activates it: saved = running = editing.
 * An emulator of another release (--metadata) holds what its release has of them: elements of a
 * type it lacks are left out, and so are the attributes and sub-elements its types lack.
 */
export function loadElements(store: ConfigStore, elements: readonly ConfigElement[]): void {
  for (const element of elements) {
    const spec = store.catalog.get(element.elementType);
    if (!spec) continue;
    const fitted = fitTo(spec, element);
    const exists = spec.singleton && (store.stores.editing.get(spec.name)?.length ?? 0) > 0;
    if (exists) store.update(fitted, AUTHOR);
    else store.create(fitted, AUTHOR);
  }
  store.copy("editing", "saved");
  store.copy("editing", "running");
}

/** Loads the named seed; an unknown name is an error listing the known ones. */
export function loadSeed(store: ConfigStore, name: string, scale = 1): void {
  if (!Object.hasOwn(SEEDS, name)) throw new Error(`unknown seed "${name}"; known seeds: ${SEED_NAMES.join(", ")}`);
  loadElements(store, SEEDS[name](scale));
}
