/**
 * `npm run demo`: starts the SBC emulator, then runs examples/basic against it the way a user
 * would — preview, up, the SBC's resulting running configuration read back over REST, and a
 * second preview that shows no changes — with the real `pulumi` CLI on a local file backend
 * when it is on PATH, otherwise through the engine-faithful harness (tests/harness).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { builtinCatalog } from "../client/catalog/catalog";
import { SbcClient } from "../client/client";
import { ConfigElement } from "../client/types";
import { Engine } from "../tests/harness/engine";
import { formatRun } from "../tests/harness/cli";

const PROGRAM = path.join(__dirname, "basic");
const PASSWORD = "demo-Pa55word";

function banner(text: string): void {
  console.log(`\n${"=".repeat(78)}\n${text}\n${"=".repeat(78)}`);
}

function isDefault(typePath: string[], name: string, value: string | string[]): boolean {
  const attr = builtinCatalog.resolve(typePath)?.attributes.find((a) => a.name === name);
  if (!attr || attr.key) return false;
  return JSON.stringify(attr.defaultValue ?? (attr.multiValued ? [] : "")) === JSON.stringify(value);
}

/** The element as `show running-config` lays it out, keys first, defaults left out. */
function showElement(element: ConfigElement, parents: string[] = [], indent = ""): string[] {
  const typePath = [...parents, element.elementType];
  const lines = [`${indent}${element.elementType}`];
  for (const [name, value] of Object.entries(element.attributes)) {
    if (name.startsWith("last-modified") || isDefault(typePath, name, value)) continue;
    for (const [i, v] of (Array.isArray(value) ? value : [value]).entries()) {
      lines.push(`${indent}        ${(i === 0 ? name : "").padEnd(32)}${v}`);
    }
  }
  for (const sub of element.subElements) lines.push(...showElement(sub, typePath, `${indent}        `));
  return lines;
}

async function showRunningConfig(url: string): Promise<void> {
  const client = new SbcClient({ host: url, username: "admin", password: PASSWORD });
  try {
    for (const type of ["ntp-config", "realm-config", "sip-interface", "steering-pool", "session-agent", "local-policy"]) {
      for (const element of await client.listElements(type, { running: true })) console.log(showElement(element).join("\n"));
    }
  } finally {
    await client.close();
  }
}

function withPulumiCli(url: string): { preview: () => void; up: () => void } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-demo-"));
  const env = { ...process.env, PULUMI_BACKEND_URL: `file://${work}`, PULUMI_CONFIG_PASSPHRASE: "demo", PULUMI_SKIP_UPDATE_CHECK: "true" };
  const pulumi = (...args: string[]): void => {
    execFileSync("pulumi", [...args, "--cwd", PROGRAM, "--non-interactive"], { env, stdio: "inherit" });
  };
  pulumi("stack", "init", "demo");
  pulumi("config", "set", "sbc:host", url);
  pulumi("config", "set", "sbc:username", "admin");
  pulumi("config", "set", "--secret", "sbc:password", PASSWORD);
  return { preview: () => pulumi("preview", "--diff"), up: () => pulumi("up", "--yes", "--skip-preview") };
}

function withHarness(url: string): { preview: () => Promise<void>; up: () => Promise<void> } {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-demo-")), "state.json");
  const engine = new Engine({
    programDir: PROGRAM,
    stateFile,
    project: "sbc-basic",
    config: { "sbc:host": url, "sbc:username": "admin", "sbc:password": PASSWORD },
    secretConfigKeys: ["sbc:password"],
  });
  const report = (title: string, result: Awaited<ReturnType<Engine["up"]>>, planned: boolean): void => {
    console.log(formatRun(title, result, planned));
    if (result.errors.length > 0) throw new Error(`the demo failed: ${result.errors.join("; ")}`);
  };
  return {
    preview: async () => report("Previewing update (sbc-basic):", await engine.preview(), true),
    up: async () => report("Updating (sbc-basic):", await engine.up(), false),
  };
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 300, latencyMs: 2 });
  try {
    const hasCli = spawnSync("pulumi", ["version"]).status === 0;
    console.log(`SBC emulator listening on ${emulator.url}`);
    console.log(hasCli ? "Using the pulumi CLI on PATH (local file backend)." : "The pulumi CLI is not on PATH: using the engine-faithful harness (real dynamic-provider plugin over gRPC).");
    const run = hasCli ? withPulumiCli(emulator.url) : withHarness(emulator.url);
    banner("1. pulumi preview: what will change on the SBC");
    await run.preview();
    banner("2. pulumi up: lock → create → verify, save, activate → unlock");
    await run.up();
    const { stats } = emulator.sbc;
    console.log(`\nThe SBC saw ${stats.requests} requests, ${stats.mutatingRequests} changes, ${stats.lockAcquisitions} lock sessions, ${emulator.sbc.operations.completed.activate} activations.`);
    banner("3. The SBC's running configuration, read back over REST (defaults left out)");
    await showRunningConfig(emulator.url);
    banner("4. pulumi preview again: nothing left to change");
    await run.preview();
  } finally {
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
