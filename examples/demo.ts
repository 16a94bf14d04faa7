/**
 * `npm run demo`: starts the SBC emulator, then runs examples/basic against it the way a user
 * would — preview, up, the SBC's resulting running configuration read back over REST, and a
 * second preview that shows no changes — with the real `pulumi` CLI on a local file backend
 * when it is on PATH, otherwise through the engine-faithful harness (tests/harness). The emulator
 * runs in this process, so pulumi runs as a child this process waits for without blocking (a
 * blocking wait starved the emulator: `up` failed for want of an answer). Everything the run
 * writes lives in one temporary directory, removed on the way out, whichever way that is.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { builtinCatalog } from "../client/catalog/catalog";
import { SbcClient } from "../client/client";
import { ConfigElement } from "../client/types";
import { Engine } from "../tests/harness/engine";
import { formatRun } from "../tests/harness/cli";
import { killStartedProviders } from "../tests/harness/providerProcess";

const PROGRAM = path.join(__dirname, "basic");
const PASSWORD = "demo-Pa55word";
const STACK = "demo";

/** One way of running the program: the real CLI, or the harness. */
interface Run {
  init(): Promise<void>;
  preview(expectNoChanges?: boolean): Promise<void>;
  up(): Promise<void>;
}

/** The pulumi process running now, if any: where a Ctrl-C goes. */
let running: ChildProcess | undefined;
/** The signal that stopped the demo, if one did. */
let interrupted: NodeJS.Signals | undefined;

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

/** Runs `pulumi ARGS` without blocking this process, whose event loop serves the emulator the CLI talks to. */
function runPulumi(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own process group: a Ctrl-C reaches it once, forwarded by forwardInterrupts() below, not twice.
    const child = spawn("pulumi", [...args, "--non-interactive"], { env, stdio: "inherit", detached: true });
    running = child;
    child.on("error", reject);
    child.on("close", (code, signal) => {
      running = undefined;
      if (code === 0) resolve();
      else reject(new Error(`pulumi ${args[0]} ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}`));
    });
  });
}

/**
 * The real CLI on a stack whose every file lives in a temporary directory (removed on exit, also
 * after a failure or Ctrl-C): backend, PULUMI_HOME, and the stack's config file. `stack init`
 * writes that file beside the Pulumi.yaml it is run with and has no --config-file, so it runs on a
 * copy of examples/basic's Pulumi.yaml; the other commands run examples/basic itself with
 * --config-file, and nothing is written under examples/.
 */
function withPulumiCli(url: string, work: string): Run {
  const initDir = path.join(work, "init");
  fs.mkdirSync(initDir);
  fs.mkdirSync(path.join(work, "state"));
  fs.mkdirSync(path.join(work, "home"));
  fs.copyFileSync(path.join(PROGRAM, "Pulumi.yaml"), path.join(initDir, "Pulumi.yaml"));
  const configFile = path.join(initDir, `Pulumi.${STACK}.yaml`);
  const env = {
    ...process.env,
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const pulumi = (...args: string[]) => runPulumi([...args, "--cwd", PROGRAM, "--stack", STACK, "--config-file", configFile], env);
  return {
    init: async () => {
      await runPulumi(["stack", "init", STACK, "--cwd", initDir], env);
      await pulumi("config", "set", "sbc:host", url);
      await pulumi("config", "set", "sbc:username", "admin");
      await pulumi("config", "set", "--secret", "sbc:password", PASSWORD);
    },
    preview: (expectNoChanges = false) => pulumi("preview", expectNoChanges ? "--expect-no-changes" : "--diff"),
    up: () => pulumi("up", "--yes", "--skip-preview"),
  };
}

function withHarness(url: string, work: string): Run {
  const engine = new Engine({
    programDir: PROGRAM,
    stateFile: path.join(work, "state.json"),
    project: "sbc-basic",
    config: { "sbc:host": url, "sbc:username": "admin", "sbc:password": PASSWORD },
    secretConfigKeys: ["sbc:password"],
  });
  const report = (title: string, result: Awaited<ReturnType<Engine["up"]>>, planned: boolean): void => {
    console.log(formatRun(title, result, planned));
    if (result.errors.length > 0) throw new Error(`the demo failed: ${result.errors.join("; ")}`);
  };
  return {
    init: async () => undefined,
    preview: async (expectNoChanges = false) => {
      const result = await engine.preview();
      report(`Previewing update (${STACK}):`, result, true);
      const changes = result.steps.filter((s) => s.op !== "same");
      if (expectNoChanges && changes.length > 0) throw new Error(`the demo failed: ${changes.length} changes where none were expected`);
    },
    up: async () => report(`Updating (${STACK}):`, await engine.up(), false),
  };
}

/**
 * Ctrl-C (or SIGTERM) goes to the running pulumi, which cancels cleanly and exits; then the demo
 * stops. The same signal arriving twice within a moment (from the terminal and from npm, which
 * forwards it) is passed on once, as a second one makes pulumi stop at once.
 */
function forwardInterrupts(): void {
  let last = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      const now = Date.now();
      const repeat = now - last < 500;
      last = now;
      interrupted ??= signal;
      if (running) {
        if (!repeat) running.kill(signal);
      } else {
        console.error(`\nthe demo was stopped by ${signal}`);
        process.exit(130);
      }
    });
  }
}

async function main(): Promise<void> {
  forwardInterrupts();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-demo-"));
  // Synchronous, so it runs on every way out: the end, a failure, process.exit after a signal.
  // The harness's provider plugin is the demo's child, which a Ctrl-C sent to the demo alone does not reach.
  process.on("exit", () => {
    killStartedProviders();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const emulator = await startEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 300, latencyMs: 2 });
  try {
    const hasCli = spawnSync("pulumi", ["version"]).status === 0;
    console.log(`SBC emulator listening on ${emulator.url}`);
    console.log(hasCli ? "Using the pulumi CLI on PATH." : "The pulumi CLI is not on PATH: using the engine-faithful harness (real dynamic-provider plugin over gRPC).");
    console.log(`The stack (${STACK}) and its state live in ${work}, removed when the demo ends.`);
    const run = hasCli ? withPulumiCli(emulator.url, work) : withHarness(emulator.url, work);
    await run.init();
    banner("1. pulumi preview: what will change on the SBC");
    await run.preview();
    banner("2. pulumi up: lock → create → verify, save, activate → unlock");
    await run.up();
    const { stats } = emulator.sbc;
    console.log(`\nThe SBC saw ${stats.requests} requests, ${stats.mutatingRequests} changes, ${stats.lockAcquisitions} lock sessions, ${emulator.sbc.operations.completed.activate} activations.`);
    banner("3. The SBC's running configuration, read back over REST (defaults left out)");
    await showRunningConfig(emulator.url);
    banner("4. pulumi preview again: nothing left to change");
    await run.preview(true);
  } finally {
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(interrupted ? `the demo was stopped by ${interrupted}` : err instanceof Error ? err.message : String(err));
  process.exit(interrupted ? 130 : 1);
});
