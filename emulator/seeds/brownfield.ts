/**
 * A brownfield SBC as years of hand configuration leave it: a core realm towards the IMS core,
 * peering and access parent realms, and many sites hanging off them (carrier trunks, enterprise
 * SIP trunks over TLS, residential access behind NAT), each with its VLAN network interface,
 * realm, SIP interface, steering pool, agents, group, routing policies and ACLs, all tied by the
 * references the catalog lists; plus global HMR rules, certificates and TLS profiles, management
 * routes, and the singletons with values off their defaults and ntp-config's secret. Built from
 * the site index alone (no randomness, no dates), so every run builds the same SBC; `scale`
 * multiplies the sites (scale 1: 307 elements, scale 8: 2,155).
 */
import { ConfigElement } from "../../client/types";

/** The key of ntp-config's authenticated server (a secret attribute of a sub-element): whatever reads the seed must never print it. */
export const BROWNFIELD_NTP_SECRET = "Brownf1eld-ntp-key";

/** The SNMPv3 user's authentication password (a secret attribute of an element): never printed either. */
export const BROWNFIELD_SNMP_SECRET = "Brownf1eld-snmp-auth";

/** Sites per unit of scale, a third each of carriers, enterprises and residential access. */
export const SITES_PER_SCALE = 24;

type Attrs = ConfigElement["attributes"];

function el(elementType: string, attributes: Attrs, subElements: [string, Attrs][] = []): ConfigElement {
  return { elementType, attributes, subElements: subElements.map(([type, attrs]) => ({ elementType: type, attributes: attrs, subElements: [] })) };
}

const SBC_CERT = "sbc-edge-01";
const CORE_GROUP = "core-cscf";

/** What every site is built on: interfaces, parent realms, the core, HMR, certificates, routes. */
function globals(): ConfigElement[] {
  return [
    el("system-config", {
      hostname: "sbc-edge-01.example.net",
      description: "Edge SBC, data centre 1",
      location: "DC1 row 4 rack 12",
      "mib-system-contact": "noc@example.net",
      "mib-system-name": "sbc-edge-01",
      "enable-snmp-auth-traps": "enabled",
      "system-log-level": "NOTICE",
      "default-gateway": "10.0.0.1",
      "telnet-timeout": "900",
      "console-timeout": "1800",
    }),
    el("ntp-config", { server: ["10.0.0.121", "10.0.0.122"] }, [["auth-servers", { "ip-address": "10.0.0.123", "key-id": "7", key: BROWNFIELD_NTP_SECRET }]]),
    el("snmp-user-entry", { "user-name": "noc-poller", "auth-protocol": "sha256", "auth-password": BROWNFIELD_SNMP_SECRET }),
    el("media-manager", { "max-signaling-bandwidth": "5000000", "flow-time-limit": "43200", "hnt-rtcp": "enabled" }),
    el("phy-interface", { name: "M00", "operation-type": "Media" }),
    el("phy-interface", { name: "M01", "operation-type": "Media", port: "1" }),
    el("phy-interface", { name: "M10", "operation-type": "Media", slot: "1" }),
    el("phy-interface", { name: "M11", "operation-type": "Media", slot: "1", port: "1" }),
    el("phy-interface", { name: "wancom1", "operation-type": "Control", port: "1", "wancom-health-score": "8" }),
    el("phy-interface", { name: "wancom2", "operation-type": "Control", port: "2", "wancom-health-score": "9" }),
    el("network-interface", { name: "M00", "sub-port-id": "0", description: "IMS core", "ip-address": "10.0.0.10", netmask: "255.255.255.0", gateway: "10.0.0.1", "dns-ip-primary": "10.0.0.53", "dns-domain": "core.example.net" }),
    el("network-interface", { name: "M10", "sub-port-id": "0", description: "Peering uplink", "ip-address": "203.0.113.10", netmask: "255.255.255.0", gateway: "203.0.113.1" }, [
      ["gw-heartbeat", { state: "enabled", heartbeat: "10" }],
    ]),
    el("network-interface", { name: "M01", "sub-port-id": "0", description: "Access uplink", "ip-address": "198.51.100.10", netmask: "255.255.255.0", gateway: "198.51.100.1", "icmp-address": ["198.51.100.10"] }),
    el("sip-manipulation", { name: "strip-internal", description: "Remove headers the core adds for itself" }, [
      ["header-rule", { name: "del-x-internal", "header-name": "X-Internal", action: "delete" }],
      ["header-rule", { name: "del-p-charging", "header-name": "P-Charging-Vector", action: "delete", "msg-type": "request" }],
    ]),
    el("sip-manipulation", { name: "topology-hide", description: "Hide core addresses from peers" }, [
      ["header-rule", { name: "hide-via", "header-name": "Via", action: "manipulate", "comparison-type": "pattern-rule", "match-value": "10\\.0\\.0\\.[0-9]+", "new-value": "$LOCAL_IP" }],
    ]),
    el("sip-manipulation", { name: "add-pai", description: "Assert the caller's identity towards the core" }, [
      ["header-rule", { name: "add-pai", "header-name": "P-Asserted-Identity", action: "add", "msg-type": "request", methods: ["INVITE"], "new-value": "$FROM_URI" }],
    ]),
    el("sip-manipulation", { name: "normalize-e164", description: "National numbers to E.164" }, [
      ["header-rule", { name: "ruri-e164", "header-name": "Request-URI", action: "manipulate", "comparison-type": "pattern-rule", "match-value": "^0([1-9][0-9]+)", "new-value": "+44\\1" }],
      ["header-rule", { name: "to-e164", "header-name": "To", action: "manipulate", "comparison-type": "pattern-rule", "match-value": "^0([1-9][0-9]+)", "new-value": "+44\\1" }],
    ]),
    el("certificate-record", { name: SBC_CERT, "common-name": "sbc-edge-01.example.net", "alternate-name": "sbc.example.net", "key-size": "4096", organization: "Example Networks", unit: "Voice Engineering" }),
    el("certificate-record", { name: "root-ca", "common-name": "Example Networks Root CA", "key-usage-list": ["keyCertSign", "cRLSign"], "extended-key-usage-list": [] }),
    el("certificate-record", { name: "intermediate-ca", "common-name": "Example Networks Issuing CA", "key-usage-list": ["keyCertSign", "cRLSign"], "extended-key-usage-list": [] }),
    el("certificate-record", { name: "digicert-global-root-g2", "common-name": "DigiCert Global Root G2", country: "US", state: "UT", locality: "Lehi", organization: "DigiCert Inc", "key-usage-list": ["keyCertSign", "cRLSign"] }),
    el("tls-profile", { name: "tls-core", "end-entity-certificate": SBC_CERT, "trusted-ca-certificates": ["root-ca", "intermediate-ca"], "tls-version": "tlsv12" }),
    el("tls-profile", { name: "tls-teams", "end-entity-certificate": SBC_CERT, "trusted-ca-certificates": ["digicert-global-root-g2"], "mutual-authenticate": "enabled", "tls-version": "tlsv12", "verify-depth": "4" }),
    el("realm-config", { identifier: "core", description: "IMS core", "network-interfaces": ["M00:0"], "mm-in-realm": "enabled", "out-manipulationid": "strip-internal", "access-control-trust-level": "high" }),
    el("realm-config", { identifier: "peering", description: "Parent of the carrier realms", "network-interfaces": ["M10:0"], "out-manipulationid": "topology-hide", "access-control-trust-level": "medium" }),
    el("realm-config", { identifier: "access", description: "Parent of the customer realms", "network-interfaces": ["M01:0"], "access-control-trust-level": "low", "deny-period": "60" }),
    el("sip-config", { "home-realm-id": "core", "egress-realm-id": "peering", "registrar-domain": "*", "registrar-host": "*", "registrar-port": "5060", "trans-expire": "8", "invite-expire": "120", options: ["max-udp-length=0"] }),
    el("sip-interface", { "realm-id": "core", description: "SIP to the IMS core", "trans-expire": "8", "in-manipulationid": "add-pai" }, [
      ["sip-port", { address: "10.0.0.10", port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" }],
      ["sip-port", { address: "10.0.0.10", port: "5060", "transport-protocol": "TCP", "allow-anonymous": "agents-only" }],
      ["sip-port", { address: "10.0.0.10", port: "5061", "transport-protocol": "TLS", "tls-profile": "tls-core", "allow-anonymous": "agents-only" }],
    ]),
    el("steering-pool", { "ip-address": "10.0.0.10", "start-port": "10000", "end-port": "59999", "realm-id": "core" }),
    ...[1, 2].map((n) => el("session-agent", { hostname: `cscf-${n}.core.example.net`, "ip-address": `10.0.0.${20 + n}`, "realm-id": "core", "transport-method": "StaticTCP", description: `P-CSCF ${n}`, "ping-method": "OPTIONS;hops=0", "ping-interval": "30", "trust-me": "enabled", "in-manipulationid": "strip-internal" })),
    el("session-agent", { hostname: "as-1.core.example.net", "ip-address": "10.0.0.31", "realm-id": "core", "egress-realm-id": "core", description: "Telephony application server", "reuse-connections": "TCP", "transport-method": "StaticTCP" }),
    el("session-agent", { hostname: "mrf-1.core.example.net", "ip-address": "10.0.0.41", "realm-id": "core", description: "Announcements", "allow-next-hop-lp": "disabled" }),
    el("session-group", { "group-name": CORE_GROUP, description: "P-CSCFs", strategy: "RoundRobin", dest: ["cscf-1.core.example.net", "cscf-2.core.example.net"], "sag-recursion": "enabled" }),
    el("local-policy", { "from-address": ["*"], "to-address": ["112", "911", "999"], "source-realm": ["*"], description: "Emergency calls to the core", "policy-priority": "emergency" }, [
      ["policy-attribute", { "next-hop": `SAG:${CORE_GROUP}`, realm: "core", "terminate-recursion": "enabled" }],
    ]),
    el("access-control", { "realm-id": "core", "source-address": "10.0.0.0/24", "destination-address": "0.0.0.0", "application-protocol": "SIP", "transport-protocol": "ALL", access: "permit", "trust-level": "high", description: "Core network" }),
    el("access-control", { "realm-id": "peering", "source-address": "0.0.0.0", "destination-address": "0.0.0.0", "application-protocol": "SIP", "transport-protocol": "ALL", access: "deny", description: "Only listed carriers" }),
    el("host-route", { "dest-network": "10.10.0.0", netmask: "255.255.0.0", gateway: "10.0.0.1", description: "NOC" }),
    el("host-route", { "dest-network": "10.20.0.0", netmask: "255.255.0.0", gateway: "10.0.0.1", description: "OSS/BSS" }),
    el("host-route", { "dest-network": "10.30.1.0", netmask: "255.255.255.0", gateway: "10.0.0.1", description: "Syslog and SNMP collectors" }),
    el("host-route", { "dest-network": "10.30.2.0", netmask: "255.255.255.0", gateway: "10.0.0.1", description: "Backup server" }),
    el("host-route", { "dest-network": "192.168.100.0", netmask: "255.255.255.0", gateway: "10.0.0.254", description: "Out-of-band management" }),
  ];
}

interface Site {
  /** Realm identifier and the stem of every name the site uses. */
  name: string;
  /** VLAN tag of its network interface, unique per site. */
  vlan: string;
  /** First three octets of its /24, unique per site. */
  net: string;
}

const SITE_KIND_NAMES = ["carrier", "enterprise", "residential"] as const;

/** The index-th site of a kind; VLANs and subnets are numbered across all kinds. */
function site(kind: (typeof SITE_KIND_NAMES)[number], index: number): Site {
  const ordinal = index * SITE_KIND_NAMES.length + SITE_KIND_NAMES.indexOf(kind);
  return {
    name: `${kind}-${String(index + 1).padStart(3, "0")}`,
    vlan: String(100 + ordinal),
    net: `172.${16 + Math.floor(ordinal / 256)}.${ordinal % 256}`,
  };
}

/** The VLAN interface and realm every site has. */
function siteBase(s: Site, phy: string, realm: Attrs): ConfigElement[] {
  return [
    el("network-interface", { name: phy, "sub-port-id": s.vlan, description: s.name, "ip-address": `${s.net}.10`, netmask: "255.255.255.0", gateway: `${s.net}.1` }),
    el("realm-config", { identifier: s.name, "network-interfaces": [`${phy}:${s.vlan}`], ...realm }),
  ];
}

/** Inbound calls from a site go to the core's P-CSCFs. */
function toCore(s: Site): ConfigElement {
  return el("local-policy", { "from-address": ["*"], "to-address": ["*"], "source-realm": [s.name], description: `${s.name} to the core` }, [
    ["policy-attribute", { "next-hop": `SAG:${CORE_GROUP}`, realm: "core" }],
  ]);
}

function acl(realm: string, source: string, attrs: Attrs): ConfigElement {
  return el("access-control", { "realm-id": realm, "source-address": source, "destination-address": "0.0.0.0", "application-protocol": "SIP", "transport-protocol": "ALL", ...attrs });
}

/** A carrier trunk on the peering side: its own inbound HMR, two proxies in a group, least-cost route. */
function carrier(index: number): ConfigElement[] {
  const s = site("carrier", index);
  const proxies = [1, 2].map((n) => `sbc${n}.${s.name}.example.net`);
  const group = `${s.name}-trunk`;
  return [
    ...siteBase(s, index % 2 === 0 ? "M10" : "M11", { description: `Carrier ${s.name}`, "parent-realm": "peering", "in-manipulationid": `${s.name}-in`, "out-manipulationid": "topology-hide", "access-control-trust-level": "medium", "max-bandwidth": "100000" }),
    el("sip-manipulation", { name: `${s.name}-in`, description: `Inbound fixes for ${s.name}` }, [
      ["header-rule", { name: "del-p-early-media", "header-name": "P-Early-Media", action: "delete" }],
      ["header-rule", { name: "from-e164", "header-name": "From", action: "manipulate", "comparison-type": "pattern-rule", "match-value": "^00", "new-value": "+" }],
    ]),
    el("sip-interface", { "realm-id": s.name, description: `Trunk to ${s.name}`, "trust-mode": "agents-only" }, [
      ["sip-port", { address: `${s.net}.10`, port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" }],
      ["sip-port", { address: `${s.net}.10`, port: "5060", "transport-protocol": "TCP", "allow-anonymous": "agents-only" }],
    ]),
    el("steering-pool", { "ip-address": `${s.net}.10`, "start-port": "20000", "end-port": "39999", "realm-id": s.name, "network-interface": `${index % 2 === 0 ? "M10" : "M11"}:${s.vlan}` }),
    ...proxies.map((hostname, n) =>
      el("session-agent", { hostname, "ip-address": `${s.net}.${50 + n}`, "realm-id": s.name, description: `${s.name} proxy ${n + 1}`, "transport-method": n === 0 ? "UDP" : "StaticTCP", "ping-method": "OPTIONS;hops=0", "ping-interval": "60", constraints: "enabled", "max-sessions": "500" })),
    el("session-group", { "group-name": group, strategy: "Hunt", dest: proxies, "sag-recursion": "enabled" }),
    el("local-policy", { "from-address": ["*"], "to-address": [`+1${200 + index}`], "source-realm": ["core"], description: `Numbers routed to ${s.name}` }, [
      ["policy-attribute", { "next-hop": `SAG:${group}`, realm: s.name, cost: "10" }],
      ["policy-attribute", { "next-hop": proxies[1], realm: s.name, cost: "20" }],
    ]),
    toCore(s),
    ...proxies.map((_, n) => acl(s.name, `${s.net}.${50 + n}`, { access: "permit", "trust-level": "high", description: `${s.name} proxy ${n + 1}` })),
  ];
}

/** An enterprise SIP trunk over TLS with its own CA, two PBXs, and its DID block. */
function enterprise(index: number): ConfigElement[] {
  const s = site("enterprise", index);
  const pbxs = [1, 2].map((n) => `pbx${n}.${s.name}.example.com`);
  const group = `${s.name}-pbx`;
  return [
    ...siteBase(s, "M01", { description: `Enterprise ${s.name}`, "parent-realm": "access", "in-manipulationid": "normalize-e164", "access-control-trust-level": "medium", "mm-in-realm": "enabled" }),
    el("certificate-record", { name: `ca-${s.name}`, "common-name": `${s.name} Issuing CA`, organization: s.name, "key-usage-list": ["keyCertSign", "cRLSign"], "extended-key-usage-list": [] }),
    el("tls-profile", { name: `tls-${s.name}`, "end-entity-certificate": SBC_CERT, "trusted-ca-certificates": [`ca-${s.name}`], "mutual-authenticate": "enabled", "tls-version": "tlsv12" }),
    el("sip-interface", { "realm-id": s.name, description: `Trunk to ${s.name}`, "secured-network": "enabled", "inactive-conn-timeout": "600" }, [
      ["sip-port", { address: `${s.net}.10`, port: "5061", "transport-protocol": "TLS", "tls-profile": `tls-${s.name}`, "allow-anonymous": "agents-only" }],
    ]),
    el("steering-pool", { "ip-address": `${s.net}.10`, "start-port": "40000", "end-port": "44999", "realm-id": s.name }),
    ...pbxs.map((hostname, n) =>
      el("session-agent", { hostname, "ip-address": `${s.net}.${20 + n}`, port: "5061", "realm-id": s.name, description: `${s.name} PBX ${n + 1}`, "transport-method": "StaticTLS", "out-manipulationid": "add-pai", "ping-method": "OPTIONS;hops=0", "ping-interval": "30" })),
    el("session-group", { "group-name": group, strategy: "RoundRobin", dest: pbxs }),
    el("local-policy", { "from-address": ["*"], "to-address": [`+1617555${String(index).padStart(3, "0")}`], "source-realm": ["core"], description: `DIDs of ${s.name}` }, [
      ["policy-attribute", { "next-hop": `SAG:${group}`, realm: s.name }],
    ]),
    toCore(s),
    acl(s.name, `${s.net}.0/24`, { access: "permit", "trust-level": "medium", description: `${s.name} PBX subnet` }),
  ];
}

/** Residential access behind NAT: registration caching, hosted NAT traversal, untrusted ACLs. */
function residential(index: number): ConfigElement[] {
  const s = site("residential", index);
  return [
    ...siteBase(s, "M01", { description: `Residential ${s.name}`, "parent-realm": "access", "dns-realm": "core", "restricted-latching": "sdp", "access-control-trust-level": "low", "invalid-signal-threshold": "10", "maximum-signal-threshold": "4000" }),
    el("sip-interface", { "realm-id": s.name, description: `Subscribers of ${s.name}`, "nat-traversal": "always", "registration-caching": "enabled", "route-to-registrar": "enabled", "min-reg-expire": "600", "nat-interval": "20", "out-manipulationid": "strip-internal", "max-incoming-conns": "20000", "per-src-ip-max-incoming-conns": "10" }, [
      ["sip-port", { address: `${s.net}.10`, port: "5060", "transport-protocol": "UDP", "allow-anonymous": "registered" }],
      ["sip-port", { address: `${s.net}.10`, port: "5060", "transport-protocol": "TCP", "allow-anonymous": "registered" }],
    ]),
    el("steering-pool", { "ip-address": `${s.net}.10`, "start-port": "10000", "end-port": "29999", "realm-id": s.name }),
    el("steering-pool", { "ip-address": `${s.net}.10`, "start-port": "30000", "end-port": "49999", "realm-id": s.name }),
    toCore(s),
    acl(s.name, `${s.net}.0/24`, { access: "permit", "trust-level": "low", "average-rate-limit": "8000", description: "Subscriber range" }),
    acl(s.name, `100.${64 + Math.floor(index / 256)}.${index % 256}.0/24`, { access: "permit", "trust-level": "low", "max-endpoints-per-nat": "32", description: "CGNAT pool" }),
    acl(s.name, `${s.net}.250/31`, { access: "deny", description: "Known abusers" }),
  ];
}

/** In SITE_KIND_NAMES' order. */
const SITE_KINDS = [carrier, enterprise, residential];

/**
 * The brownfield configuration: globals first, then the sites (carriers, enterprises and
 * residential realms in turn), then the core's least-cost route over the first carriers.
 */
export function brownfieldElements(scale = 1): ConfigElement[] {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`the brownfield seed's scale must be a whole number >= 1, got ${scale}`);
  const perKind = (SITES_PER_SCALE / SITE_KINDS.length) * scale;
  const sites = Array.from({ length: perKind }, (_, i) => SITE_KINDS.flatMap((build) => build(i))).flat();
  const lcr = el("local-policy", { "from-address": ["*"], "to-address": ["*"], "source-realm": ["core"], description: "Least-cost route out of the core" },
    [0, 1, 2].map((i) => ["policy-attribute", { "next-hop": `SAG:${site("carrier", i).name}-trunk`, realm: site("carrier", i).name, cost: String(10 * (i + 1)) }]));
  return [...globals(), ...sites, lcr];
}
