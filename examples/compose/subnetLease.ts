/**
 * Stand-in for the cloud side of the program: a subnet lease that hands out a gateway and host
 * addresses, the way a VPC subnet, an IPAM allocation or a load balancer hands out addresses in
 * a real platform program. It is a resource of its own, so the SBC resources that use its
 * outputs wait for it, and it would be replaced by e.g. `aws.ec2.Subnet` in production.
 */
import * as pulumi from "@pulumi/pulumi";

export interface SubnetLeaseArgs {
  /** IPv4 network in a.b.c.d/len form. */
  cidr: pulumi.Input<string>;
  /** How many host addresses to lease, after the gateway. */
  hosts: pulumi.Input<number>;
}

const leaseProvider: pulumi.dynamic.ResourceProvider = {
  // Another network or size is another lease: replace it, so that create computes its addresses
  // again (an update that kept the old outputs would leave the SBC on the old addresses).
  async diff(_id: string, olds: { cidr: string; hosts: number }, news: { cidr: string; hosts: number }) {
    const replaces = (["cidr", "hosts"] as const).filter((k) => olds[k] !== news[k]);
    return { changes: replaces.length > 0, replaces };
  },
  async create(inputs: { cidr: string; hosts: number }) {
    const [network, length] = inputs.cidr.split("/");
    const base = network.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
    const size = 2 ** (32 - Number(length));
    if (inputs.hosts + 2 > size) throw new Error(`${inputs.cidr} has no room for ${inputs.hosts} hosts`);
    const address = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
    const hosts = Array.from({ length: inputs.hosts }, (_, i) => address(base + 2 + i));
    return { id: inputs.cidr, outs: { ...inputs, gateway: address(base + 1), addresses: hosts } };
  },
};

export class SubnetLease extends pulumi.dynamic.Resource {
  declare readonly gateway: pulumi.Output<string>;
  declare readonly addresses: pulumi.Output<string[]>;

  constructor(name: string, args: SubnetLeaseArgs, opts?: pulumi.CustomResourceOptions) {
    super(leaseProvider, name, { ...args, gateway: undefined, addresses: undefined }, opts, "example", "SubnetLease");
  }
}
