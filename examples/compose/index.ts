/**
 * A platform team's program: the SBC's access realm is wired to addresses another resource hands
 * out (here a subnet lease; in production a cloud subnet, an IPAM allocation or a stack
 * reference to the network team's stack), so a change on the network side flows into the SBC.
 */
import * as pulumi from "@pulumi/pulumi";
import * as sbc from "pulumi-oracle-sbc";
import { SubnetLease } from "./subnetLease";

const config = new pulumi.Config();
const accessCidr = config.get("accessCidr") ?? "203.0.113.0/26";

// Optionally take the access network from the network team's stack instead of leasing one here.
const networkStack = config.get("networkStack");
const cidr: pulumi.Output<string> = networkStack
  ? new pulumi.StackReference(networkStack).requireOutput("accessCidr").apply(String)
  : pulumi.output(accessCidr);

const lease = new SubnetLease("access-subnet", { cidr, hosts: 2 });
const signaling = lease.addresses.apply((a) => a[0]);
const media = lease.addresses.apply((a) => a[1]);

const access = new sbc.RealmConfig("access", {
  identifier: "access",
  description: pulumi.interpolate`Access realm on ${cidr}`,
  addrPrefix: cidr,
});

new sbc.SipInterface("access-sip", {
  realmId: access.identifier,
  sipPorts: [
    { address: signaling, port: 5060, transportProtocol: "UDP" },
    { address: signaling, port: 5060, transportProtocol: "TCP" },
  ],
});

new sbc.SteeringPool("access-media", { ipAddress: media, startPort: 40000, endPort: 40999, realmId: access.identifier });

new sbc.HostRoute("access-gateway", {
  destNetwork: cidr.apply((c) => c.split("/")[0]),
  netmask: "255.255.255.192",
  gateway: lease.gateway,
  description: "Access network via the leased gateway",
});

export const signalingAddress = signaling;
export const mediaAddress = media;
