/**
 * Child-process entry of the harness's language host: runs a Pulumi program with a resource
 * monitor that hands every custom-resource registration to the parent (the harness engine) over
 * IPC and answers the program with what the engine returns — the outputs the provider's Create
 * or Update produced — just as the real engine's monitor does, so that the program waits on real
 * outputs and registers dependents only once their inputs are known.
 * Usage (with an IPC channel): node -r ts-node/register/transpile-only programRunner.ts <dir>;
 * stack config comes in PULUMI_CONFIG as the CLI passes it, HARNESS_SECRET_KEYS lists secret keys.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { disconnect, getMonitor } from "@pulumi/pulumi/runtime/settings";

export interface Registration {
  urn: string;
  type: string;
  name: string;
  /** Inputs exactly as the SDK serialized them for the engine (secret wrappers, `__provider`). */
  inputs: Record<string, unknown>;
  dependencies: string[];
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
}

export type RunnerMessage =
  | { kind: "register"; seq: number; registration: Registration }
  | { kind: "done" }
  | { kind: "failed"; error: string };

export type EngineReply = { seq: number; id: string; outputs: Record<string, unknown> } | { seq: number; error: string };

function send(message: RunnerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

async function main(): Promise<void> {
  const [programDir] = process.argv.slice(2);
  const config = JSON.parse(process.env.PULUMI_CONFIG ?? "{}") as Record<string, string>;
  const project = process.env.PULUMI_PROJECT ?? "harness";
  const stack = process.env.PULUMI_STACK ?? "dev";
  const secretKeys = JSON.parse(process.env.HARNESS_SECRET_KEYS ?? "[]") as string[];
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
    project,
    stack,
    false,
  );

  const waiting = new Map<number, (reply: EngineReply) => void>();
  process.on("message", (reply: EngineReply) => {
    waiting.get(reply.seq)?.(reply);
    waiting.delete(reply.seq);
  });
  let seq = 0;
  const monitor = getMonitor() as unknown as { registerResource: (req: any, cb: any) => void };
  const mockRegister = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    if (!req.getCustom()) return mockRegister(req, callback);
    const registration: Registration = {
      urn: `urn:pulumi:${stack}::${project}::${req.getType()}::${req.getName()}`,
      type: req.getType(),
      name: req.getName(),
      inputs: req.getObject()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
    };
    const mine = ++seq;
    waiting.set(mine, (reply) => {
      if ("error" in reply) return callback(new Error(reply.error), undefined);
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(registration.urn);
      response.setId(reply.id);
      response.setObject(Struct.fromJavaScript(reply.outputs as never));
      callback(null, response);
    });
    void send({ kind: "register", seq: mine, registration });
  };

  const program = require(path.resolve(programDir));
  if (typeof program?.default === "function") await program.default();
  await disconnect();
  await send({ kind: "done" });
  process.disconnect();
}

main().catch(async (err: unknown) => {
  await send({ kind: "failed", error: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
  process.disconnect();
});
