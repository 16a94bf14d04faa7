/**
 * `sbc-export --import-file`: instead of a program, the JSON that `pulumi import --file` takes,
 * naming every element of the SBC's running configuration by its resource type in the native
 * plugin's schema (`sbc:index:RealmConfig`), the name the exported program would give it
 * (`realm_core`: the program import writes names every element as sbc-export's own programs do)
 * and the id the plugin reads it by (`realm-config/identifier=core`; a singleton's is its type).
 * One `pulumi import --file` then adopts the whole SBC and writes the program in the stack's own
 * language. Import goes through the native plugin only: a dynamic provider cannot import.
 */
import { keyOf } from "../../client/catalog/schema";
import { SbcClient } from "../../client/client";
import { elementId } from "../../provider/core/elements/elementState";
import { resourceTokenOf } from "../../provider/native/tokens";
import { holdsSecret, NamedElement, namedElements } from "./program";
import { readRunning, typesToExport } from "./readRunning";

/** One entry of an import file, in the fields `pulumi import --file` reads. */
export interface ImportResource {
  type: string;
  name: string;
  id: string;
}

function importResourceOf({ spec, element, resourceName }: NamedElement): ImportResource {
  return { type: resourceTokenOf(spec.name), name: resourceName, id: elementId(spec.name, keyOf(spec, element.attributes)) };
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
}

/** The import file for the running configuration of the catalog's types (or those named). */
export async function exportImportFile(client: SbcClient, types?: readonly string[]): Promise<ImportFile> {
  const named = namedElements(await readRunning(client, typesToExport(client.catalog, types)));
  const resources = named.map(importResourceOf);
  const secretHolders = named.filter(({ spec, element }) => holdsSecret(spec, element)).map((n) => n.resourceName);
  return { text: `${JSON.stringify({ resources }, null, 2)}\n`, resources, secretHolders };
}
