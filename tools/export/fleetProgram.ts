/**
 * Writes the program of `sbc-export --fleet` (index.ts): one program for several SBCs, in the shape
 * of examples/fleet: a typed list of sites, then `for (const site of sites)` declaring each element
 * once, with `connection: { host: site.host }` and resource names prefixed by the site's name.
 *
 * Elements are matched across SBCs by type and key (the resource name naming.ts gives, without the
 * site prefix: `realm_core`). In the loop:
 * - a value alike on every SBC that has the element is a literal: the fleet's baseline;
 * - a value that differs (also: set on some, at its default on others) is read from the site's
 *   entry, `site.realmCore.description`, typed as the class's args (`Partial<Pick<sbc.RealmConfigArgs,
 *   "description">>`), so the program type-checks under `strict`; left out there, it is the default;
 * - a sub-element list that differs is given whole per site (an empty list where a site has none);
 * - an element only some SBCs have is an optional member of the site (`true`, or its overrides) and
 *   is declared only where it is set; a reference to it falls back to the key string where it may be
 *   absent, which keeps the types whole and writes what the SBC holds;
 * - a secret is always per site: the site's entry reads it from stack config under a key with the
 *   site's name (`sbc1NtpConfigAuthServers`), never its value.
 * References, defaults, secrets, the typed or generic class, adopt: true and protect: true are
 * ProgramWriter's, as for one SBC. Names depend only on types, keys and site names, so a second
 * export writes the same.
 */
import { ConfigElement } from "../../client/types";
import { keyAttributes } from "../../client/catalog/schema";
import { typeNameOf } from "../../provider/core/elements/argNames";
import { fitsTypedClass } from "./elementShape";
import { resourceNameOf, UniqueNames, variableNameOf } from "./naming";
import { block, Declared, ExportedProgram, inline, levelOfListing, onEverySite, Overrides, PROGRAM_VARIABLES, ProgramOptions, ProgramWriter, sitesOf } from "./program";
import { protectionNote } from "./syntax";
import { typescriptSyntax } from "./typescriptProgram";
import { TypeListing } from "./readRunning";

export interface SiteListing {
  name: string;
  host: string;
  /** Its running configuration, of the same types in the same order as the other sites'. */
  listings: readonly TypeListing[];
}

/** What the fleet program declares besides the elements. */
const FLEET_VARIABLES = [...PROGRAM_VARIABLES, "Site", "sites", "site", "connection", "name", "host"];

/** One Declared per type and key, holding each site's instance. */
function declareFleet(sites: readonly SiteListing[]): Declared[] {
  const names = new UniqueNames(FLEET_VARIABLES);
  return sites[0].listings.flatMap((listing, t) => {
    const { spec } = listing;
    const level = levelOfListing(listing);
    const matched = new Map<string, (ConfigElement | undefined)[]>();
    sites.forEach((site, s) => {
      for (const element of site.listings[t].elements) {
        const key = JSON.stringify(keyAttributes(spec).map((k) => element.attributes[k.name] ?? null));
        // The same key twice on one SBC (which an SBC refuses) is kept apart rather than lost.
        let match = key;
        for (let n = 2; matched.get(match)?.[s]; n++) match = `${key}#${n}`;
        if (!matched.has(match)) matched.set(match, sites.map(() => undefined));
        matched.get(match)![s] = element;
      }
    });
    return [...matched]
      .map(([match, instances]) => ({ match, instances, wanted: resourceNameOf(spec, instances.find((e) => e)!.attributes) }))
      .sort((a, b) => a.wanted.localeCompare(b.wanted) || a.match.localeCompare(b.match))
      .map(({ instances, wanted }): Declared => {
        const resourceName = names.take(wanted);
        const fits = instances.every((e) => !e || fitsTypedClass(level, e));
        return { spec, level, instances, resourceName, variable: variableNameOf(resourceName), typed: listing.inCatalog && fits };
      });
  });
}

/** Lines after the first moved right, for a multi-line value placed deeper than it was written for. */
function indent(text: string, by: string): string {
  return text.replace(/\n(?=.)/g, `\n${by}`);
}

/** The overrides' type in the Site interface: the class's args it sets (generic: attributes and/or the whole list). */
function overridesType(d: Declared, all: Overrides[]): string {
  const attributes = [...new Set(all.flatMap((o) => o.attributes.map(([name]) => name)))];
  const lists = [...new Set(all.flatMap((o) => o.lists.map(([name]) => name)))];
  if (d.typed) return `Partial<Pick<sbc.${typeNameOf(d.spec.name)}Args, ${[...attributes, ...lists].map((n) => JSON.stringify(n)).join(" | ")}>>`;
  const members = [
    ...(attributes.length > 0 ? ["attributes?: Record<string, pulumi.Input<string | string[]>>"] : []),
    ...(lists.length > 0 ? ['subElements?: sbc.ConfigElementArgs["subElements"]'] : []),
  ];
  return `{ ${members.join("; ")} }`;
}

/** A site's overrides of one element, as an object literal whose entries sit six spaces in. */
function overridesValue(d: Declared, overrides: Overrides): string {
  const entries: [string, string][] = d.typed
    ? [...overrides.attributes, ...overrides.lists]
    : [...(overrides.attributes.length > 0 ? [["attributes", typescriptSyntax.map(overrides.attributes)] as [string, string]] : []), ...overrides.lists];
  if (entries.every(([, v]) => !v.includes("\n"))) return inline(entries);
  return block(entries.map(([k, v]) => [k, indent(v, "    ")]), "    ");
}

export function writeFleetProgram(sites: readonly SiteListing[], options: Pick<ProgramOptions, "protect">): ExportedProgram {
  const protect = options.protect ?? true;
  const writer = new ProgramWriter(
    declareFleet(sites),
    sites.map((s) => s.name),
    typescriptSyntax,
    protect,
  );
  writer.renderAll();
  const members = writer.rendered
    .map(({ declared }) => declared)
    .map((d) => ({ d, all: sitesOf(d).map((s) => writer.overrides[s].get(d)).filter((o): o is Overrides => o !== undefined) }))
    .filter(({ d, all }) => all.length > 0 || !onEverySite(d));
  const usesPulumi = writer.usesPulumi || members.some(({ d, all }) => !d.typed && all.some((o) => o.attributes.length > 0));

  const siteInterface = [
    "/**",
    " * One SBC of the fleet: its name (which prefixes its resources' names), its REST API, and its values",
    " * that differ from the baseline written in the loop (one left out there is the SBC's default). An",
    " * element only some SBCs have is an optional member, set (true, or its overrides) where the SBC has it.",
    " */",
    "interface Site {",
    "  name: string;",
    "  host: string;",
    ...members.map(({ d, all }) => `  ${d.variable}${onEverySite(d) ? "" : "?"}: ${all.length > 0 ? overridesType(d, all) : "true"};`),
    "}",
  ];
  const siteEntries = sites.map((site, s) => {
    const lines = [`    name: ${JSON.stringify(site.name)},`, `    host: ${JSON.stringify(site.host)},`];
    for (const { d, all } of members) {
      if (!d.instances[s]) continue;
      const overrides = writer.overrides[s].get(d);
      lines.push(`    ${d.variable}: ${all.length === 0 ? "true" : overridesValue(d, overrides ?? { attributes: [], lists: [] })},`);
    }
    return ["  {", ...lines, "  },"].join("\n");
  });

  const statements = writer.rendered.map(({ declared: d, body }) => {
    const declaration = indent(body, "  ");
    if (onEverySite(d)) return writer.referenced.has(d) ? `  const ${d.variable} = ${declaration}` : `  ${declaration}`;
    if (writer.referenced.has(d)) return `  const ${d.variable} = site.${d.variable} ? ${declaration.replace(/;$/, "")} : undefined;`;
    return `  if (site.${d.variable}) {\n    ${indent(body, "    ")}\n  }`;
  });

  const origins = sites.map((s) => `${s.name} (${s.host})`).join(", ");
  const header = [
    `// Exported by sbc-export --fleet from the running configurations of ${origins}.`,
    "// Each element is declared once, in the loop over the sites: a value alike on every SBC that has it is",
    "// written in place (the fleet's baseline); one that differs comes from the site's entry in `sites`; a",
    "// sub-element list that differs is given there whole. Every element is adopted (adopt: true): the first",
    "// `pulumi up` takes it over as it is, changing nothing on the SBCs. Attributes at their defaults are left",
    "// out; secret attributes come from stack config, one key per site.",
    ...protectionNote(protect).map((line) => `// ${line}`),
    ...(writer.fallsBack
      ? ["// An element only some SBCs have is undefined on the others: a reference to it falls back to the key", "// string the SBC holds (`x ? x.identifier : \"core\"`), which is what that SBC names anyway."]
      : []),
  ];
  const imports = [...(usesPulumi ? ['import * as pulumi from "@pulumi/pulumi";'] : []), 'import * as sbc from "pulumi-oracle-sbc";'];
  const config = writer.secrets.length > 0 ? ["", "const config = new pulumi.Config();"] : [];
  const loop = ["for (const site of sites) {", "  const connection = { host: site.host };", "", statements.join("\n\n"), "}"];
  const source = [...header, "", ...imports, ...config, "", ...siteInterface, "", "const sites: Site[] = [", ...siteEntries, "];", "", ...loop].join("\n");
  return { source: `${source}\n`, secrets: writer.secrets };
}
