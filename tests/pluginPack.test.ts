/**
 * The plugin tarball stands alone: unpacked into an empty folder (no node_modules anywhere above
 * it), its launcher starts the bundle, which prints its port and answers the engine's first calls
 * — GetPluginInfo with the package's version, GetSchema with the committed schema. What breaks
 * under bundling (a file read beside a module, a dynamic require) fails here, without the CLI;
 * tests/e2e/pluginTarball.e2e.test.ts installs it with `pulumi plugin install`.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest } from "@pulumi/pulumi/proto/provider_pb";
import * as tar from "tar";
import { packPlugin, pluginVersion, tarballName } from "../scripts/plugin-pack";

const ROOT = path.join(__dirname, "..");
let scratch: string;
let plugin: ChildProcess | undefined;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-plugin-pack-"));
});
afterAll(() => {
  plugin?.kill();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Starts the launcher and resolves with the port it prints first. */
function start(launcher: string): Promise<number> {
  return new Promise((resolve, reject) => {
    plugin = spawn(launcher, [], { cwd: path.dirname(launcher), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    plugin.stdout!.on("data", (d: Buffer) => {
      stdout += d;
      const line = /^(\d+)\n/.exec(stdout);
      if (line) resolve(Number(line[1]));
    });
    plugin.stderr!.on("data", (d: Buffer) => (stderr += d));
    plugin.on("exit", (code) => reject(new Error(`the plugin exited ${code} before printing its port: ${stderr}`)));
  });
}

test("every platform's tarball is built; this machine's, unpacked alone, serves plugin info and the schema", async () => {
  const files = await packPlugin(scratch);
  const version = pluginVersion();
  expect(files.map((f) => path.basename(f))).toEqual(
    ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"].map((p) => tarballName(version, p as Parameters<typeof tarballName>[1])),
  );
  const windows = await tarEntries(files[4]);
  // The bundle, its launcher and licences, and the element-type catalog it reads at start.
  expect(windows.filter((e) => !e.startsWith("catalog/")).sort()).toEqual(["LICENSE", "THIRD-PARTY-NOTICES.txt", "catalog", "pulumi-resource-sbc.cmd", "pulumi-resource-sbc.js"].filter((e) => e !== "catalog"));
  expect(windows).toEqual(expect.arrayContaining(["catalog/schema.json", "catalog/catalog.yaml", "catalog/session-router/session-agent.yaml"]));

  const unpacked = path.join(scratch, "unpacked");
  fs.mkdirSync(unpacked);
  await tar.extract({ file: files[0], cwd: unpacked });
  const port = await start(path.join(unpacked, "pulumi-resource-sbc"));
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    const info = await new Promise<string>((resolve, reject) => client.getPluginInfo(new Empty(), (err, res) => (err ? reject(err) : resolve(res.getVersion()))));
    expect(info).toBe(version);
    const schema = await new Promise<string>((resolve, reject) => client.getSchema(new GetSchemaRequest(), (err, res) => (err ? reject(err) : resolve(res.getSchema()))));
    expect(JSON.parse(schema)).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "native", "schema.json"), "utf8")));
  } finally {
    client.close();
  }
}, 120_000);

async function tarEntries(file: string): Promise<string[]> {
  const entries: string[] = [];
  await tar.list({ file, onReadEntry: (entry) => entries.push(entry.path) });
  return entries;
}
