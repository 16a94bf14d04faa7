/**
 * `sbc-export --import-file`: instead of a program, the JSON that `pulumi import --file` takes,
 * naming every element of the SBC's running configuration by its resource type in the native
 * plugin's schema (`sbc:index:RealmConfig`; the generic `sbc:index:ConfigElement` for a type the
 * catalog lacks, or an element its typed resource cannot hold, as the exported programs declare
 * it), the name the exported program would give it (`realm_core`: the program import writes names
 * every element as sbc-export's own programs do) and the id the plugin reads it by
 * (`realm-config/identifier=core`; a singleton's is its type). One `pulumi import --file` then
 * adopts the whole SBC and writes the program in the stack's own language. Import goes through
 * the native plugin only: a dynamic provider cannot import.
 */
import { keyOf } from "../../client/catalog/schema";
import { SbcClient } from "../../client/client";
import { elementId } from "../../provider/core/elements/elementState";
import { resourceTokenOf, tokenOf } from "../../provider/native/tokens";
import { holdsSecret } from "./elementShape";
import { isTyped, levelOfListing, NamedElement, namedElements } from "./program";
import { readSbc } from "./readRunning";
import { carry } from "./uncarried";

/** The native plugin's generic resource, for what no typed resource holds. */
export const GENERIC_TOKEN = tokenOf("ConfigElement");

/** One entry of an import file, in the fields `pulumi import --file` reads. */
export interface ImportResource {
  type: string;
  name: string;
  id: string;
}

function importResourceOf(named: NamedElement): ImportResource {
  const { listing, element, resourceName } = named;
  const type = isTyped(named) ? resourceTokenOf(listing.spec.name) : GENERIC_TOKEN;
  return { type, name: resourceName, id: elementId(listing.spec.name, keyOf(listing.spec, element.attributes)) };
}

export interface ImportFile {
  /** The file's JSON. */
  text: string;
  resources: ImportResource[];
  /**
   * The resources whose element sets a secret attribute: the import keeps it secret in the state,
   * but the program `pulumi import --out` writes may hold it in clear (v3.248 writes a secret list so).
   */
  secretHolders: string[];
  /** What the file could not carry, one line per element (uncarried.ts). */
  uncarried: string[];
}

/** The import file for the running configuration of every type the SBC lists (or those named). */
export async function exportImportFile(client: SbcClient, types?: readonly string[]): Promise<ImportFile> {
  const { listings, uncarried } = carry(await readSbc(client, types));
  const named = namedElements(listings);
  const resources = named.map(importResourceOf);
  const secretHolders = named.filter(({ listing, element }) => holdsSecret(levelOfListing(listing), element)).map((n) => n.resourceName);
  return { text: `${JSON.stringify({ resources }, null, 2)}\n`, resources, secretHolders, uncarried };
}
