/**
 * A fleet in Python or YAML (`sbc-export --fleet … --language python|yaml`): the same stack as
 * TypeScript's fleet (fleetProgram.ts) — one stack for every SBC of the fleet, every element named
 * after its site (`lab1-realm_core`), each site's secrets in stack config under keys that start
 * with the site's name (`lab1NtpConfigAuthServers1Key`), every resource adopted and protected, the
 * fleet's login in `sbc:username` and `sbc:password` — laid out as the native plugin and the
 * language allow. The plugin's resources reach their SBC through an explicit provider per site
 * (`pulumi:providers:sbc`, named after the site, its host in the program, the login from stack
 * config), not a per-resource connection. YAML has no loop, so each site's elements are declared
 * whole under that site, as that SBC's own export declares them; Python is written the same way,
 * so that both languages of the plugin write one program shape.
 */
import { declare, ExportedProgram, ProgramWriter } from "./program";
import { SiteListing } from "./fleetProgram";
import { FleetLayout, FleetProvider, protectionNote, SecretSetting, Syntax } from "./syntax";

/** A provider setting shared by the fleet: its property, the `sbc:` config key it is read from, whether secret; or a literal. */
export interface SharedSetting {
  property: string;
  configKey?: string;
  secret?: boolean;
  /** The value written in the program, for a setting that is no secret and short (`insecure: true`). */
  literal?: string;
}

export interface UnrolledFleetOptions {
  syntax: Syntax;
  layout: FleetLayout;
  protect?: boolean;
  /** The settings every site's provider takes besides its host. */
  shared: SharedSetting[];
}

export function writeUnrolledFleet(sites: readonly SiteListing[], options: UnrolledFleetOptions): ExportedProgram {
  const { syntax, layout } = options;
  const protect = options.protect ?? true;
  const secrets: SecretSetting[] = [];
  const providers: FleetProvider[] = [];
  const resources: string[] = [];
  for (const site of sites) {
    const variable = layout.providerVariable(site.name);
    const settings: [string, string][] = [
      ["host", syntax.string(site.host)],
      ...options.shared.map((s): [string, string] => [s.property, s.literal ?? layout.sharedSetting(s.configKey!, !!s.secret)]),
    ];
    providers.push({ variable, name: site.name, settings });
    const writer = new ProgramWriter(declare(site.listings, syntax, site.name), [], syntax, protect);
    resources.push(...writer.resources(variable));
    secrets.push(...writer.secrets);
  }
  const header = [
    `Exported by sbc-export --fleet from the running configurations of ${sites.map((s) => `${s.name} (${s.host})`).join(", ")}.`,
    "One stack for the fleet: each SBC is an explicit sbc provider named after its site, its host here and the",
    "fleet's login from stack config (sbc:username, sbc:password); its elements are declared under its name",
    "(`<site>-<element>`), as its own export declares them. Every element is adopted (adopt: true): the first",
    "`pulumi up` takes it over as it is, changing nothing on the SBCs. Attributes at their defaults are left out;",
    "secret attributes come from stack config, one key per site.",
    ...protectionNote(protect),
  ];
  return { source: layout.program(header, providers, resources, secrets), secrets };
}
