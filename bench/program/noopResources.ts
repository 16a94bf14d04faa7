/**
 * The engine's floor for `npm run bench -- --engine cli`: the benchmark's resource graph with a
 * dynamic provider that does nothing, so a run measures only the CLI, the program and the
 * provider protocol. Same class names and outputs as the package's, so index.ts can swap them in.
 */
import * as pulumi from "@pulumi/pulumi";

let created = 0;
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: pulumi.Inputs) {
    return { id: `noop-${++created}`, outs: inputs };
  },
};

export class Noop extends pulumi.dynamic.Resource {
  declare readonly identifier: pulumi.Output<string>;
  declare readonly hostname: pulumi.Output<string>;

  constructor(type: string, name: string, args: object) {
    super(provider, name, { identifier: undefined, hostname: undefined, ...args }, {}, "bench", type);
  }
}

const kind = (type: string): new (name: string, args: object) => Noop =>
  class extends Noop {
    constructor(name: string, args: object) {
      super(type, name, args);
    }
  };

export const RealmConfig = kind("RealmConfig");
export const SipInterface = kind("SipInterface");
export const SteeringPool = kind("SteeringPool");
export const SessionAgent = kind("SessionAgent");
export const LocalPolicy = kind("LocalPolicy");
