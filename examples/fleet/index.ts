/**
 * One baseline on every SBC of a fleet, with per-SBC overrides, from one program. Each SBC is its
 * own connection (host from config; username and password from stack config sbc:username and
 * sbc:password, shared), so each gets its own lock session and commits on its own.
 *
 *   pulumi config set --path 'sbcs[0].name' lab1
 *   pulumi config set --path 'sbcs[0].host' sbc1.lab.example.net
 *   pulumi config set --path 'sbcs[0].ntpServers[0]' 192.0.2.123
 *
 * SBCs managed by Session Delivery Manager: set sbc:sdmUrl, sbc:sdmUsername and sbc:sdmPassword
 * (--secret), and each SBC's changes then run inside SDM's device lock on the device named
 * `sdmDevice` (default: the site's name), so nobody changes it through SDM mid-run.
 */
import * as pulumi from "@pulumi/pulumi";
import * as sbc from "pulumi-oracle-sbc";

interface SbcSite {
  name: string;
  host: string;
  /** Overrides of the baseline. */
  ntpServers?: string[];
  mediaAddress?: string;
  signalingAddress?: string;
  maxSessions?: number;
  /** The SBC's device name in SDM, when sbc:sdmUrl is set. */
  sdmDevice?: string;
}

const config = new pulumi.Config();
const sites = config.requireObject<SbcSite[]>("sbcs");

const baseline = {
  ntpServers: ["192.0.2.123", "192.0.2.124"],
  signalingAddress: "192.0.2.10",
  mediaAddress: "192.0.2.20",
  maxSessions: 500,
};

export const realms: Record<string, pulumi.Output<string>> = {};

for (const site of sites) {
  const s = { ...baseline, ...site };
  const connection = { host: site.host, sdm: { deviceName: site.sdmDevice ?? site.name } };
  const at = (name: string) => `${site.name}-${name}`;

  new sbc.NtpConfig(at("ntp"), { server: s.ntpServers, connection });
  const core = new sbc.RealmConfig(at("core"), { identifier: "core", description: `Core realm of ${site.name}`, connection });
  new sbc.SipInterface(at("core-sip"), {
    realmId: core.identifier,
    sipPorts: [{ address: s.signalingAddress, port: 5060, transportProtocol: "UDP" }],
    connection,
  });
  new sbc.SteeringPool(at("core-media"), { ipAddress: s.mediaAddress, startPort: 20000, endPort: 29999, realmId: core.identifier, connection });
  new sbc.SessionAgent(at("carrier"), {
    hostname: "carrier.example.net",
    realmId: core.identifier,
    maxSessions: s.maxSessions,
    connection,
  });
  realms[site.name] = core.identifier;
}
