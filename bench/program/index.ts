/**
 * The benchmark's stack: `bench:count` elements in three dependency waves on every SBC named in
 * `bench:hosts` (JSON list; one connection each): realms; then a sip-interface, a steering-pool
 * and a session-agent per realm; then a local-policy routing to each session-agent. With
 * `bench:floor` the same graph goes to a provider that does nothing (noopResources.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as elements from "pulumi-oracle-sbc";
import * as noop from "./noopResources";

const config = new pulumi.Config("bench");
const count = config.requireNumber("count");
const hosts = config.requireObject<string[]>("hosts");
const groups = Math.max(1, Math.floor(count / 5));
// bench:floor — the same graph with a provider that does nothing: the engine's own cost.
const sbc = config.getBoolean("floor") ? noop : elements;

hosts.forEach((host, h) => {
  const connection = { host };
  for (let i = 0; i < groups; i++) {
    const at = (name: string) => `${h}-${name}-${i}`;
    const realm = new sbc.RealmConfig(at("realm"), { identifier: `realm-${i}`, connection });
    new sbc.SipInterface(at("sip"), {
      realmId: realm.identifier,
      sipPorts: [{ address: "192.0.2.10", port: 5060 + i, transportProtocol: "UDP" }],
      connection,
    });
    new sbc.SteeringPool(at("media"), { ipAddress: "192.0.2.20", startPort: 10000 + i * 10, endPort: 10009 + i * 10, realmId: realm.identifier, connection });
    const peer = new sbc.SessionAgent(at("peer"), { hostname: `peer-${i}.example.net`, realmId: realm.identifier, connection });
    new sbc.LocalPolicy(at("route"), {
      fromAddress: ["*"],
      toAddress: [`+1555${String(i).padStart(4, "0")}`],
      sourceRealm: ["*"],
      policyAttributes: [{ nextHop: peer.hostname, realm: realm.identifier }],
      connection,
    });
  }
});
