/**
 * Drives the real `pulumi` CLI for the e2e suite: finds it (the directory scripts/pulumi-cli.sh
 * prints, or PATH), gives every stack its own local file backend, PULUMI_HOME and config file,
 * and runs commands as child processes without blocking the event loop — the emulator the CLI
 * talks to lives in this same jest process.
 *
 * Without the CLI the suite is skipped with the reason in the test names, unless
 * SBC_E2E_REQUIRED=1 (set by `npm run e2e` and CI), where a missing CLI fails the suite.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

const PULUMI_VERSION = "v3.248.0";
export const ROOT = path.resolve(__dirname, "..", "..", "..");

const GET_CLI = "run: export PATH=\"$(scripts/pulumi-cli.sh):$PATH\", which builds what is missing into ~/.cache/pulumi-oracle-sbc";
/** The language hosts the e2e programs use (TypeScript, YAML, Python) and the dynamic-provider launcher. */
const COMPANIONS = ["pulumi-language-nodejs", "pulumi-language-yaml", "pulumi-language-python", "pulumi-resource-pulumi-nodejs"];

/** The directory holding pulumi, its language hosts and the dynamic-provider launcher, or why there is none. */
function locateCli(): { dir: string } | { missing: string } {
  const candidates = [process.env.PULUMI_CLI_DIR, ...(process.env.PATH ?? "").split(path.delimiter)].filter((d): d is string => !!d);
  for (const dir of candidates) {
    const bin = path.join(dir, "pulumi");
    if (!fs.existsSync(bin)) continue;
    const version = spawnSync(bin, ["version"], { encoding: "utf8" }).stdout?.trim();
    if (version !== PULUMI_VERSION) return { missing: `${bin} is ${version || "unusable"}, not ${PULUMI_VERSION} (${GET_CLI})` };
    for (const companion of COMPANIONS) {
      if (!candidates.some((d) => fs.existsSync(path.join(d, companion)))) return { missing: `${companion} is not beside ${bin} nor on PATH (${GET_CLI})` };
    }
    // The Python host runs its -exec script from its own directory only.
    const pythonHost = candidates.find((d) => fs.existsSync(path.join(d, "pulumi-language-python")))!;
    if (!fs.existsSync(path.join(pythonHost, "pulumi-language-python-exec"))) {
      return { missing: `pulumi-language-python-exec is not beside ${path.join(pythonHost, "pulumi-language-python")} (${GET_CLI})` };
    }
    return { dir };
  }
  return { missing: `the pulumi CLI is not on PATH (${GET_CLI})` };
}

export const cli = locateCli();

/** `describe` when the CLI is there; otherwise skipped with the reason in its name, or failing under SBC_E2E_REQUIRED. */
export function describeWithCli(name: string, body: () => void): void {
  if ("dir" in cli) {
    describe(name, body);
  } else if (process.env.SBC_E2E_REQUIRED === "1") {
    describe(name, () => {
      test("the real pulumi CLI is available", () => {
        throw new Error(`e2e needs pulumi ${PULUMI_VERSION}: ${cli.missing}`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: ${cli.missing})`, body);
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as the user saw them, interleaved by arrival. */
  output: string;
}

export interface RunOptions {
  /** A non-zero exit is what the test expects. */
  expectFailure?: boolean;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Called once the process has started; for tests that signal it. */
  onSpawn?: (child: import("node:child_process").ChildProcess) => void;
}

/** Environment variables of the parent that must not leak into a stack's runs. */
const SCRUBBED = /^(SBC_|PULUMI_)/;

/**
 * One Pulumi stack of one program directory, with a backend, PULUMI_HOME and config file of its
 * own under a temporary directory, so that tests share nothing and leave nothing in the repository.
 */
export class CliStack {
  readonly work: string;
  readonly configFile: string;
  /** The environment pulumi runs in for this stack (its own backend, home and passphrase), for tools that call pulumi themselves. */
  readonly baseEnv: Record<string, string>;

  /** A stack name unique to this instance, so that tests of one program never share a stack or its files. */
  readonly name: string;

  constructor(
    readonly programDir: string,
    prefix = "e2e",
  ) {
    this.name = `${prefix}-${randomBytes(3).toString("hex")}`;
    if (!("dir" in cli)) throw new Error(cli.missing);
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-e2e-"));
    this.configFile = path.join(this.work, `Pulumi.${this.name}.yaml`);
    fs.mkdirSync(path.join(this.work, "state"));
    fs.mkdirSync(path.join(this.work, "home"));
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !SCRUBBED.test(k))) as Record<string, string>;
    this.baseEnv = {
      ...inherited,
      PATH: `${cli.dir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(this.work, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
    };
  }

  /** Runs `pulumi ARGS` for this stack; rejects on a non-zero exit unless expectFailure. */
  run(args: string[], options: RunOptions = {}): Promise<CliResult> {
    const stackScoped = !["stack", "version", "about", "new", "plugin", "package"].includes(args[0]) || (args[0] === "stack" && args[1] !== "init" && args[1] !== "ls");
    const full = [...args, "--non-interactive", "--color", "never", "--cwd", this.programDir];
    if (stackScoped) full.push("--stack", this.name);
    if (usesConfigFile(args)) full.push("--config-file", this.configFile);
    const env = { ...this.baseEnv, ...options.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", full, { env: env as NodeJS.ProcessEnv, cwd: this.programDir });
      let stdout = "";
      let stderr = "";
      let output = "";
      child.stdout.on("data", (d: Buffer) => ((stdout += d), (output += d)));
      child.stderr.on("data", (d: Buffer) => ((stderr += d), (output += d)));
      options.onSpawn?.(child);
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 240_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const result = { code, signal, stdout, stderr, output };
        const failed = code !== 0;
        if (failed !== !!options.expectFailure) {
          reject(new Error(`pulumi ${args.join(" ")} exited ${code ?? signal}${options.expectFailure ? " (a failure was expected)" : ""}:\n${output}`));
        } else {
          resolve(result);
        }
      });
    });
  }

  async init(config: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    await this.run(["stack", "init", this.name]);
    // stack init writes the stack's encryption salt beside Pulumi.yaml: move it to this stack's config file.
    const written = path.join(this.programDir, `Pulumi.${this.name}.yaml`);
    if (fs.existsSync(written)) fs.renameSync(written, this.configFile);
    await this.setConfig(config, secrets);
  }

  /** In one `pulumi config set-all`: a stack exported from a large SBC has hundreds of secrets, and each `pulumi` start costs seconds. */
  async setConfig(config: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    const pairs = [
      ...Object.entries(config).flatMap(([key, value]) => ["--plaintext", `${key}=${value}`]),
      ...Object.entries(secrets).flatMap(([key, value]) => ["--secret", `${key}=${value}`]),
    ];
    if (pairs.length > 0) await this.run(["config", "set-all", ...pairs]);
  }

  /** Secret values at config paths (`name[0].key`), in one `pulumi config set-all --path`. */
  async setSecretPaths(secrets: Record<string, string>): Promise<void> {
    const pairs = Object.entries(secrets).flatMap(([key, value]) => ["--secret", `${key}=${value}`]);
    if (pairs.length > 0) await this.run(["config", "set-all", "--path", ...pairs]);
  }

  /** `pulumi stack export` as text (to search for secrets) and parsed. */
  async exportState(): Promise<{ text: string; deployment: Deployment }> {
    const { stdout } = await this.run(["stack", "export"]);
    return { text: stdout, deployment: (JSON.parse(stdout) as { deployment: Deployment }).deployment };
  }

  /** The custom resources in the stack, by logical name, as `pulumi stack export` has them. */
  async resources(): Promise<Map<string, StateResource>> {
    const { deployment } = await this.exportState();
    const map = new Map<string, StateResource>();
    for (const r of deployment.resources ?? []) {
      if (r.custom && !r.type.startsWith("pulumi:providers:")) map.set(r.urn.split("::").pop()!, r);
    }
    return map;
  }

  async urnOf(name: string): Promise<string> {
    const r = (await this.resources()).get(name);
    if (!r) throw new Error(`no resource ${name} in stack ${this.name}`);
    return r.urn;
  }

  /** Destroys what is left (best effort) and removes the stack's files. */
  async dispose(): Promise<void> {
    await this.run(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
    this.discard();
  }

  /** Removes the stack's files only: for a stack whose resources are protected (a take-over), where a destroy only refuses, slowly. */
  discard(): void {
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}

function usesConfigFile(args: string[]): boolean {
  return ["up", "preview", "refresh", "destroy", "config", "import"].includes(args[0]);
}

export interface StateResource {
  urn: string;
  custom?: boolean;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  delete?: boolean;
  retainOnDelete?: boolean;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: unknown[];
}

/** The counts of the last "Resources:" block ("+ 3 to create", "3 created", "= 3 imported", "6 unchanged"): `up` prints its preview's first. */
export function resourceCounts(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const section = output.split(/^Resources:$/m).pop() ?? "";
  for (const m of section.matchAll(/^\s+(?:[+~\-±=]+\s*)?(\d+) (to create|to update|to delete|to replace|to import|created|updated|deleted|replaced|imported|unchanged|create-replacement|delete-replacement)/gm)) {
    counts[m[2]] = Number(m[1]);
  }
  return counts;
}
