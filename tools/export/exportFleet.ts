/**
 * One fleet export: read every SBC's running configuration (one client each) and write one project
 * for them all, in the language asked for (languages.ts). The SBCs may be of different releases:
 * the types are the union of what they list, each site holding its own elements of each (none
 * where its SBC lacks the type). A failure names the SBC it happened on, as a fleet's reader cannot
 * otherwise tell which of its hosts refused; so does each element the program cannot carry.
 */
import { SbcClient } from "../../client/client";
import { ExportOptions, ExportResult } from "./exportSbc";
import { SiteListing } from "./fleetProgram";
import { FleetSite } from "./fleetSites";
import { LANGUAGES } from "./languages";
import { readSbc, TypeListing } from "./readRunning";
import { carry } from "./uncarried";
import { SharedSetting } from "./unrolledFleet";

export interface FleetMember extends FleetSite {
  client: SbcClient;
}

/** Every site with a listing of every type any site has, in one order: the first site's, then each other's new ones. */
function aligned(sites: readonly SiteListing[]): SiteListing[] {
  const types = new Map<string, TypeListing>();
  for (const site of sites) for (const listing of site.listings) if (!types.has(listing.spec.name) || (!types.get(listing.spec.name)!.sbcSpec && listing.sbcSpec)) types.set(listing.spec.name, listing);
  return sites.map((site) => ({
    ...site,
    listings: [...types.values()].map((like) => ({ ...like, elements: site.listings.find((l) => l.spec.name === like.spec.name)?.elements ?? [] })),
  }));
}

export async function exportFleet(members: readonly FleetMember[], options: ExportOptions & { shared?: SharedSetting[] }): Promise<ExportResult> {
  const read = await Promise.all(
    members.map(async ({ name, host, client }): Promise<SiteListing> => {
      try {
        return { name, host, listings: await readSbc(client, options.types) };
      } catch (err) {
        throw new Error(`${name} (${client.origin}): ${(err as Error).message}`, { cause: err });
      }
    }),
  );
  const uncarried: string[] = [];
  const sites = aligned(read).map((site) => {
    const carried = carry(site.listings);
    uncarried.push(...carried.uncarried.map((line) => `${site.name}: ${line}`));
    return { ...site, listings: carried.listings };
  });
  const language = LANGUAGES[options.language ?? "typescript"];
  const program = language.fleet(sites, { protect: options.protect, shared: options.shared ?? [] });
  const about = `the SBCs ${sites.map((s) => s.name).join(", ")}`;
  return {
    files: language.projectFiles(options.name, program.source, about),
    secrets: program.secrets,
    uncarried,
    elements: sites.reduce((n, s) => n + s.listings.reduce((m, l) => m + l.elements.length, 0), 0),
  };
}
