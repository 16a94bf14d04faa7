/**
 * An SBC as a carrier runs it: the interconnect and business-trunking edge of an IMS network.
 * 32 carriers peer with it (four SBCs each in two session groups, their own realm, SIP
 * manipulation, number translation and ACLs), 60 enterprises reach it over TLS (their own CA,
 * hosted PBXs found by DNS, DID blocks, IMS registrations held by surrogate agents), four
 * residential access realms register through it; a large routing table sends national numbers by
 * area code to the carriers at least cost, toll-free numbers through ENUM and a local route table,
 * international numbers by country code. Around them: codec and media policies, SRTP, STIR/SHAKEN,
 * recording, SNMPv3, RADIUS accounting, TACACS+ and the singletons with values off their defaults.
 *
 * Built from indexes alone (no randomness, no dates), so every run builds the same SBC. Every
 * address is a documentation one (RFC 5737: 192.0.2.0/24 core and management, 203.0.113.0/24
 * the SBC's own peering and access addresses, 198.51.100.0/24 the carriers' SBCs); enterprises'
 * PBXs are reached by name. Those ranges are why the seed has one size.
 */
import { ConfigElement } from "../../client/types";

/** The secret values the seed holds: whatever reads it (export, drift, logs) must never print one. */
export const PRODUCTION_SECRETS = {
  /** SNMPv3 users' authentication password. */
  snmpAuth: "Pr0d-snmp-auth-2f9c",
  /** SNMPv3 users' privacy password. */
  snmpPriv: "Pr0d-snmp-priv-7d1e",
  /** NTP servers' symmetric key. */
  ntpKey: "Pr0d-ntp-key-44b0",
  /** RADIUS accounting servers' shared secret. */
  radius: "Pr0d-radius-acct-9a3f",
  /** TACACS+ servers' shared secret. */
  tacacs: "Pr0d-tacacs-c81d",
  /** Password of the CDR push to the billing host. */
  cdrFtp: "Pr0d-cdr-sftp-5e62",
  /** Bearer token towards the STIR/SHAKEN service. */
  stiToken: "Pr0d-sti-bearer-0b7a",
  /** Digest password the carriers' trunks challenge with. */
  trunkDigest: "Pr0d-trunk-digest-3c58",
  /** Password of the enterprises' IMS registrations, held by surrogate agents. */
  imsRegistration: "Pr0d-ims-reg-61f4",
} as const;

type Attrs = ConfigElement["attributes"];

function el(elementType: string, attributes: Attrs, subElements: ConfigElement[] = []): ConfigElement {
  return { elementType, attributes, subElements };
}

/** A sub-element is built the same way; the name says which one is meant. */
const sub = el;

const SBC = "sbc01.nyc.example.net";
const IMS_DOMAIN = "ims.example.net";
const CORE = "ims-core";
const PEERING = "peering";
const ACCESS = "access";

/** Core (M00:0) 192.0.2.0/25, management (wancom0:0) 192.0.2.128/26, HA links 192.0.2.240/29. */
const CORE_SBC_IP = "192.0.2.10";
const MGMT_SBC_IP = "192.0.2.130";
/** Peering (M10:0) 203.0.113.0/25 and access (M01:0) 203.0.113.128/25: the SBC's own addresses. */
const PEERING_SBC_IP = "203.0.113.10";
const ACCESS_SBC_IP = "203.0.113.130";

// ---------------------------------------------------------------------------------------------
// Platform: interfaces, HA, system, time, routes, management access

function platform(): ConfigElement[] {
  return [
    el("phy-interface", { name: "wancom0", "operation-type": "Control", "wancom-health-score": "0" }),
    el("phy-interface", { name: "wancom1", "operation-type": "Control", port: "1", "wancom-health-score": "8" }),
    el("phy-interface", { name: "wancom2", "operation-type": "Control", port: "2", "wancom-health-score": "9" }),
    el("phy-interface", { name: "M00", "operation-type": "Media", "overload-protection": "enabled" }, [
      sub("network-alarm-threshold", { severity: "major", value: "80" }),
      sub("network-alarm-threshold", { severity: "critical", value: "95" }),
    ]),
    el("phy-interface", { name: "M01", "operation-type": "Media", port: "1", "overload-protection": "enabled" }),
    el("phy-interface", { name: "M10", "operation-type": "Media", slot: "1", "overload-protection": "enabled" }),
    el("network-interface", { name: "wancom0", description: "Management", "ip-address": MGMT_SBC_IP, netmask: "255.255.255.192", gateway: "192.0.2.129" }),
    el("network-interface", { name: "wancom1", description: "HA link A", "ip-address": "192.0.2.241", netmask: "255.255.255.252" }),
    el("network-interface", { name: "wancom2", description: "HA link B", "ip-address": "192.0.2.245", netmask: "255.255.255.252" }),
    el("network-interface", {
      name: "M00", description: "IMS core", "ip-address": CORE_SBC_IP, netmask: "255.255.255.128", gateway: "192.0.2.1",
      "dns-ip-primary": "192.0.2.53", "dns-ip-backup1": "192.0.2.54", "dns-domain": IMS_DOMAIN, "icmp-address": [CORE_SBC_IP],
    }, [sub("gw-heartbeat", { state: "enabled", heartbeat: "10", "retry-count": "3", "retry-timeout": "2", "health-score": "30" })]),
    el("network-interface", {
      name: "M10", description: "Carrier interconnect", "ip-address": PEERING_SBC_IP, netmask: "255.255.255.128", gateway: "203.0.113.1",
      "hip-ip-list": [PEERING_SBC_IP, ...CARRIERS.map((_, i) => carrierSbcIp(i))], "icmp-address": [PEERING_SBC_IP],
    }, [sub("gw-heartbeat", { state: "enabled", heartbeat: "10", "retry-count": "3", "retry-timeout": "2", "health-score": "30" })]),
    el("network-interface", {
      name: "M01", description: "Business trunks and residential access", "ip-address": ACCESS_SBC_IP, netmask: "255.255.255.128", gateway: "203.0.113.129",
      "dns-ip-primary": "192.0.2.53", "dns-domain": "example.com",
      "hip-ip-list": [ACCESS_SBC_IP, ...ENTERPRISES.map((_, i) => enterpriseSbcIp(i)), ...RESIDENTIAL.map((_, i) => residentialSbcIp(i))], "icmp-address": [ACCESS_SBC_IP],
    }),
    el("redundancy-config", { state: "enabled", "health-threshold": "60", "gateway-heartbeat-interval": "10", "gateway-heartbeat-retry": "3", "gateway-heartbeat-timeout": "2" }, [
      sub("peer", { name: "sbc01a", state: "enabled", type: "primary" }, [
        sub("destination", { address: "192.0.2.241:9090", "network-interface": "wancom1:0" }),
        sub("destination", { address: "192.0.2.245:9090", "network-interface": "wancom2:0" }),
      ]),
      sub("peer", { name: "sbc01b", state: "enabled", type: "secondary" }, [
        sub("destination", { address: "192.0.2.242:9090", "network-interface": "wancom1:0" }),
        sub("destination", { address: "192.0.2.246:9090", "network-interface": "wancom2:0" }),
      ]),
    ]),
    el("system-config", {
      hostname: SBC, description: "Interconnect and business-trunking SBC, New York", location: "NYC1 hall B row 7 rack 3",
      "mib-system-contact": "voice-noc@example.net", "mib-system-name": "sbc01-nyc", "mib-system-location": "NYC1",
      "enable-snmp-auth-traps": "enabled", "enable-snmp-monitor-traps": "enabled", "system-log-level": "NOTICE",
      "default-gateway": "192.0.2.129", "telnet-timeout": "900", "console-timeout": "1800",
    }, [
      sub("syslog-server", { address: "192.0.2.140", port: "514", facility: "4" }),
      sub("syslog-server", { address: "192.0.2.141", port: "514", facility: "4" }),
      sub("alarm-threshold", { type: "cpu", severity: "major", value: "85" }),
      sub("alarm-threshold", { type: "memory", severity: "critical", value: "95" }),
      sub("alarm-threshold", { type: "sessions", severity: "major", value: "90" }),
      sub("comm-monitor", { state: "enabled", "sbc-grp-id": "1" }, [sub("monitor-collector", { address: "192.0.2.150", port: "4739", "network-interface": "wancom0:0" })]),
    ]),
    el("ntp-config", {}, [
      sub("auth-servers", { "ip-address": "192.0.2.123", "key-id": "1", key: PRODUCTION_SECRETS.ntpKey }),
      sub("auth-servers", { "ip-address": "192.0.2.124", "key-id": "2", key: PRODUCTION_SECRETS.ntpKey }),
    ]),
    ...[
      ["192.0.2.160", "255.255.255.224", "NOC"],
      ["192.0.2.192", "255.255.255.224", "OSS/BSS and billing"],
      ["198.51.100.0", "255.255.255.0", "Carrier SBCs' management"],
    ].map(([dest, netmask, description]) => el("host-route", { "dest-network": dest, netmask, gateway: "192.0.2.129", description })),
    el("network-parameters", { "tcp-keepalive-count": "4", "tcp-keepalive-idle-timer": "600", "tcp-keepalive-interval-timer": "30" }),
    el("resource-monitor-profile", { "resource-type": "HEAP", state: "enabled", "major-threshold": "85", "critical-threshold": "92" }),
    el("capture-receiver", { state: "enabled", address: "192.0.2.151", "network-interface": "wancom0:0" }),
    el("fraud-protection", { mode: "local", "file-name": "fraud-blocklist.xml", "allow-remote-call-terminate": "enabled" }),
    el("audit-logging", { state: "enabled", "detail-level": "verbose", "audit-trail": "enabled", "audit-record-output": "both", "file-transfer-time": "60" }),
    el("password-policy", { "expiry-interval": "90", "grace-logins": "2", "password-policy-strength": "enabled" }),
    el("authentication", { type: "tacacs", "tacacs-authorization": "enabled", "tacacs-accounting": "enabled", "allow-local-authorization": "enabled" }, [
      sub("tacacs-server", { address: "192.0.2.170", secret: PRODUCTION_SECRETS.tacacs, "dead-time": "30" }),
      sub("tacacs-server", { address: "192.0.2.171", secret: PRODUCTION_SECRETS.tacacs, "dead-time": "30" }),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Monitoring and accounting: SNMPv3, traps, RADIUS accounting with CDR files pushed to billing

function monitoringAndAccounting(): ConfigElement[] {
  const nms = [["nms-primary", "192.0.2.165:162"], ["nms-backup", "192.0.2.166:162"], ["nms-capacity", "192.0.2.167:162"]];
  const users = ["noc-poller", "capacity-poller", "nms-trapper"];
  return [
    ...nms.map(([name, address]) => el("snmp-address-entry", { "address-name": name, address })),
    ...users.map((name, i) =>
      el("snmp-user-entry", { "user-name": name, "auth-protocol": "sha256", "auth-password": PRODUCTION_SECRETS.snmpAuth, "priv-protocol": "aes128", "priv-password": PRODUCTION_SECRETS.snmpPriv, "address-list": [nms[i][0]] })),
    el("snmp-view-entry", { "view-name": "full", "included-sub-trees": ["1.3.6.1"] }),
    el("snmp-view-entry", { "view-name": "acme-only", "included-sub-trees": ["1.3.6.1.4.1.9148"] }),
    el("snmp-group-entry", { "group-name": "noc", "sec-model": "v3", "user-list": ["noc-poller", "nms-trapper"] }),
    el("snmp-group-entry", { "group-name": "capacity", "sec-model": "v3", "user-list": ["capacity-poller"] }),
    el("snmp-community", { "community-name": "legacy-ro", "access-mode": "READ-ONLY", "ip-addresses": ["192.0.2.168"] }),
    el("trap-receiver", { "ip-address": "192.0.2.165:162", "filter-level": "All", "user-list": ["nms-trapper"] }),
    el("trap-receiver", { "ip-address": "192.0.2.166:162", "filter-level": "Major", "user-list": ["nms-trapper"] }),
    el("trap-receiver", { "ip-address": "192.0.2.168:162", "filter-level": "Critical", "community-name": "legacy-ro" }),
    el("account-config", {
      hostname: SBC, port: "1813", protocol: "radius", state: "enabled", "max-msg-delay": "30", "trans-at-close": "enabled",
      "file-path": "/opt/cdr", "ftp-address": "192.0.2.200", "ftp-user": "cdr-push", "ftp-password": PRODUCTION_SECRETS.cdrFtp, "ftp-remote-path": "/billing/incoming/sbc01-nyc",
    }, [
      sub("account-server", { hostname: "192.0.2.201", port: "1813", secret: PRODUCTION_SECRETS.radius, "NAS-ID": SBC, priority: "1", "max-inactivity": "120" }),
      sub("account-server", { hostname: "192.0.2.202", port: "1813", secret: PRODUCTION_SECRETS.radius, "NAS-ID": SBC, priority: "2", "max-inactivity": "120" }),
      sub("push-receiver", { server: "192.0.2.200", port: "22", "remote-path": "/billing/incoming/sbc01-nyc", priority: "0" }),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// TLS and SRTP

const SBC_CERT = "sbc01-nyc";
const ROOT_CA = "example-root-ca";
const ISSUING_CA = "example-issuing-ca";

function security(): ConfigElement[] {
  const caUsage = { "key-usage-list": ["keyCertSign", "cRLSign"], "extended-key-usage-list": [] };
  return [
    el("certificate-record", { name: SBC_CERT, country: "US", state: "NY", locality: "New York", organization: "Example Networks", unit: "Voice Engineering", "common-name": SBC, "key-size": "4096", "alternate-name": `DNS:${SBC},DNS:sip.example.net` }),
    el("certificate-record", { name: ROOT_CA, country: "US", state: "NY", locality: "New York", organization: "Example Networks", "common-name": "Example Networks Root CA", ...caUsage }),
    el("certificate-record", { name: ISSUING_CA, country: "US", state: "NY", locality: "New York", organization: "Example Networks", "common-name": "Example Networks Issuing CA", ...caUsage }),
    el("certificate-record", { name: "sti-ca", country: "US", state: "VA", locality: "Reston", organization: "Example STI-CA", "common-name": "Example STI-CA Root", ...caUsage }),
    el("cert-status-profile", { name: "example-ocsp", "ip-address": "192.0.2.60", port: "8080", type: "ocsp", "responder-cert": ISSUING_CA, "trusted-cas": [ROOT_CA, ISSUING_CA], "realm-id": CORE }),
    el("tls-profile", { name: "tls-core", "end-entity-certificate": SBC_CERT, "trusted-ca-certificates": [ROOT_CA, ISSUING_CA], "mutual-authenticate": "enabled", "tls-version": "tlsv12", "verify-depth": "4" }),
    el("tls-profile", { name: "tls-sti", "end-entity-certificate": SBC_CERT, "trusted-ca-certificates": ["sti-ca"], "tls-version": "tlsv12" }),
    el("tls-global", { "session-caching": "enabled", "session-cache-timeout": "8" }),
    el("sdes-profile", { name: "sdes-aes80", "crypto-list": ["AES_CM_128_HMAC_SHA1_80"], "srtp-rekey-on-re-invite": "enabled" }),
    el("sdes-profile", { name: "sdes-aes32", "crypto-list": ["AES_CM_128_HMAC_SHA1_32", "AES_CM_128_HMAC_SHA1_80"] }),
    el("media-sec-policy", { name: "srtp-enterprise" }, [
      sub("inbound", { profile: "sdes-aes80", mode: "srtp", protocol: "sdes" }),
      sub("outbound", { profile: "sdes-aes80", mode: "srtp", protocol: "sdes" }),
    ]),
    el("dtls-srtp-profile", { name: "webrtc-dtls", "tls-profile": "tls-core", "dtls-complete-timeout": "15" }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Media: media manager, QoS marking, codec policies, class of service

function media(): ConfigElement[] {
  return [
    el("media-manager", { "flow-time-limit": "43200", "tcp-flow-time-limit": "43200", "max-signaling-bandwidth": "10000000", "rtcp-rate-limit": "50000", "translate-non-rfc2833-event": "enabled" }),
    el("media-policy", { name: "voice-ef" }, [sub("tos-settings", { "media-type": "audio", "tos-value": "0xB8" })]),
    el("media-policy", { name: "video-af41" }, [
      sub("tos-settings", { "media-type": "audio", "tos-value": "0xB8" }),
      sub("tos-settings", { "media-type": "video", "tos-value": "0x88" }),
    ]),
    el("media-policy", { name: "priority-voice", "rtp-ttl": "64" }, [sub("tos-settings", { "media-type": "audio", "tos-value": "0xB8" })]),
    ...[["PCMU", "0", "64"], ["PCMA", "8", "64"], ["G729", "18", "8"], ["G722", "9", "64"], ["AMR-WB", "", "24"], ["telephone-event", "101", "0"]].map(([name, payloadType, kbps]) =>
      el("media-profile", { name, transport: "RTP/AVP", ...(payloadType ? { "payload-type": payloadType } : {}), "req-bandwidth": kbps })),
    el("codec-policy", { name: "core-wideband", "allow-codecs": ["AMR-WB", "G722", "PCMU", "PCMA", "telephone-event"], "order-codecs": ["AMR-WB", "G722", "*"] }),
    el("codec-policy", { name: "carrier-g711", "allow-codecs": ["PCMU", "PCMA", "G729", "telephone-event"], "add-codecs-on-egress": ["PCMU"], "order-codecs": ["PCMU", "PCMA", "*"] }),
    el("codec-policy", { name: "carrier-g729", "allow-codecs": ["G729", "PCMU", "telephone-event"], "order-codecs": ["G729", "*"], "packetization-time": "20" }),
    el("codec-policy", { name: "enterprise-g711", "allow-codecs": ["PCMU", "PCMA", "G722", "telephone-event"], "order-codecs": ["G722", "PCMU", "*"] }),
    el("codec-policy", { name: "residential", "allow-codecs": ["*"], "order-codecs": ["AMR-WB", "PCMU", "*"], "packetization-time": "30" }),
    el("qos-constraints", { name: "carrier-quality", "major-rfactor": "7000", "critical-rfactor": "6000" }),
    el("class-profile", {}, [
      sub("class-policy", { "profile-name": "government-priority", "to-address": ["+12025550100", "+12025550101"], "media-policy": "priority-voice" }),
      sub("class-policy", { "profile-name": "video-conferencing", "to-address": ["+12125550150"], "media-policy": "video-af41" }),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Signalling policies: SIP settings, CAC, timers, header manipulations, number translations

function signallingPolicies(): ConfigElement[] {
  return [
    el("sip-config", { "home-realm-id": CORE, "egress-realm-id": PEERING, "registrar-domain": IMS_DOMAIN, "registrar-host": "*", "registrar-port": "5060", "trans-expire": "8", "invite-expire": "120", "add-reason-header": "enabled", options: ["max-udp-length=0"] }),
    el("session-router", { "system-number-type": "E164", "additional-lp-lookups": "2", "max-routes-per-lookup": "4", "match-lp-src-parent-realms": "enabled" }, [
      sub("holidays", { date: "2026-01-01", description: "New Year's Day" }),
      sub("holidays", { date: "2026-07-04", description: "Independence Day" }),
      sub("holidays", { date: "2026-12-25", description: "Christmas Day" }),
    ]),
    el("session-constraints", { name: "carrier-cac", "max-sessions": "2000", "max-burst-rate": "100", "burst-rate-window": "10", "max-sustain-rate": "60", "sustain-rate-window": "60" }, [
      sub("rate-constraints", { method: "OPTIONS", "max-inbound-burst-rate": "20", "max-inbound-sustain-rate": "10" }),
    ]),
    el("session-constraints", { name: "enterprise-cac", "max-sessions": "200", "max-burst-rate": "20", "burst-rate-window": "10" }, [
      sub("rate-constraints", { method: "REGISTER", "max-inbound-burst-rate": "10" }),
    ]),
    el("session-constraints", { name: "residential-cac", "max-sessions": "20000", "max-burst-rate": "500", "burst-rate-window": "10" }, [
      sub("rate-constraints", { method: "REGISTER", "max-inbound-burst-rate": "200", "max-inbound-sustain-rate": "100" }),
      sub("rate-constraints", { method: "MESSAGE", "max-inbound-burst-rate": "50" }),
    ]),
    el("session-timer-profile", { name: "st-1800", "session-expires": "1800", "min-se": "90", "request-refresher": "uac", "response-refresher": "uas" }),
    el("sip-recursion-policy", { name: "carrier-retry", description: "Try the next carrier on congestion", "global-count": "3", mode: "consecutive" }, [
      sub("sip-resp-code-attempts", { "response-code": "503", attempts: "2" }),
      sub("sip-resp-code-attempts", { "response-code": "408", attempts: "1" }),
    ]),
    el("sip-response-map", { name: "carrier-busy" }, [
      sub("entries", { "recv-code": "486", "xmit-code": "486", reason: "Busy Here" }),
      sub("entries", { "recv-code": "600", "xmit-code": "486", reason: "Busy Here" }),
    ]),
    el("session-agent-id-rule", { name: "by-pcv-orig-ioi", "match-header": "P-Charging-Vector", "match-parameter": "orig-ioi" }),
    el("allowed-elements-profile", { name: "trunk-allowlist", description: "Standard headers only from business trunks" }, [
      sub("rule-set", { name: "invite-rules", "unmatched-action": "delete", "msg-type": "request", methods: ["INVITE"], logging: "enabled" }, [
        sub("header-rule", { "header-name": "Contact", "unmatched-action": "delete", "allow-header-param": "expires,q" }),
      ]),
    ]),
    el("enforcement-profile", { name: "carrier-methods", "allowed-methods": ["INVITE", "PRACK", "OPTIONS", "INFO", "UPDATE"], "sdp-address-check": "enabled" }),
    el("enforcement-profile", { name: "enterprise-methods", "allowed-methods": ["INVITE", "PRACK", "OPTIONS", "INFO", "UPDATE", "REFER", "NOTIFY"], "allowed-elements-profile": "trunk-allowlist" }),
    el("sip-feature", { name: "100rel", realm: PEERING, "require-mode-inbound": "pass", "require-mode-outbound": "pass" }),
    el("sip-feature", { name: "timer", realm: PEERING, "require-mode-inbound": "pass", "require-mode-outbound": "pass" }),
    el("filter-config", { name: "trace-toll-free", user: "+1800" }),
    el("filter-config", { name: "trace-carrier-space", address: "198.51.100.0/24" }),
    el("sip-monitoring", { state: "enabled", "trigger-window": "60", "monitoring-filters": ["trace-toll-free", "trace-carrier-space"] }, [
      sub("interesting-event", { type: "short-session", "trigger-threshold": "10" }),
      sub("interesting-event", { type: "local-rejection", "trigger-threshold": "20" }),
    ]),
    el("sip-advanced-logging", { name: "trace-registrations", level: "DEBUG", scope: "transaction", "matches-per-window": "5", "window-size": "60" }, [
      sub("adv-log-condition", { "match-type": "request-type", "match-value": "REGISTER" }),
    ]),
    el("local-response-map", {}, [
      sub("local-response-map-entry", { "local-error": "licensed-session-capacity-reached", "sip-status": "503", "sip-reason": "Service Unavailable", "q850-cause": "34", "q850-reason": "No circuit available" }),
      sub("local-response-map-entry", { "local-error": "cac-session-limit", "sip-status": "503", "sip-reason": "Service Unavailable", "q850-cause": "34" }),
    ]),
    el("sip-q850-map", {}, [
      sub("sip-q850-map-entry", { "sip-status": "486", "q850-cause": "17", "q850-reason": "User busy" }),
      sub("sip-q850-map-entry", { "sip-status": "404", "q850-cause": "1", "q850-reason": "Unallocated number" }),
      sub("sip-q850-map-entry", { "sip-status": "503", "q850-cause": "34", "q850-reason": "No circuit available" }),
    ]),
    el("q850-sip-map", {}, [
      sub("q850-sip-map-entry", { "q850-cause": "17", "sip-status": "486", "sip-reason": "Busy Here" }),
      sub("q850-sip-map-entry", { "q850-cause": "1", "sip-status": "404", "sip-reason": "Not Found" }),
      sub("q850-sip-map-entry", { "q850-cause": "34", "sip-status": "503", "sip-reason": "Service Unavailable" }),
    ]),
    el("sip-profile", { name: "cnam-ingress", redirection: "history-info", "cnam-lookup-server": "cnam", "cnam-lookup-dir": "ingress" }),
    ...globalManipulations(),
    ...globalTranslations(),
  ];
}

/** Header manipulations every realm of a kind shares: topology hiding, identity, SDP clean-up. */
function globalManipulations(): ConfigElement[] {
  return [
    el("sip-manipulation", { name: "topology-hide", description: "Hide core addresses from carriers" }, [
      sub("header-rule", { name: "hide-via", "header-name": "Via", action: "manipulate", "comparison-type": "pattern-rule", "match-value": "192\\.0\\.2\\.[0-9]+" }, [
        sub("element-rule", { name: "via-host", type: "uri-host", action: "replace", "new-value": "$LOCAL_IP" }),
      ]),
      sub("header-rule", { name: "del-p-charging", "header-name": "P-Charging-Vector", action: "delete", "msg-type": "request" }),
      sub("header-rule", { name: "del-p-visited", "header-name": "P-Visited-Network-ID", action: "delete" }),
    ]),
    el("sip-manipulation", { name: "assert-identity", description: "Assert the caller's identity towards the core" }, [
      sub("header-rule", { name: "add-pai", "header-name": "P-Asserted-Identity", action: "add", "msg-type": "request", methods: ["INVITE"], "new-value": "$FROM_URI" }),
      sub("header-rule", { name: "pai-host", "header-name": "P-Asserted-Identity", action: "manipulate", "msg-type": "request", methods: ["INVITE"] }, [
        sub("element-rule", { name: "set-host", type: "uri-host", action: "replace", "new-value": IMS_DOMAIN }),
        sub("element-rule", { name: "user-phone", type: "uri-param", "parameter-name": "user", action: "add", "new-value": "phone" }),
      ]),
    ]),
    el("sip-manipulation", { name: "enterprise-normalize", description: "E.164 in From and Request-URI from PBXs" }, [
      sub("header-rule", { name: "ruri-e164", "header-name": "Request-URI", action: "manipulate", "msg-type": "request" }, [
        sub("element-rule", { name: "ruri-user", type: "uri-user", action: "replace", "comparison-type": "pattern-rule", "match-value": "^1?([2-9][0-9]{9})$", "new-value": "+1$1" }),
      ]),
      sub("header-rule", { name: "from-e164", "header-name": "From", action: "manipulate", "msg-type": "request" }, [
        sub("element-rule", { name: "from-user", type: "uri-user", action: "replace", "comparison-type": "pattern-rule", "match-value": "^1?([2-9][0-9]{9})$", "new-value": "+1$1" }),
      ]),
      sub("header-rule", { name: "del-user-agent", "header-name": "User-Agent", action: "delete" }),
    ]),
    el("sip-manipulation", { name: "sdp-cleanup", description: "SDP attributes carriers refuse" }, [
      sub("mime-sdp-rule", { name: "audio-only", "msg-type": "request", methods: ["INVITE"], action: "manipulate" }, [
        sub("sdp-media-rule", { name: "media-lines", action: "manipulate" }, [
          sub("sdp-line-rule", { name: "del-rtcp-fb", type: "a", action: "delete", "comparison-type": "pattern-rule", "match-value": "^rtcp-fb:.*" }),
          sub("sdp-line-rule", { name: "del-imageattr", type: "a", action: "delete", "comparison-type": "pattern-rule", "match-value": "^imageattr:.*" }),
        ]),
      ]),
    ]),
  ];
}

function globalTranslations(): ConfigElement[] {
  return [
    el("translation-rules", { id: "add-plus1", type: "add", "add-string": "+1", "add-index": "0" }),
    el("translation-rules", { id: "strip-plus1", type: "delete", "delete-string": "+1", "delete-index": "0" }),
    el("session-translation", { id: "to-national", "rules-called": ["strip-plus1"], "rules-calling": ["strip-plus1"] }),
  ];
}

// ---------------------------------------------------------------------------------------------
// STIR/SHAKEN, recording, policy server, DNS ALG, network management controls

function services(): ConfigElement[] {
  return [
    el("authentication-profile", { name: "sti-bearer", "preshared-key": PRODUCTION_SECRETS.stiToken }),
    el("http-client", { name: "sti-client", state: "enabled", realm: CORE, "ip-address": CORE_SBC_IP, "tls-profile": "tls-sti", "auth-profile": "sti-bearer" }),
    el("sti-header-mapping-ruleset", { name: "icid-to-http" }, [
      sub("mapping-rules", { id: "icid", "source-header": "P-Charging-Vector", "target-header": "X-ICID", direction: "outbound", role: "STI-AS" }),
    ]),
    el("sti-response-treatment-config", { name: "reject-failed" }, [
      sub("sti-response-treatment-entry", { verstat: "TN-Validation-Failed", "reason-code": "438", "sip-reason-code": "438", "sip-reason-text": "Invalid Identity Header" }),
    ]),
    el("sti-reason-header-config", { name: "sti-reasons" }, [
      sub("sti-reason-header-entry", { scenario: "sti-server-timeout", "cause-code": "480", "reason-text": "STI service timeout" }),
      sub("sti-reason-header-entry", { scenario: "sti-server-unreachable", "cause-code": "503", "reason-text": "STI service unreachable" }),
    ]),
    ...[1, 2].map((n) =>
      el("sti-server", { name: `sti-${n}`, description: `STIR/SHAKEN service, ${n === 1 ? "primary" : "backup"}`, state: "enabled", "as-server-root": `https://sti${n}.example.net/stir/v1`, "vs-server-root": `https://sti${n}.example.net/stir/v1`, "sti-attest": "A", timeout: "1500", "http-client": "sti-client" })),
    el("sti-server-group", { name: "sti-pool", description: "STIR/SHAKEN servers", "sti-servers": ["sti-1", "sti-2"] }),
    el("sti-config", { "circuit-breaker-window-duration": "20", "circuit-breaker-error-threshold": "5", "circuit-breaker-retry-time": "60" }),
    ...[1, 2].map((n) =>
      el("session-recording-server", { name: `srs-${n}`, description: `Recording server ${n}`, realm: CORE, mode: "selective", destination: `192.0.2.${40 + n}`, port: "5060", "transport-method": "StaticTCP", "ping-method": "OPTIONS", "ping-interval": "60" })),
    el("session-recording-group", { name: "recorders", description: "Compliance recording", strategy: "roundrobin", "simultaneous-recording-servers": "1", "session-recording-servers": ["srs-1", "srs-2"] }),
    el("ext-policy-server", { name: "pcrf-1", state: "enabled", "operation-type": "bandwidth-mgmt", protocol: "DIAMETER", address: "pcrf1.ims.example.net", port: "3868", realm: CORE }),
    el("dnsalg-constraints", { name: "dns-throttle", state: "enabled", "max-inbound-burst-rate": "200", "burst-rate-window": "1", "max-inbound-sustain-rate": "100" }),
    el("dns-config", { "client-realm": RESIDENTIAL[0], description: "DNS ALG for residential subscribers", "client-address-list": [residentialSbcIp(0)], "constraint-name": "dns-throttle" }, [
      sub("server-dns-attributes", { "server-realm": CORE, "domain-suffix": [`.${IMS_DOMAIN}`], "server-address-list": ["192.0.2.53", "192.0.2.54"], "source-address": CORE_SBC_IP }),
    ]),
    el("static-flow", { "in-realm-id": CORE, description: "ICMP from the NOC to the peering gateway", "in-source": "192.0.2.160", "in-destination": CORE_SBC_IP, "out-realm-id": PEERING, "out-source": PEERING_SBC_IP, "out-destination": "203.0.113.1", protocol: "ICMP" }),
    el("nsep-stats-profile", { state: "enabled", rvalues: ["ets.0", "wps.0"], "feature-code": "710", "dialed-numbers": ["6272378"] }),
    ...["+19005550100", "+19005550101", "+19005550102", "+18005550199"].map((number, i) =>
      el("net-management-control", { name: `televote-${i + 1}`, state: "enabled", type: "GAP-RATE", value: "50", treatment: i === 3 ? "DIVERT" : "REJECT", ...(i === 3 ? { "next-hop": "SAG:ims-tas" } : {}), "destination-identifier": [number] })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The IMS core and the parent realms

function imsCore(): ConfigElement[] {
  const agents: [string, number, string][] = [
    ["icscf1", 21, "I-CSCF"], ["icscf2", 22, "I-CSCF"],
    ["scscf1", 23, "S-CSCF"], ["scscf2", 24, "S-CSCF"], ["scscf3", 25, "S-CSCF"],
    ["ecscf1", 26, "E-CSCF"], ["ecscf2", 27, "E-CSCF"],
    ["tas1", 31, "telephony application server"], ["tas2", 32, "telephony application server"],
    ["mrf1", 33, "announcements and conferencing"],
  ];
  const fqdn = (name: string) => `${name}.${IMS_DOMAIN}`;
  const group = (name: string, members: string[], description: string) =>
    el("session-group", { "group-name": name, description, strategy: "RoundRobin", dest: members.map(fqdn), "sag-recursion": "enabled" });
  return [
    el("realm-config", { identifier: CORE, description: "IMS core", "addr-prefix": "192.0.2.0/25", "network-interfaces": ["M00:0"], "mm-in-realm": "enabled", "access-control-trust-level": "high", "media-policy": "voice-ef", "codec-policy": "core-wideband" }),
    el("realm-config", { identifier: PEERING, description: "Parent of the carrier realms", "network-interfaces": ["M10:0"], "access-control-trust-level": "medium", "media-policy": "voice-ef", "qos-constraints": "carrier-quality" }),
    el("realm-config", { identifier: ACCESS, description: "Parent of the business and residential realms", "network-interfaces": ["M01:0"], "access-control-trust-level": "low", "deny-period": "60" }),
    el("sip-interface", { "realm-id": CORE, description: "SIP to the IMS core", "trans-expire": "8", "in-manipulationid": "assert-identity", "session-timer-profile": "st-1800" }, [
      sub("sip-port", { address: CORE_SBC_IP, port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" }),
      sub("sip-port", { address: CORE_SBC_IP, port: "5060", "transport-protocol": "TCP", "allow-anonymous": "agents-only" }),
      sub("sip-port", { address: CORE_SBC_IP, port: "5061", "transport-protocol": "TLS", "tls-profile": "tls-core", "allow-anonymous": "agents-only" }),
    ]),
    el("steering-pool", { "ip-address": CORE_SBC_IP, "start-port": "10000", "end-port": "59999", "realm-id": CORE, "network-interface": "M00:0" }),
    ...agents.map(([name, host, role]) =>
      el("session-agent", {
        hostname: fqdn(name), "ip-address": `192.0.2.${host}`, "realm-id": CORE, description: role, "transport-method": "StaticTCP",
        "ping-method": "OPTIONS;hops=0", "ping-interval": "30", "trust-me": "enabled", "codec-policy": "core-wideband",
      }, name.startsWith("icscf") ? [sub("match-identifier", { "identifier-rule": "by-pcv-orig-ioi", "match-value": IMS_DOMAIN })] : [])),
    group("ims-icscf", ["icscf1", "icscf2"], "Terminating calls into the core"),
    group("ims-scscf", ["scscf1", "scscf2", "scscf3"], "Originating calls from business and residential"),
    group("ims-ecscf", ["ecscf1", "ecscf2"], "Emergency calls"),
    group("ims-tas", ["tas1", "tas2"], "Diverted televoting calls"),
    el("access-control", { "realm-id": CORE, "source-address": "192.0.2.0/25", "application-protocol": "SIP", access: "permit", "trust-level": "high", description: "IMS core network" }),
    el("access-control", { "realm-id": CORE, "source-address": "192.0.2.160/27", "application-protocol": "NONE", access: "permit", "trust-level": "high", description: "NOC probes" }),
    el("realm-group", { name: "ringback-from-core", "source-realm": [CORE], "destination-realm": [PEERING, ACCESS], "early-media-allow-direction": "reverse", state: "enabled" }),
    el("enum-config", { name: "sms-800", "top-level-domain": "tf.example.net", "realm-id": CORE, "enum-servers": ["192.0.2.55", "192.0.2.56"], "query-method": "hunt", timeout: "3" }),
    el("enum-config", { name: "npdb", "top-level-domain": "npdb.example.net", "realm-id": CORE, "enum-servers": ["192.0.2.57", "192.0.2.58"], "query-method": "round-robin", timeout: "2", "failover-to": "sms-800" }),
    el("enum-config", { name: "cnam", "top-level-domain": "cnam.example.net", "realm-id": CORE, "enum-servers": ["192.0.2.59"], "service-type": "E2U+pstn:sip" }),
    el("local-routing-config", { name: "ported-tns", "file-name": "ported-tns.xml.gz", "match-mode": "best" }),
    el("local-routing-config", { name: "toll-free", "file-name": "toll-free.xml.gz", "match-mode": "exact", "prefix-length": "11" }),
    el("local-routing-config", { name: "short-codes", "file-name": "short-codes.xml.gz", "match-mode": "exact", "string-lookup": "enabled" }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Carriers: realm on the peering interface, four SBCs in two groups, own HMR, translation, ACLs

/** The carriers that interconnect with this SBC, by realm name. */
const CARRIERS = [
  "atlantic-tel", "bluepeak", "cascade-voice", "delta-carrier", "evergreen-tel", "frontier-link", "granite-net", "harbor-voice",
  "ironwood", "juniper-tel", "keystone-tel", "lakeshore", "meridian", "northstar", "oakridge", "pinnacle",
  "quarry-tel", "redwood", "summit-voice", "tidewater", "unity-tel", "valley-link", "westgate", "yellowpine",
  "zenith-tel", "apex-intl", "borealis", "coastal-tel", "dominion", "eastbridge", "fairway", "glacier",
];

/** The SBC's own signalling and media address towards carrier `i`. */
function carrierSbcIp(i: number): string {
  return `203.0.113.${11 + i}`;
}

/** Carrier `i`'s SBCs are in 198.51.100.(8i)/29. */
function carrierPeerIp(i: number, n: number): string {
  return `198.51.100.${8 * i + 1 + n}`;
}

const carrierSbcs = (name: string) => ["sbc1.east", "sbc2.east", "sbc1.west", "sbc2.west"].map((h) => `${h}.${name}.example.net`);

function carrier(name: string, i: number): ConfigElement[] {
  const sbcs = carrierSbcs(name);
  const g729 = i % 4 === 3;
  return [
    el("realm-config", {
      identifier: name, description: `Interconnect with ${name}`, "addr-prefix": `198.51.100.${8 * i}/29`, "network-interfaces": ["M10:0"], "parent-realm": PEERING,
      "in-manipulationid": `${name}-in`, "access-control-trust-level": "medium", "media-policy": "voice-ef", "codec-policy": g729 ? "carrier-g729" : "carrier-g711",
      "constraint-name": "carrier-cac", "enforcement-profile": "carrier-methods", "max-bandwidth": "200000",
    }),
    el("sip-manipulation", { name: `${name}-in`, description: `Inbound fixes for ${name}` }, [
      sub("header-rule", { name: "del-p-early-media", "header-name": "P-Early-Media", action: "delete" }),
      sub("header-rule", { name: "from-e164", "header-name": "From", action: "manipulate", "msg-type": "request", methods: ["INVITE"] }, [
        sub("element-rule", { name: "from-user", type: "uri-user", action: "replace", "comparison-type": "pattern-rule", "match-value": "^00", "new-value": "+" }),
      ]),
    ]),
    el("translation-rules", { id: `${name}-tech-prefix`, type: "delete", "delete-string": `${100 + i}#`, "delete-index": "0" }),
    el("session-translation", { id: `${name}-in`, "rules-called": [`${name}-tech-prefix`, "add-plus1"], "rules-calling": ["add-plus1"] }),
    el("sip-interface", {
      "realm-id": name, description: `Trunk to ${name}`, "trust-mode": "agents-only", "out-manipulationid": i % 2 === 0 ? "topology-hide" : "sdp-cleanup",
      "sip-recursion-policy": "carrier-retry", "session-timer-profile": "st-1800", "sti-as": ["stg:sti-pool"], "sti-vs": ["stg:sti-pool"],
      ...(i === 0 ? { "session-recording-server": "SRG:recorders" } : {}),
    }, [
      sub("sip-port", { address: carrierSbcIp(i), port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" }),
      sub("sip-port", { address: carrierSbcIp(i), port: "5060", "transport-protocol": "TCP", "allow-anonymous": "agents-only" }),
    ]),
    el("steering-pool", { "ip-address": carrierSbcIp(i), "start-port": "10000", "end-port": "59999", "realm-id": name, "network-interface": "M10:0" }),
    ...sbcs.map((hostname, n) =>
      el("session-agent", {
        hostname, "ip-address": carrierPeerIp(i, n), "realm-id": name, description: `${name} ${hostname.split(".").slice(0, 2).join(" ")}`,
        "transport-method": n % 2 === 0 ? "UDP" : "StaticTCP", constraints: "enabled", "max-sessions": "1000", "max-burst-rate": "50", "burst-rate-window": "10",
        "ping-method": "OPTIONS;hops=0", "ping-interval": "30", "in-translationid": `${name}-in`, "out-translationid": "to-national",
        "codec-policy": g729 ? "carrier-g729" : "carrier-g711", "response-map": "carrier-busy", "sip-recursion-policy": "carrier-retry",
        ...(i === 1 ? { "session-recording-server": "srs-1" } : {}),
      }, i % 8 === 0 ? [sub("auth-attribute", { "auth-realm": `${name}.example.net`, username: "sbc01-nyc", password: PRODUCTION_SECRETS.trunkDigest, "in-dialog-methods": ["INVITE", "BYE"] })] : [])),
    el("session-group", { "group-name": `${name}-east`, strategy: "RoundRobin", dest: sbcs.slice(0, 2), "sag-recursion": "enabled" }),
    el("session-group", { "group-name": `${name}-west`, strategy: "RoundRobin", dest: sbcs.slice(2), "sag-recursion": "enabled" }),
    ...sbcs.map((_, n) => el("access-control", { "realm-id": name, "source-address": carrierPeerIp(i, n), "application-protocol": "SIP", access: "permit", "trust-level": "high", description: `${name} SBC ${n + 1}` })),
    el("access-control", { "realm-id": name, "application-protocol": "SIP", access: "deny", description: "Nobody else on this trunk" }),
    el("local-policy", { "from-address": ["*"], "to-address": ["*"], "source-realm": [name], description: `${name} into the core` }, [
      sub("policy-attribute", { "next-hop": "SAG:ims-icscf", realm: CORE }),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Enterprises: a SIP trunk over TLS with their own CA, hosted PBXs, DID blocks, IMS registrations

const ENTERPRISE_NAMES = ["acme", "birch", "cedar", "dune", "elm", "fern", "grove", "hazel", "iris", "jade"];
const ENTERPRISE_SECTORS = ["health", "bank", "logistics", "retail", "law", "univ"];
const ENTERPRISES = ENTERPRISE_SECTORS.flatMap((sector) => ENTERPRISE_NAMES.map((name) => `${name}-${sector}`));

/** The SBC's own address towards enterprise `j`. */
function enterpriseSbcIp(j: number): string {
  return `203.0.113.${131 + j}`;
}

/** Enterprise `j`'s numbers: +1 NPA NXX, a block of 10,000 per enterprise. */
function enterpriseNumbers(j: number): string {
  return `+1${212 + Math.floor(j / 10)}${555 - (j % 10)}`;
}

function enterprise(name: string, j: number): ConfigElement[] {
  const realm = `ent-${name}`;
  const domain = `${name}.example.com`;
  const pbxs = [`pbx1.${domain}`, `pbx2.${domain}`];
  const numbers = enterpriseNumbers(j);
  const recorded = name.endsWith("-bank") || name.endsWith("-law");
  return [
    el("realm-config", {
      identifier: realm, description: `Business trunk ${name}`, "network-interfaces": ["M01:0"], "parent-realm": ACCESS, "in-manipulationid": "enterprise-normalize",
      "access-control-trust-level": "medium", "codec-policy": "enterprise-g711", "constraint-name": "enterprise-cac", "enforcement-profile": "enterprise-methods",
      ...(recorded ? { "session-recording-server": "SRG:recorders", "session-recording-required": "enabled" } : {}),
    }),
    el("certificate-record", { name: `ca-${name}`, country: "US", state: "NY", locality: "New York", organization: name, "common-name": `${name} Issuing CA`, "key-usage-list": ["keyCertSign", "cRLSign"], "extended-key-usage-list": [] }),
    el("tls-profile", { name: `tls-${name}`, "end-entity-certificate": SBC_CERT, "trusted-ca-certificates": [`ca-${name}`], "mutual-authenticate": "enabled", "tls-version": "tlsv12" }),
    el("sip-interface", { "realm-id": realm, description: `Trunk to ${name}`, "trust-mode": "agents-only", "inactive-conn-timeout": "600", "out-manipulationid": "assert-identity" }, [
      sub("sip-port", { address: enterpriseSbcIp(j), port: "5061", "transport-protocol": "TLS", "tls-profile": `tls-${name}`, "allow-anonymous": "agents-only" }),
    ]),
    el("steering-pool", { "ip-address": enterpriseSbcIp(j), "start-port": "20000", "end-port": "29999", "realm-id": realm, "network-interface": "M01:0" }),
    ...pbxs.map((hostname, n) =>
      el("session-agent", {
        hostname, port: "5061", "realm-id": realm, description: `${name} PBX ${n + 1}`, "transport-method": "StaticTLS", "ping-method": "OPTIONS;hops=0", "ping-interval": "60",
        "codec-policy": "enterprise-g711", "sip-profile": "cnam-ingress", constraints: "enabled", "max-sessions": "100",
      })),
    el("session-group", { "group-name": `${name}-pbx`, strategy: "Hunt", dest: pbxs }),
    el("access-control", { "realm-id": realm, "application-protocol": "SIP", "transport-protocol": "TCP", access: "permit", "trust-level": "medium", "average-rate-limit": "64000", description: `${name} over TLS` }),
    el("local-policy", { "from-address": ["*"], "to-address": ["*"], "source-realm": [realm], description: `${name} into the core` }, [
      sub("policy-attribute", { "next-hop": "SAG:ims-scscf", realm: CORE }),
    ]),
    el("local-policy", { "from-address": ["*"], "to-address": [numbers], "source-realm": [CORE], description: `DIDs of ${name}` }, [
      sub("policy-attribute", { "next-hop": `SAG:${name}-pbx`, realm, "terminate-recursion": "enabled" }),
    ]),
    ...[0, 1, 2, 3].map((k) =>
      el("surrogate-agent", {
        "register-host": IMS_DOMAIN, "register-user": `${numbers}${String(1000 + k * 100)}`, "realm-id": realm, description: `${name} pilot ${k + 1}`,
        "customer-host": domain, "customer-next-hop": `SAG:${name}-pbx`, "register-contact-host": enterpriseSbcIp(j), "register-contact-user": `${name}-${k + 1}`,
        password: PRODUCTION_SECRETS.imsRegistration, "register-expires": "3600", "auth-user": `${numbers}${String(1000 + k * 100)}@${IMS_DOMAIN}`,
      })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Residential access: subscribers register through the SBC behind NAT

const RESIDENTIAL = ["res-nyc", "res-bos", "res-phl", "res-dca"];

function residentialSbcIp(k: number): string {
  return `203.0.113.${200 + k}`;
}

function residential(realm: string, k: number): ConfigElement[] {
  const address = residentialSbcIp(k);
  return [
    el("realm-config", {
      identifier: realm, description: `Residential subscribers, ${realm.slice(4).toUpperCase()}`, "network-interfaces": ["M01:0"], "parent-realm": ACCESS, "dns-realm": CORE,
      "restricted-latching": "sdp", "access-control-trust-level": "low", "invalid-signal-threshold": "10", "maximum-signal-threshold": "4000",
      "codec-policy": "residential", "constraint-name": "residential-cac",
    }),
    el("sip-interface", {
      "realm-id": realm, description: `Subscribers in ${realm}`, "nat-traversal": "always", "nat-interval": "30", "registration-caching": "enabled", "route-to-registrar": "enabled",
      "min-reg-expire": "600", "out-manipulationid": "topology-hide", "max-incoming-conns": "20000", "per-src-ip-max-incoming-conns": "10", "trust-mode": "registered",
    }, [
      sub("sip-port", { address, port: "5060", "transport-protocol": "UDP", "allow-anonymous": "registered" }),
      sub("sip-port", { address, port: "5060", "transport-protocol": "TCP", "allow-anonymous": "registered" }),
    ]),
    el("steering-pool", { "ip-address": address, "start-port": "10000", "end-port": "34999", "realm-id": realm }),
    el("steering-pool", { "ip-address": address, "start-port": "35000", "end-port": "59999", "realm-id": realm }),
    el("access-control", { "realm-id": realm, "application-protocol": "SIP", access: "permit", "trust-level": "low", "average-rate-limit": "8000", "invalid-signal-threshold": "5", description: "Subscribers" }),
    el("access-control", { "realm-id": realm, "source-address": "203.0.113.248/29", "application-protocol": "SIP", access: "deny", description: "Known abusers" }),
    el("local-policy", { "from-address": ["*"], "to-address": ["*"], "source-realm": [realm], description: `${realm} into the core` }, [
      sub("policy-attribute", { "next-hop": "SAG:ims-scscf", realm: CORE }),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// The routing table out of the core: emergency, national by area code (least cost over two
// carriers and their sites) and by exchange where one carrier terminates it, ported numbers,
// toll-free, international by country code

/**
 * North American area codes as the plan assigns them: a first digit of 2–9, a middle digit other
 * than 9 (held for expansion), no N11 service codes and no toll-free codes, which route apart.
 */
function areaCodes(): string[] {
  const codes: string[] = [];
  for (let n = 200; n < 1000; n++) {
    const [, middle, last] = String(n);
    if (middle === "9" || (middle === "1" && last === "1") || TOLL_FREE.includes(String(n))) continue;
    codes.push(String(n));
  }
  return codes;
}

const TOLL_FREE = ["800", "833", "844", "855", "866", "877", "888"];

/** Country codes the carriers' international routes cover. */
const COUNTRY_CODES = [
  "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
  "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92",
  "93", "94", "95", "98", "212", "213", "216", "234", "254", "351", "353", "354", "358", "370", "371", "372", "380", "420", "421", "852", "880", "886", "966", "971", "972",
];

/** A policy out of the core to `toAddress`: each hop a next hop, the realm it is in (none for an ENUM or route-table lookup) and its cost. */
function route(toAddress: string, description: string, hops: [string, string, number][]): ConfigElement {
  return el("local-policy", { "from-address": ["*"], "to-address": [toAddress], "source-realm": [CORE], description },
    hops.map(([nextHop, realm, cost]) => sub("policy-attribute", { "next-hop": nextHop, ...(realm ? { realm } : {}), cost: String(cost) })));
}

/** The carrier at `i` counted round the list (negative counts back from its end). */
function carrierAt(i: number): string {
  const n = CARRIERS.length;
  return CARRIERS[((i % n) + n) % n];
}

const LOCAL_EXCHANGE_AREAS = 24;
const LOCAL_EXCHANGES_PER_AREA = 20;

function routingTable(): ConfigElement[] {
  const national = areaCodes().map((npa, i) => {
    const [first, second] = [carrierAt(i), carrierAt(i + 7)];
    return route(`+1${npa}`, `Area code ${npa}`, [[`SAG:${first}-east`, first, 10], [`SAG:${first}-west`, first, 20], [`SAG:${second}-east`, second, 30]]);
  });
  // Exchanges whose numbers one carrier terminates on its own network: straight to it, then the area code's route.
  const exchanges = areaCodes().slice(0, LOCAL_EXCHANGE_AREAS).flatMap((npa, a) =>
    Array.from({ length: LOCAL_EXCHANGES_PER_AREA }, (_, x) => {
      const nxx = String(200 + x);
      const local = carrierAt(a * 3 + x);
      return route(`+1${npa}${nxx}`, `Exchange ${npa}-${nxx}, on ${local}'s network`, [[`SAG:${local}-east`, local, 5], [`SAG:${local}-west`, local, 6]]);
    }));
  const international = COUNTRY_CODES.map((cc, i) => {
    const [first, second] = [carrierAt(-1 - i), carrierAt(-12 - i)];
    return route(`+${cc}`, `Country code ${cc}`, [[`SAG:${first}-east`, first, 10], [`SAG:${second}-east`, second, 20]]);
  });
  const tollFree = TOLL_FREE.map((code) => route(`+1${code}`, `Toll-free ${code}`, [["enum:sms-800", "", 10], ["lrt:toll-free", "", 20]]));
  return [
    el("local-policy", { "from-address": ["*"], "to-address": ["911", "933"], "source-realm": ["*"], description: "Emergency calls", "policy-priority": "emergency" }, [
      sub("policy-attribute", { "next-hop": "SAG:ims-ecscf", realm: CORE, "terminate-recursion": "enabled" }),
    ]),
    route("+1", "Ported numbers: the number portability database first", [["enum:npdb", "", 5], ["lrt:ported-tns", "", 10]]),
    el("local-policy", { "from-address": ["*"], "to-address": ["211", "311", "411", "511", "611", "711", "811"], "source-realm": ["*"], description: "Service codes" }, [
      sub("policy-attribute", { "next-hop": "lrt:short-codes", cost: "10" }),
    ]),
    ...national,
    ...exchanges,
    ...tollFree,
    ...international,
  ];
}

/**
 * The production configuration: the platform and its services first, then the core, the
 * carriers, enterprises and residential realms, then the routing table. `scale` must be 1: the
 * documentation address ranges it lives in have no room for a second copy.
 */
export function productionElements(scale = 1): ConfigElement[] {
  if (scale !== 1) throw new Error(`the production seed has one size (its addresses fill the RFC 5737 documentation ranges), so its scale must be 1, got ${scale}; --seed brownfield --seed-scale N makes a larger SBC`);
  return [
    ...platform(),
    ...monitoringAndAccounting(),
    ...security(),
    ...media(),
    ...signallingPolicies(),
    ...services(),
    ...imsCore(),
    ...CARRIERS.flatMap(carrier),
    ...ENTERPRISES.flatMap(enterprise),
    ...RESIDENTIAL.flatMap(residential),
    ...routingTable(),
  ];
}
