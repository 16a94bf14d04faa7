/**
 * The built-in element-type catalog: the most-used configElement types of an Oracle SBC (Acme
 * Packet OS) with their key attributes, value types, valid values and defaults. Values follow the
 * ACLI configuration reference defaults; a real SBC's `elementTypes/metadata` is authoritative.
 */
import { AttributeSpec, ElementTypeSpec } from "./schema";

const ON_OFF = ["enabled", "disabled"];
const U32 = 4294967295;
const LOG_LEVELS = ["EMERGENCY", "CRITICAL", "MAJOR", "MINOR", "WARNING", "NOTICE", "INFO", "TRACE", "DEBUG"];
const TRUST_LEVELS = ["none", "low", "medium", "high"];

function str(name: string, help: string, defaultValue = ""): AttributeSpec {
  return { name, help, valueType: "string", defaultValue };
}

function host(name: string, help: string, defaultValue = ""): AttributeSpec {
  return { name, help, valueType: "hostname", defaultValue };
}

function ip(name: string, help: string, defaultValue = ""): AttributeSpec {
  return { name, help, valueType: "ipAddress", defaultValue };
}

function int(name: string, help: string, defaultValue: string, min: number, max: number): AttributeSpec {
  return { name, help, valueType: "integer", defaultValue, min, max };
}

function choice(name: string, help: string, validValues: string[], defaultValue: string): AttributeSpec {
  return { name, help, valueType: "enum", validValues, defaultValue };
}

function flag(name: string, help: string, defaultValue: "enabled" | "disabled"): AttributeSpec {
  return choice(name, help, ON_OFF, defaultValue);
}

function list(name: string, help: string, defaultValue: string[] = [], valueType: AttributeSpec["valueType"] = "string"): AttributeSpec {
  return { name, help, valueType, multiValued: true, defaultValue };
}

function ref(attr: AttributeSpec, elementType: string, attribute: string): AttributeSpec {
  return { ...attr, references: { elementType, attribute } };
}

function key(attr: AttributeSpec): AttributeSpec {
  const k: AttributeSpec = { ...attr, key: true, required: true };
  delete k.defaultValue;
  return k;
}

const realmRef = (attr: AttributeSpec): AttributeSpec => ref(attr, "realm-config", "identifier");
const manipRef = (attr: AttributeSpec): AttributeSpec => ref(attr, "sip-manipulation", "name");

const sipPort: ElementTypeSpec = {
  name: "sip-port",
  description: "A SIP listening address, port and transport of a sip-interface",
  singleton: false,
  attributes: [
    key(ip("address", "IP address the SIP port listens on")),
    key(int("port", "Port the SIP port listens on", "5060", 0, 65535)),
    key(choice("transport-protocol", "Transport protocol of the SIP port", ["UDP", "TCP", "TLS", "SCTP"], "UDP")),
    ref(str("tls-profile", "TLS profile used when transport-protocol is TLS"), "tls-profile", "name"),
    choice("allow-anonymous", "Which sources may send requests to this port",
      ["all", "agents-only", "realm-prefix", "registered", "register-prefix"], "all"),
    list("multi-home-addrs", "Additional local addresses for SCTP multi-homing", [], "ipAddress"),
    str("ims-aka-profile", "IMS-AKA profile applied to this port"),
    int("max-incoming-conns", "Maximum TCP/TLS connections accepted on this port (0 = no limit)", "0", 0, 50000),
    int("per-src-ip-max-incoming-conns", "Maximum TCP/TLS connections per source IP (0 = no limit)", "0", 0, 50000),
    int("inactive-conn-timeout", "Seconds before an idle TCP/TLS connection is torn down (0 = never)", "0", 0, 999999999),
  ],
};

const policyAttribute: ElementTypeSpec = {
  name: "policy-attribute",
  description: "A next hop of a local-policy, with its realm, cost and time window",
  singleton: false,
  attributes: [
    // next-hop as the only key (assumed)
    key(str("next-hop", "Next hop: IP address, hostname, SAG:group, ENUM:/LRT: lookup")),
    realmRef(str("realm", "Egress realm for this next hop")),
    choice("action", "What to do when this route is selected", ["none", "replace-uri", "redirect"], "none"),
    flag("terminate-recursion", "Stop trying further routes after this one fails", "disabled"),
    str("carrier", "Carrier of this route"),
    str("start-time", "Time of day the route becomes valid (hhmm)", "0000"),
    str("end-time", "Time of day the route stops being valid (hhmm)", "2400"),
    str("days-of-week", "Days the route is valid (U=Sun … S=Sat, H=holiday)", "U-S"),
    int("cost", "Cost of this route; lower is preferred", "0", 0, 999999999),
    flag("state", "Whether this policy attribute is in use", "enabled"),
    choice("app-protocol", "Signaling protocol of the next hop (blank = same as ingress)", ["", "SIP", "H323"], ""),
    list("methods", "SIP methods this route applies to (empty = all)"),
    list("media-profiles", "Media profiles accepted on this route (empty = all)"),
    choice("lookup", "Single or multistage local-policy lookup", ["single", "multi"], "single"),
    str("next-key", "Key used for the next stage of a multistage lookup"),
  ],
};

const headerRule: ElementTypeSpec = {
  name: "header-rule",
  description: "A header manipulation rule of a sip-manipulation",
  singleton: false,
  attributes: [
    key(str("name", "Name of the header rule")),
    str("header-name", "SIP header the rule operates on"),
    choice("action", "Action performed on the header",
      ["add", "delete", "manipulate", "store", "sip-manip", "find-replace-all", "none"], "none"),
    choice("comparison-type", "How match-value is compared",
      ["case-sensitive", "case-insensitive", "pattern-rule", "refer-case-sensitive", "refer-case-insensitive", "boolean"],
      "case-sensitive"),
    choice("msg-type", "Message type the rule applies to", ["any", "request", "reply"], "any"),
    list("methods", "SIP methods the rule applies to (empty = all)"),
    str("match-value", "Value or pattern the header is matched against"),
    str("new-value", "Value added or substituted by the rule"),
  ],
};

export const BUILTIN_ELEMENT_TYPES: ElementTypeSpec[] = [
  {
    name: "system-config",
    description: "System-wide settings: identity, SNMP, logging, timeouts",
    singleton: true,
    attributes: [
      host("hostname", "Hostname of the system"),
      str("description", "Description of the system"),
      str("location", "Physical location of the system"),
      str("mib-system-contact", "SNMP sysContact"),
      str("mib-system-name", "SNMP sysName"),
      str("mib-system-location", "SNMP sysLocation"),
      flag("snmp-enabled", "Whether the SNMP agent runs", "enabled"),
      flag("enable-snmp-auth-traps", "Send SNMP authentication-failure traps", "disabled"),
      flag("enable-snmp-syslog-notify", "Send syslog messages as SNMP traps", "disabled"),
      flag("enable-snmp-monitor-traps", "Send SNMP monitor traps", "disabled"),
      flag("enable-env-monitor-traps", "Send environmental monitor traps", "disabled"),
      choice("snmp-syslog-level", "Lowest syslog level sent as SNMP traps", LOG_LEVELS, "WARNING"),
      choice("system-log-level", "Lowest level written to the system log", LOG_LEVELS, "WARNING"),
      choice("process-log-level", "Default log level of the SBC's processes", LOG_LEVELS, "NOTICE"),
      ip("process-log-ip-address", "Address process logs are sent to", "0.0.0.0"),
      int("process-log-port", "Port process logs are sent to", "0", 0, 65535),
      flag("call-trace", "Capture call-trace logs", "disabled"),
      flag("internal-trace", "Write internal call trace records", "disabled"),
      str("log-filter", "Which protocols' messages are logged", "all"),
      ip("default-gateway", "Default gateway of the management interface", "0.0.0.0"),
      flag("restart", "Reboot automatically after a fatal task failure", "enabled"),
      int("telnet-timeout", "Idle seconds before a telnet/SSH session is closed (0 = never)", "0", 0, 65535),
      int("console-timeout", "Idle seconds before a console session is closed (0 = never)", "0", 0, 65535),
      flag("remote-control", "Accept remote configuration changes", "enabled"),
      flag("cli-audit-trail", "Log ACLI commands to the audit trail", "enabled"),
      list("options", "Optional features"),
    ],
  },
  {
    name: "ntp-config",
    description: "NTP servers the system synchronizes its clock with",
    singleton: true,
    attributes: [
      list("server", "NTP server addresses", [], "ipAddress"),
      { ...list("auth-servers", "Authenticated NTP servers (address, key id, key)"), secret: true },
    ],
  },
  {
    name: "sip-config",
    description: "Global SIP settings",
    singleton: true,
    attributes: [
      flag("state", "Whether SIP is enabled", "enabled"),
      choice("operation-mode", "How much SIP state the SBC keeps",
        ["none", "stateless", "transaction", "session", "dialog"], "dialog"),
      flag("dialog-transparency", "Pass dialog identifiers through unchanged", "enabled"),
      realmRef(str("home-realm-id", "Realm of the SBC's home (internal) network")),
      realmRef(str("egress-realm-id", "Default egress realm for requests")),
      choice("nat-mode", "Which side is behind NAT for HNT", ["None", "Private", "Public"], "None"),
      str("registrar-domain", "Domain of the registrar (* for any)"),
      host("registrar-host", "Hostname or address of the registrar (* for any)"),
      int("registrar-port", "Port of the registrar (0 = none)", "0", 0, 65535),
      int("init-timer", "SIP T1 timer in milliseconds", "500", 0, U32),
      int("max-timer", "SIP T2 timer in milliseconds", "4000", 0, U32),
      int("trans-expire", "SIP transaction timeout (Timer B/F) in seconds", "32", 0, U32),
      int("initial-inv-trans-expire", "Transaction timeout of an initial INVITE in seconds (0 = trans-expire)", "0", 0, 999999999),
      int("invite-expire", "Seconds to wait for a final response to an INVITE", "180", 0, U32),
      int("inactive-dynamic-conn", "Seconds before an idle dynamic TCP connection is closed", "32", 0, U32),
      str("enforcement-profile", "Enforcement profile applied globally"),
      int("red-max-trans", "Maximum transactions kept for HA redundancy", "10000", 0, 50000),
      flag("add-reason-header", "Add a Reason header to CANCEL and BYE", "disabled"),
      int("sip-message-len", "Maximum SIP message size in bytes", "4096", 0, 65535),
      flag("extra-method-stats", "Collect statistics for additional SIP methods", "disabled"),
      int("registration-cache-limit", "Maximum cached registrations (0 = no limit)", "0", 0, 999999999),
      list("options", "Optional SIP features"),
    ],
  },
  {
    name: "media-manager",
    description: "Global media, flow and signaling-bandwidth settings",
    singleton: true,
    attributes: [
      flag("state", "Whether media management is enabled", "enabled"),
      flag("latching", "Latch onto the first media source seen", "enabled"),
      int("flow-time-limit", "Maximum lifetime of a media flow in seconds (0 = unlimited)", "86400", 0, U32),
      int("initial-guard-timer", "Seconds to wait for the first media packet", "300", 0, U32),
      int("subsq-guard-timer", "Seconds of media silence before a flow is torn down", "300", 0, U32),
      int("tcp-flow-time-limit", "Maximum lifetime of a TCP media flow in seconds", "86400", 0, U32),
      int("tcp-initial-guard-timer", "Seconds to wait for the first TCP media packet", "300", 0, U32),
      int("tcp-subsq-guard-timer", "Seconds of TCP media silence before teardown", "300", 0, U32),
      flag("hnt-rtcp", "Support RTCP for hosted NAT traversal", "disabled"),
      choice("algd-log-level", "Log level of the ALG daemon", LOG_LEVELS, "NOTICE"),
      choice("mbcd-log-level", "Log level of the media bandwidth control daemon", LOG_LEVELS, "NOTICE"),
      int("red-flow-port", "Port for flow-state redundancy checkpoints", "1985", 1025, 65535),
      int("red-max-trans", "Maximum media transactions kept for redundancy", "10000", 0, 50000),
      flag("media-policing", "Police media bandwidth per flow", "enabled"),
      int("max-signaling-bandwidth", "Maximum signaling bandwidth in bytes per second", "1000000", 71000, 10000000),
      int("max-untrusted-signaling", "Percentage of signaling bandwidth for untrusted sources", "100", 0, 100),
      int("min-untrusted-signaling", "Percentage of signaling bandwidth reserved for untrusted sources", "30", 0, 100),
      int("app-signaling-bandwidth", "Application signaling bandwidth in bytes per second", "0", 0, U32),
      int("tolerance-window", "Seconds over which signaling rates are measured", "30", 0, U32),
      int("rtcp-rate-limit", "RTCP bandwidth limit in bytes per second (0 = none)", "0", 0, 125000000),
      flag("anonymous-sdp", "Anonymize the origin line of SDP", "disabled"),
      list("options", "Optional media features"),
    ],
  },
  {
    name: "phy-interface",
    description: "A physical Ethernet interface",
    singleton: false,
    attributes: [
      key(str("name", "Name of the physical interface, e.g. M00")),
      choice("operation-type", "Kind of traffic the interface carries", ["Media", "Control", "Maintenance"], "Media"),
      int("port", "Physical port number", "0", 0, 5),
      int("slot", "Physical slot number", "0", 0, 2),
      str("virtual-mac", "Virtual MAC address for HA"),
      flag("admin-state", "Administrative state of the interface", "enabled"),
      flag("auto-negotiation", "Auto-negotiate speed and duplex", "enabled"),
      choice("duplex-mode", "Duplex mode when not auto-negotiated", ["FULL", "HALF"], "FULL"),
      choice("speed", "Speed in Mbit/s when not auto-negotiated", ["10", "100", "1000"], "100"),
      int("wancom-health-score", "Health score lost when the wancom link fails", "50", 0, 100),
      flag("overload-protection", "Protect the interface from overload", "disabled"),
    ],
  },
  {
    name: "network-interface",
    description: "A logical IP interface on a physical interface (and VLAN sub-port)",
    singleton: false,
    attributes: [
      key(ref(str("name", "Name of the phy-interface this interface is on"), "phy-interface", "name")),
      key(int("sub-port-id", "VLAN tag of the interface (0 = untagged)", "0", 0, 4095)),
      str("description", "Description of the interface"),
      host("hostname", "Hostname of the interface"),
      ip("ip-address", "IP address of the interface"),
      ip("pri-utility-addr", "Utility address of the primary HA node"),
      ip("sec-utility-addr", "Utility address of the secondary HA node"),
      ip("netmask", "Netmask of the interface"),
      ip("gateway", "Gateway of the interface"),
      ip("sec-gateway", "Secondary gateway of the interface"),
      flag("gw-heartbeat-state", "Send gateway heartbeats", "disabled"),
      int("gw-heartbeat-interval", "Seconds between gateway heartbeats", "0", 0, 65535),
      int("gw-heartbeat-retry", "Heartbeat retries before the gateway is unreachable", "0", 0, 65535),
      int("gw-heartbeat-timeout", "Seconds to wait for a heartbeat reply", "1", 0, 65535),
      int("gw-heartbeat-health", "Health score lost when the gateway is unreachable", "0", 0, 100),
      ip("dns-ip-primary", "Primary DNS server"),
      ip("dns-ip-backup1", "First backup DNS server"),
      ip("dns-ip-backup2", "Second backup DNS server"),
      str("dns-domain", "Default DNS domain"),
      int("dns-timeout", "Seconds to wait for a DNS response", "11", 1, 999999999),
      list("hip-ip-list", "Addresses reachable through the host-in-path function", [], "ipAddress"),
      list("icmp-address", "Addresses that answer ICMP", [], "ipAddress"),
      list("ssh-address", "Addresses that accept SSH", [], "ipAddress"),
      list("snmp-address", "Addresses that accept SNMP", [], "ipAddress"),
      int("signaling-mtu", "MTU for signaling packets (0 = default)", "0", 0, 4096),
    ],
  },
  {
    name: "realm-config",
    description: "A realm: an address space reached through one or more network interfaces",
    singleton: false,
    attributes: [
      key(str("identifier", "Name of the realm")),
      str("description", "Description of the realm"),
      { name: "addr-prefix", help: "Address prefix of the realm (0.0.0.0 = any)", valueType: "ipPrefix", defaultValue: "0.0.0.0" },
      ref(list("network-interfaces", "Network interfaces of the realm (name:sub-port-id)"), "network-interface", "name"),
      flag("mm-in-realm", "Steer media between endpoints in this realm", "disabled"),
      flag("mm-in-network", "Steer media between realms on the same network interface", "enabled"),
      flag("mm-same-ip", "Steer media between endpoints behind the same IP", "enabled"),
      flag("mm-in-system", "Steer media between realms on the system", "enabled"),
      flag("qos-enable", "Collect QoS statistics for the realm", "disabled"),
      int("max-bandwidth", "Maximum media bandwidth in kbit/s (0 = unlimited)", "0", 0, U32),
      realmRef(str("parent-realm", "Parent realm of this realm")),
      realmRef(str("dns-realm", "Realm used for DNS queries")),
      str("media-policy", "Media policy (ToS marking) of the realm"),
      str("in-translationid", "Session translation applied to incoming requests"),
      str("out-translationid", "Session translation applied to outgoing requests"),
      manipRef(str("in-manipulationid", "SIP manipulation applied to incoming messages")),
      manipRef(str("out-manipulationid", "SIP manipulation applied to outgoing messages")),
      choice("access-control-trust-level", "Trust level of the realm's endpoints", TRUST_LEVELS, "none"),
      int("invalid-signal-threshold", "Invalid messages per tolerance window before demotion", "0", 0, U32),
      int("maximum-signal-threshold", "Messages per tolerance window before demotion", "0", 0, U32),
      int("untrusted-signal-threshold", "Messages per tolerance window from untrusted endpoints", "0", 0, U32),
      int("nat-trust-threshold", "Denied endpoints behind a NAT before the NAT is demoted", "0", 0, 65535),
      int("deny-period", "Seconds an endpoint stays denied", "30", 0, U32),
      int("average-rate-limit", "Average signaling rate limit in bytes per second", "0", 0, U32),
      choice("restricted-latching", "Restrict latching to the SDP or peer address", ["none", "sdp", "peer-ip"], "none"),
      str("codec-policy", "Codec policy of the realm"),
      list("options", "Optional realm features"),
    ],
  },
  {
    name: "steering-pool",
    description: "A range of media ports on an address, used to anchor media in a realm",
    singleton: false,
    attributes: [
      key(ip("ip-address", "Media address of the pool")),
      key(int("start-port", "First port of the pool", "0", 0, 65535)),
      // realm-id as a third key (assumed)
      key(realmRef(str("realm-id", "Realm the pool belongs to"))),
      int("end-port", "Last port of the pool", "0", 0, 65535),
      str("network-interface", "Network interface of the pool (name:sub-port-id)"),
    ],
  },
  {
    name: "sip-interface",
    description: "SIP signaling settings of a realm, with its listening sip-ports",
    singleton: false,
    attributes: [
      key(realmRef(str("realm-id", "Realm the SIP interface belongs to"))),
      flag("state", "Whether the SIP interface is in use", "enabled"),
      str("description", "Description of the SIP interface"),
      list("carriers", "Carriers this interface accepts"),
      int("trans-expire", "Transaction timeout in seconds (0 = sip-config value)", "0", 0, 999999999),
      int("initial-inv-trans-expire", "Initial INVITE transaction timeout in seconds (0 = sip-config value)", "0", 0, 999999999),
      int("invite-expire", "Seconds to wait for a final INVITE response (0 = sip-config value)", "0", 0, 999999999),
      int("max-redirect-contacts", "Contacts of a 3xx response to try (0 = all)", "0", 0, 10),
      choice("proxy-mode", "Proxy behaviour (blank = sip-config value)", ["", "Proxy", "Redirect", "Record-Route"], ""),
      choice("redirect-action", "What to do with a 3xx response (blank = proxy it)", ["", "Proxy", "Recurse", "Recurse-305-Only"], ""),
      choice("contact-mode", "How the Contact header is rewritten", ["none", "maddr", "strict", "loose"], "none"),
      choice("nat-traversal", "Hosted NAT traversal mode", ["none", "rport", "always"], "none"),
      int("nat-interval", "Registration expiry in seconds for UDP endpoints behind NAT", "30", 0, 999999999),
      int("tcp-nat-interval", "Registration expiry in seconds for TCP endpoints behind NAT", "90", 0, 999999999),
      flag("registration-caching", "Cache registrations", "disabled"),
      int("min-reg-expire", "Minimum registration expiry in seconds", "300", 1, 999999999),
      int("registration-interval", "Registration expiry in seconds given to cached endpoints", "3600", 1, 999999999),
      flag("route-to-registrar", "Route requests for the registrar's domain to the registrar", "disabled"),
      flag("secured-network", "Accept only requests on secure transports", "disabled"),
      choice("trust-mode", "Which sources are trusted", ["all", "agents-only", "realm-prefix", "registered", "none"], "all"),
      str("stop-recurse", "Responses that stop recursion", "401,407"),
      manipRef(str("in-manipulationid", "SIP manipulation applied to incoming messages")),
      manipRef(str("out-manipulationid", "SIP manipulation applied to outgoing messages")),
      flag("sip-ims-feature", "Enable IMS features on this interface", "disabled"),
      list("options", "Optional SIP interface features"),
    ],
    subElements: [sipPort],
  },
  {
    name: "session-agent",
    description: "A signaling peer (proxy, gateway, softswitch) the SBC exchanges SIP with",
    singleton: false,
    attributes: [
      key(host("hostname", "Hostname or IP address of the session agent")),
      ip("ip-address", "IP address of the session agent"),
      int("port", "Port of the session agent", "5060", 0, 65535),
      flag("state", "Whether the session agent is in use", "enabled"),
      choice("app-protocol", "Signaling protocol of the session agent", ["SIP", "H323"], "SIP"),
      choice("app-type", "H.323 role of the session agent", ["", "H323-GW", "H323-GK"], ""),
      choice("transport-method", "Transport used to reach the session agent",
        ["UDP", "UDP+TCP", "DynamicTCP", "StaticTCP", "DynamicTLS", "StaticTLS", "DynamicSCTP", "StaticSCTP"], "UDP"),
      realmRef(str("realm-id", "Realm the session agent is in")),
      realmRef(str("egress-realm-id", "Realm used to reach the session agent")),
      str("description", "Description of the session agent"),
      list("carriers", "Carriers of the session agent"),
      flag("allow-next-hop-lp", "Allow the agent as a local-policy next hop", "enabled"),
      flag("constraints", "Enforce session and rate constraints", "disabled"),
      int("max-sessions", "Maximum concurrent sessions (0 = unlimited)", "0", 0, U32),
      int("max-inbound-sessions", "Maximum concurrent inbound sessions (0 = unlimited)", "0", 0, U32),
      int("max-outbound-sessions", "Maximum concurrent outbound sessions (0 = unlimited)", "0", 0, U32),
      int("max-burst-rate", "Maximum sessions per burst window (0 = unlimited)", "0", 0, U32),
      str("ping-method", "SIP method used for pings, e.g. OPTIONS;hops=0"),
      int("ping-interval", "Seconds between pings (0 = no pings)", "0", 0, U32),
      choice("ping-send-mode", "Send pings always or only when idle", ["keep-alive", "continuous"], "keep-alive"),
      flag("loose-routing", "Use loose routing toward the session agent", "enabled"),
      choice("proxy-mode", "Proxy behaviour (blank = sip-interface value)", ["", "Proxy", "Redirect", "Record-Route"], ""),
      choice("redirect-action", "What to do with a 3xx response (blank = sip-interface value)", ["", "Proxy", "Recurse", "Recurse-305-Only"], ""),
      manipRef(str("in-manipulationid", "SIP manipulation applied to messages from the agent")),
      manipRef(str("out-manipulationid", "SIP manipulation applied to messages to the agent")),
      flag("trust-me", "Trust the session agent", "disabled"),
      choice("reuse-connections", "Reuse connections to the session agent", ["NONE", "TCP", "SCTP"], "NONE"),
      list("options", "Optional session agent features"),
    ],
  },
  {
    name: "session-group",
    description: "A group of session agents selected by a strategy",
    singleton: false,
    attributes: [
      key(str("group-name", "Name of the session group")),
      str("description", "Description of the session group"),
      flag("state", "Whether the session group is in use", "enabled"),
      choice("app-protocol", "Signaling protocol of the group", ["SIP", "H323"], "SIP"),
      choice("strategy", "How a member is chosen", ["Hunt", "RoundRobin", "LeastBusy", "PropDist", "LowSusRate"], "Hunt"),
      list("dest", "Members: session-agent hostnames or IP addresses"),
      list("trunk-group", "Trunk groups of the session group"),
      flag("sag-recursion", "Try further members when one fails", "disabled"),
      str("stop-sag-recurse", "Responses that stop trying members", "401,407"),
    ],
  },
  {
    name: "local-policy",
    description: "A routing policy from source addresses and realms to next hops",
    singleton: false,
    attributes: [
      key(list("from-address", "Source addresses the policy matches (* = any)")),
      key(list("to-address", "Destination addresses the policy matches (* = any)")),
      key(realmRef(list("source-realm", "Source realms the policy matches (* = any)"))),
      str("description", "Description of the local policy"),
      // "N/A" is what the ACLI prints for an unset time (assumed)
      str("activate-time", "Time the policy becomes active", "N/A"),
      str("deactivate-time", "Time the policy stops being active", "N/A"),
      flag("state", "Whether the local policy is in use", "enabled"),
      choice("policy-priority", "Priority of sessions matched by the policy",
        ["none", "normal", "non-urgent", "urgent", "emergency"], "none"),
    ],
    subElements: [policyAttribute],
  },
  {
    name: "access-control",
    description: "A static access-control (ACL) entry for signaling",
    singleton: false,
    attributes: [
      key(realmRef(str("realm-id", "Ingress realm"))),
      key(str("source-address", "Source address[/bits][:port[/bits]] matched")),
      key(str("destination-address", "Destination address[/bits][:port[/bits]] matched")),
      // H225 spelling (assumed)
      key(choice("application-protocol", "Signaling protocol matched", ["SIP", "H225", "MGCP", "NONE"], "SIP")),
      key(choice("transport-protocol", "Transport protocol matched", ["ALL", "TCP", "UDP"], "ALL")),
      str("description", "Description of the entry"),
      choice("access", "Permit or deny matching traffic", ["permit", "deny"], "permit"),
      int("average-rate-limit", "Average signaling rate limit in bytes per second (0 = none)", "0", 0, U32),
      choice("trust-level", "Trust level of matching endpoints", TRUST_LEVELS, "none"),
      int("invalid-signal-threshold", "Invalid messages per tolerance window before demotion", "0", 0, U32),
      int("maximum-signal-threshold", "Messages per tolerance window before demotion", "0", 0, U32),
      int("untrusted-signal-threshold", "Messages per tolerance window from untrusted endpoints", "0", 0, U32),
      int("deny-period", "Seconds an endpoint stays denied", "30", 0, U32),
      int("nat-trust-threshold", "Denied endpoints behind a NAT before the NAT is demoted", "0", 0, 65535),
      int("max-endpoints-per-nat", "Maximum endpoints behind one NAT (0 = no limit)", "0", 0, 65535),
      int("nat-invalid-message-threshold", "Invalid messages from behind a NAT before demotion", "0", 0, 65535),
    ],
  },
  {
    name: "host-route",
    description: "A static route for management traffic",
    singleton: false,
    attributes: [
      key(ip("dest-network", "Destination network address")),
      ip("netmask", "Netmask of the destination network"),
      ip("gateway", "Gateway the network is reached through"),
      str("description", "Description of the route"),
    ],
  },
  {
    name: "sip-manipulation",
    description: "A named set of SIP header manipulation rules (HMR)",
    singleton: false,
    attributes: [
      key(str("name", "Name of the SIP manipulation")),
      str("description", "Description of the SIP manipulation"),
      list("split-headers", "Headers split into one header per value"),
      list("join-headers", "Headers joined into one header"),
    ],
    subElements: [headerRule],
  },
  {
    name: "tls-profile",
    description: "TLS settings: certificates, ciphers and versions",
    singleton: false,
    attributes: [
      key(str("name", "Name of the TLS profile")),
      ref(str("end-entity-certificate", "Certificate record presented by the SBC"), "certificate-record", "name"),
      ref(list("trusted-ca-certificates", "Certificate records of trusted CAs"), "certificate-record", "name"),
      list("cipher-list", "Allowed cipher suites", ["DEFAULT"]),
      int("verify-depth", "Maximum certificate chain depth", "10", 0, 10),
      flag("mutual-authenticate", "Require a client certificate", "disabled"),
      choice("tls-version", "TLS versions accepted", ["compatibility", "tlsv1", "tlsv11", "tlsv12", "tlsv13"], "compatibility"),
      list("options", "Optional TLS features"),
      flag("cert-status-check", "Check peer certificates with OCSP", "disabled"),
      flag("ignore-dead-responder", "Accept certificates when no OCSP responder answers", "disabled"),
      flag("allow-self-signed-cert", "Accept self-signed peer certificates", "disabled"),
    ],
  },
  {
    name: "certificate-record",
    description: "A certificate (and its key) used for TLS",
    singleton: false,
    attributes: [
      key(str("name", "Name of the certificate record")),
      str("country", "Country (C) of the subject", "US"),
      str("state", "State or province (ST) of the subject", "MA"),
      str("locality", "Locality (L) of the subject", "Burlington"),
      str("organization", "Organization (O) of the subject", "Engineering"),
      str("unit", "Organizational unit (OU) of the subject"),
      str("common-name", "Common name (CN) of the subject"),
      choice("key-size", "RSA key size in bits", ["512", "1024", "2048", "4096"], "2048"),
      str("alternate-name", "Subject alternative name"),
      flag("trusted", "Whether the certificate is trusted", "enabled"),
      {
        ...list("key-usage-list", "Key usages of the certificate", ["digitalSignature", "keyEncipherment"]),
        valueType: "enum",
        validValues: ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
          "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"],
      },
      list("extended-key-usage-list", "Extended key usages of the certificate", ["serverAuth"]),
      choice("key-algor", "Key algorithm", ["rsa", "ecdsa"], "rsa"),
      choice("digest-algor", "Signature digest algorithm", ["sha1", "sha256", "sha384", "sha512"], "sha256"),
      list("options", "Optional certificate features"),
    ],
  },
];
