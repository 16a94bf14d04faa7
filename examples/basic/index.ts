/**
 * A realm with its SIP interface, media ports, a peer and a route to it — the baseline an SBC
 * engineer would type into the ACLI, as typed Pulumi resources. References (`core.identifier`)
 * make the engine create the realm before what lives in it, and delete in the reverse order.
 * The SBC comes from stack config: sbc:host, sbc:username, sbc:password (--secret).
 */
import * as pulumi from "@pulumi/pulumi";
import * as sbc from "pulumi-oracle-sbc";

const config = new pulumi.Config();
const signalingAddress = config.get("signalingAddress") ?? "192.0.2.10";
const mediaAddress = config.get("mediaAddress") ?? "192.0.2.20";
const peerAddress = config.get("peerAddress") ?? "198.51.100.5";

new sbc.NtpConfig("ntp", { server: ["192.0.2.123", "192.0.2.124"] });

const core = new sbc.RealmConfig("core", {
  identifier: "core",
  description: "Carrier-facing core realm",
  addrPrefix: "0.0.0.0",
  mmInRealm: "enabled",
});

new sbc.SipInterface("core-sip", {
  realmId: core.identifier,
  description: "SIP towards the carrier",
  sipPorts: [{ address: signalingAddress, port: 5060, transportProtocol: "UDP", allowAnonymous: "agents-only" }],
});

new sbc.SteeringPool("core-media", {
  ipAddress: mediaAddress,
  startPort: 20000,
  endPort: 29999,
  realmId: core.identifier,
});

const carrier = new sbc.SessionAgent("carrier", {
  hostname: "carrier.example.net",
  ipAddress: peerAddress,
  port: 5060,
  transportMethod: "UDP",
  realmId: core.identifier,
  description: "Carrier SIP proxy",
});

new sbc.LocalPolicy("to-carrier", {
  fromAddress: ["*"],
  toAddress: ["*"],
  sourceRealm: ["*"],
  description: "Everything goes to the carrier",
  policyAttributes: [{ nextHop: carrier.hostname, realm: core.identifier, cost: 0 }],
});

export const realm = core.identifier;
export const carrierHost = carrier.hostname;
