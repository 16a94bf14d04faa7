/**
 * One fleet export: read every SBC's running configuration (one client each, all with the same
 * element types) and write one project for them all (fleetProgram.ts). A failure names the SBC it
 * happened on, as a fleet's reader cannot otherwise tell which of its hosts refused.
 */
import { SbcClient } from "../../client/client";
import { ExportOptions, ExportResult, hasTypedClass } from "./exportSbc";
import { SiteListing, writeFleetProgram } from "./fleetProgram";
import { FleetSite } from "./fleetSites";
import { projectFiles } from "./project";
import { readRunning, typesToExport } from "./readRunning";

export interface FleetMember extends FleetSite {
  client: SbcClient;
}

export async function exportFleet(members: readonly FleetMember[], options: ExportOptions): Promise<ExportResult> {
  const specs = typesToExport(members[0].client.catalog, options.types);
  const sites = await Promise.all(
    members.map(async ({ name, host, client }): Promise<SiteListing> => {
      try {
        return { name, host, listings: await readRunning(client, specs) };
      } catch (err) {
        throw new Error(`${name} (${client.origin}): ${(err as Error).message}`, { cause: err });
      }
    }),
  );
  const program = writeFleetProgram(sites, { typed: hasTypedClass, protect: options.protect });
  const about = `the SBCs ${sites.map((s) => s.name).join(", ")}`;
  return {
    files: projectFiles(options.name, program.source, members[0].client.origin, about),
    secrets: program.secrets,
    warnings: program.warnings,
    elements: sites.reduce((n, s) => n + s.listings.reduce((m, l) => m + l.elements.length, 0), 0),
  };
}
