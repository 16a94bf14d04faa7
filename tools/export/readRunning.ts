/**
 * Reads what an export starts from: the SBC's running configuration (what is live, not what
 * someone has staged), with one list request per element type (paged by the SBC when long) and no
 * GET per element, so exporting a large SBC costs as many requests as the catalog has types.
 */
import { SbcClient } from "../../client/client";
import { Catalog } from "../../client/catalog/catalog";
import { ElementTypeSpec } from "../../client/catalog/schema";
import { ConfigElement } from "../../client/types";
import { suggestion } from "../../provider/core/elements/check";

export interface TypeListing {
  spec: ElementTypeSpec;
  elements: ConfigElement[];
}

/** The element types to export: all the catalog knows, or those named, each checked against it. */
export function typesToExport(catalog: Catalog, names?: readonly string[]): ElementTypeSpec[] {
  if (!names) return catalog.types();
  const unknown = names.filter((name) => !catalog.get(name));
  if (unknown.length > 0) {
    const known = catalog.types().map((t) => t.name);
    const hints = unknown.map((name) => suggestion(name, known)).filter(Boolean).join("");
    throw new Error(`unknown element type ${unknown.join(", ")} in --types${hints || `; the ${known.length} known types are listed in docs/resources/README.md`}`);
  }
  return names.map((name) => catalog.get(name)!);
}

/** Every instance of each type in the running configuration, all types at once. */
export async function readRunning(client: SbcClient, specs: readonly ElementTypeSpec[]): Promise<TypeListing[]> {
  return Promise.all(specs.map(async (spec) => ({ spec, elements: await client.listElements(spec.name, { running: true }) })));
}
