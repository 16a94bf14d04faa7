/**
 * Child-process entry of the harness's language host: runs a Pulumi program under the SDK's
 * mocks and writes, as JSON, every resource it registered — type, name, URN, the inputs exactly
 * as the SDK serialized them for the engine (secret wrappers and `__provider` included), and the
 * dependencies the SDK recorded. Usage: node -r ts-node/register/transpile-only programRunner.ts
 * <program dir> <out.json> (stack config comes in PULUMI_CONFIG, as the CLI passes it;
 * HARNESS_SECRET_KEYS lists the secret ones).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { disconnect, getMonitor } from "@pulumi/pulumi/runtime/settings";

export interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  dependencies: string[];
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
}

async function main(): Promise<void> {
  const [programDir, outFile] = process.argv.slice(2);
  const config = JSON.parse(process.env.PULUMI_CONFIG ?? "{}") as Record<string, string>;
  const project = process.env.PULUMI_PROJECT ?? "harness";
  const stack = process.env.PULUMI_STACK ?? "dev";
  const secretKeys = JSON.parse(process.env.HARNESS_SECRET_KEYS ?? "[]") as string[];
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    project,
    stack,
    false,
  );
  const registrations: Registration[] = [];
  const monitor = getMonitor() as unknown as { registerResource: (req: any, cb: any) => void };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: any) => {
    registrations.push({
      urn: `urn:pulumi:${stack}::${project}::${req.getType()}::${req.getName()}`,
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      inputs: req.getObject()?.toJavaScript() ?? {},
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
    });
    return original(req, cb);
  };
  const entry = path.resolve(programDir);
  const program = require(entry);
  if (typeof program?.default === "function") await program.default();
  await disconnect();
  fs.writeFileSync(outFile, JSON.stringify(registrations.filter((r) => r.custom), null, 2));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
