/**
 * A starting point: one realm with its SIP interface and media ports on the SBC named by stack
 * config (sbc:host, sbc:username, sbc:password). `pulumi preview` shows what would change,
 * `pulumi up` applies it in one lock → change → verify → save → activate session.
 */
import * as pulumi from "@pulumi/pulumi";
import * as sbc from "pulumi-oracle-sbc";

const config = new pulumi.Config();
const realm = config.get("realm") ?? "core";
const signalingAddress = config.get("signalingAddress") ?? "192.0.2.10";
const mediaAddress = config.get("mediaAddress") ?? "192.0.2.20";

const core = new sbc.RealmConfig(realm, {
  identifier: realm,
  description: "Managed by Pulumi",
  mmInRealm: "enabled",
});

new sbc.SipInterface(`${realm}-sip`, {
  realmId: core.identifier,
  sipPorts: [{ address: signalingAddress, port: 5060, transportProtocol: "UDP" }],
});

new sbc.SteeringPool(`${realm}-media`, {
  ipAddress: mediaAddress,
  startPort: 20000,
  endPort: 29999,
  realmId: core.identifier,
});

export const realmId = core.identifier;
