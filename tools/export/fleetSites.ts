/**
 * The SBCs of `sbc-export --fleet`: `host1,host2,…` or `@FILE` (one a line, `#` comments), each
 * `HOST` or `NAME=HOST`. A site's name prefixes its resources (`sbc1-realm_core`) and its secret
 * config keys (`sbc1NtpConfigAuthServers`), so it must stay the same from one export to the next:
 * it is given, or read from the host (its first DNS label; an IP address whole, with its port).
 */
import * as fs from "node:fs";
import { camelCase } from "../../provider/core/elements/argNames";

export interface FleetSite {
  name: string;
  /** As given: what the program's `connection: { host }` holds. */
  host: string;
}

/** A fleet list that cannot be used, said so the user can fix it. */
export class FleetListError extends Error {}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** `sbc1.lab.example.net` → `sbc1`; `https://192.0.2.7:8443` → `192-0-2-7-8443`. */
export function siteNameOf(host: string): string {
  const authority = host.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority) ?? /^([^:]+)(?::(\d+))?$/.exec(authority);
  const [hostname, port] = match ? [match[1], match[2]] : [authority, undefined];
  const address = /^[\d.]+$/.test(hostname) || hostname.includes(":");
  const name = address ? [hostname, port].filter(Boolean).join("-") : hostname.split(".")[0];
  return name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
}

function entriesOf(list: string, readFile: (file: string) => string): string[] {
  if (!list.startsWith("@")) return list.split(",").map((e) => e.trim()).filter(Boolean);
  const file = list.slice(1);
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new FleetListError(`--fleet @${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give a file with one host a line`);
  }
  return text.split(/\r?\n/).map((line) => line.replace(/#.*/, "").trim()).filter(Boolean);
}

export function fleetSitesOf(list: string, readFile: (file: string) => string = (file) => fs.readFileSync(file, "utf8")): FleetSite[] {
  const sites = entriesOf(list, readFile).map((entry): FleetSite => {
    const eq = entry.indexOf("=");
    const host = eq >= 0 ? entry.slice(eq + 1).trim() : entry;
    const name = eq >= 0 ? entry.slice(0, eq).trim() : siteNameOf(host);
    if (!host) throw new FleetListError(`--fleet: ${entry} names no host; write NAME=HOST`);
    if (!NAME.test(name)) throw new FleetListError(`--fleet: the site name ${JSON.stringify(name)} (for ${host}) must be letters, digits, _ and -; give one as NAME=HOST`);
    return { name, host };
  });
  if (sites.length < 2) {
    throw new FleetListError(`--fleet needs at least two hosts (got ${sites.length}); for one SBC leave out --fleet and give --host`);
  }
  for (const [i, site] of sites.entries()) {
    const earlier = sites.slice(0, i);
    if (earlier.some((s) => s.host === site.host)) throw new FleetListError(`--fleet lists ${site.host} twice; list each SBC once`);
    // Names also key secret config (camelCased), where `lab-1` and `lab1` would meet.
    const same = earlier.find((s) => camelCase(s.name) === camelCase(site.name));
    if (same) throw new FleetListError(`--fleet: ${same.host} and ${site.host} both get the site name ${site.name}; name them apart as NAME=HOST`);
  }
  return sites;
}
