/**
 * An engine-faithful stand-in for the Pulumi CLI, which cannot be installed here. It runs the
 * program (under the SDK's mocks, in its own process, to learn each resource's inputs,
 * `__provider` text and dependencies), then drives the real dynamic-provider plugin over gRPC
 * the way the engine's step executor does: Configure with the whole stack config; Check then
 * Create/Diff/Update per resource in dependency order, at most `parallel` steps at once;
 * replacements create-before-delete unless deleteBeforeReplace; deletes last, in reverse
 * dependency waves; Read for refresh; state written after every step to a JSON file with secret
 * values encrypted, as a passphrase-backed stack would hold them.
 */
import { execFile } from "node:child_process";
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Registration } from "./programRunner";
import { ProviderProcess } from "./providerProcess";

type Json = Record<string, unknown>;

/** The SDK's marker for a secret value on the wire and in state. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

export interface StateResource {
  urn: string;
  type: string;
  id: string;
  inputs: Json;
  outputs: Json;
  dependencies: string[];
  /** Top-level properties stored encrypted. */
  secretProperties: string[];
}

export interface StackState {
  resources: StateResource[];
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "read" | "drop";

export interface StepRecord {
  urn: string;
  op: StepOp;
  error?: string;
}

export interface RunResult {
  steps: StepRecord[];
  errors: string[];
  /** What the plugin printed (logs, warnings). */
  providerOutput: string;
}

export interface EngineOptions {
  programDir: string;
  stateFile: string;
  /** Stack config, e.g. { "sbc:host": "…" }; values as the CLI hands them over (decrypted). */
  config?: Record<string, string>;
  secretConfigKeys?: string[];
  /** Concurrent steps; the engine's default is 4 × CPUs. */
  parallel?: number;
  /** Extra environment for the provider process. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the provider process (the project directory). */
  cwd?: string;
}

const PASSPHRASE_KEY = scryptSync("harness-passphrase", "pulumi-oracle-sbc-harness", 32);
const RUNNER = path.join(__dirname, "programRunner.ts");
const run = promisify(execFile);

function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Json)[SIG_KEY] === SECRET_SIG;
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value && typeof value === "object") return Object.values(value).some(containsSecret);
  return false;
}

/** Strips secret wrappers, as the engine does for a provider that does not accept secrets. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  return value;
}

function seal(value: unknown): Json {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", PASSPHRASE_KEY, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return { [SIG_KEY]: SECRET_SIG, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64") };
}

function unseal(value: unknown): unknown {
  if (!(typeof value === "object" && value !== null && (value as Json)[SIG_KEY] === SECRET_SIG && "ciphertext" in (value as Json))) return value;
  const raw = Buffer.from(String((value as Json).ciphertext), "base64");
  const decipher = createDecipheriv("aes-256-gcm", PASSPHRASE_KEY, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8"));
}

function sealProps(props: Json, secret: string[]): Json {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, secret.includes(k) ? seal(v) : v]));
}

function unsealProps(props: Json): Json {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, unseal(v)]));
}

/** Runs `tasks` respecting `after` (task → tasks it waits for), at most `parallel` at once; stops starting new ones after a failure. */
async function schedule(
  tasks: Map<string, { after: string[]; run: () => Promise<void> }>,
  parallel: number,
): Promise<{ failed: Set<string>; skipped: Set<string> }> {
  const done = new Set<string>();
  const failed = new Set<string>();
  const skipped = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let stop = false;
  const pending = new Set(tasks.keys());
  while (pending.size > 0 || running.size > 0) {
    if (!stop) {
      for (const name of [...pending]) {
        if (running.size >= parallel) break;
        const { after, run: task } = tasks.get(name)!;
        const waits = after.filter((a) => tasks.has(a));
        if (waits.some((a) => failed.has(a) || skipped.has(a))) {
          pending.delete(name);
          skipped.add(name);
          continue;
        }
        if (!waits.every((a) => done.has(a))) continue;
        pending.delete(name);
        const p = task().then(
          () => {
            done.add(name);
          },
          () => {
            failed.add(name);
            stop = true;
          },
        ).finally(() => running.delete(name));
        running.set(name, p);
      }
    }
    if (running.size === 0) {
      for (const name of pending) skipped.add(name);
      break;
    }
    await Promise.race(running.values());
  }
  return { failed, skipped };
}

export class Engine {
  readonly parallel: number;

  constructor(readonly options: EngineOptions) {
    this.parallel = options.parallel ?? 4 * os.cpus().length;
  }

  loadState(): StackState {
    if (!fs.existsSync(this.options.stateFile)) return { resources: [] };
    return JSON.parse(fs.readFileSync(this.options.stateFile, "utf8")) as StackState;
  }

  private saveState(state: StackState): void {
    const tmp = `${this.options.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, this.options.stateFile);
  }

  /** Runs the program under mocks in a child process (the language host) and returns its registrations. */
  async runProgram(): Promise<Registration[]> {
    const out = path.join(os.tmpdir(), `registrations-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    try {
      await run(process.execPath, ["-r", "ts-node/register/transpile-only", RUNNER, this.options.programDir, out], {
        cwd: this.options.programDir,
        env: {
          ...process.env,
          PULUMI_CONFIG: JSON.stringify(this.options.config ?? {}),
          HARNESS_SECRET_KEYS: JSON.stringify(this.options.secretConfigKeys ?? []),
          TS_NODE_PROJECT: path.join(__dirname, "..", "..", "tsconfig.json"),
        },
        maxBuffer: 16 * 1024 * 1024,
      });
      return JSON.parse(fs.readFileSync(out, "utf8")) as Registration[];
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`the program failed: ${e.stderr || e.message}`);
    } finally {
      fs.rmSync(out, { force: true });
    }
  }

  private async withProvider<T>(body: (provider: ProviderProcess) => Promise<T>): Promise<{ value: T; output: string }> {
    const provider = await ProviderProcess.start(this.options.cwd ?? this.options.programDir, {
      PULUMI_CONFIG: JSON.stringify(this.options.config ?? {}),
      ...this.options.env,
    });
    try {
      await provider.configure(this.options.config ?? {});
      const value = await body(provider);
      return { value, output: provider.output.text };
    } finally {
      await provider.stop();
    }
  }

  /** Check failures as the CLI reports them. */
  private async checked(provider: ProviderProcess, urn: string, olds: Json, news: Json): Promise<Json> {
    const result = await provider.check(urn, olds, news);
    if (result.failures.length > 0) {
      throw new Error(`${urn}: check failed: ${result.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    return result.inputs;
  }

  private async planOne(provider: ProviderProcess, reg: Registration, old: StateResource | undefined): Promise<{ op: StepOp; inputs: Json; dbr: boolean }> {
    const news = reveal(reg.inputs) as Json;
    const inputs = await this.checked(provider, reg.urn, old ? unsealProps(old.inputs) : {}, news);
    if (!old) return { op: "create", inputs, dbr: false };
    const diff = await provider.diff(reg.urn, old.id, unsealProps(old.outputs), inputs);
    let changes = diff.changes === "some";
    if (diff.changes === "unknown") changes = JSON.stringify(unsealProps(old.inputs)) !== JSON.stringify(inputs);
    if (!changes) return { op: "same", inputs, dbr: false };
    if (diff.replaces.length > 0) return { op: "replace", inputs, dbr: diff.deleteBeforeReplace || reg.deleteBeforeReplace };
    return { op: "update", inputs, dbr: false };
  }

  private record(reg: Registration, id: string, rawInputs: Json, outputs: Json): StateResource {
    const secretInputs = Object.keys(rawInputs).filter((k) => containsSecret(rawInputs[k]));
    const secretProperties = [...new Set([...secretInputs, ...reg.additionalSecretOutputs])];
    return {
      urn: reg.urn,
      type: reg.type,
      id,
      inputs: sealProps(reveal(rawInputs) as Json, secretProperties),
      outputs: sealProps(outputs, secretProperties),
      dependencies: reg.dependencies,
      secretProperties,
    };
  }

  /** Deletes `doomed` in reverse dependency waves: nothing is deleted while a remaining one depends on it. */
  private async deleteInWaves(provider: ProviderProcess, state: StackState, doomed: StateResource[], steps: StepRecord[], errors: string[]): Promise<void> {
    let remaining = [...doomed];
    while (remaining.length > 0) {
      const wave = remaining.filter((r) => !remaining.some((o) => o !== r && o.dependencies.includes(r.urn)));
      if (wave.length === 0) throw new Error("dependency cycle among resources to delete");
      const results = await Promise.allSettled(
        wave.map(async (r) => {
          await provider.delete(r.urn, r.id, unsealProps(r.outputs));
          state.resources = state.resources.filter((s) => s !== r);
          this.saveState(state);
        }),
      );
      results.forEach((res, i) => {
        const error = res.status === "rejected" ? (res.reason as Error).message : undefined;
        steps.push({ urn: wave[i].urn, op: "delete", error });
        if (error) errors.push(error);
      });
      if (errors.length > 0) return;
      remaining = remaining.filter((r) => !wave.includes(r));
    }
  }

  async up(): Promise<RunResult> {
    const regs = await this.runProgram();
    const state = this.loadState();
    const steps: StepRecord[] = [];
    const errors: string[] = [];
    const replacedOld: StateResource[] = [];
    const { output } = await this.withProvider(async (provider) => {
      const tasks = new Map<string, { after: string[]; run: () => Promise<void> }>();
      for (const reg of regs) {
        tasks.set(reg.urn, {
          after: reg.dependencies,
          run: async () => {
            const old = state.resources.find((r) => r.urn === reg.urn);
            try {
              const plan = await this.planOne(provider, reg, old);
              if (plan.op === "same") {
                old!.inputs = this.record(reg, old!.id, reg.inputs, {}).inputs;
              } else if (plan.op === "update") {
                const outputs = await provider.update(reg.urn, old!.id, unsealProps(old!.outputs), plan.inputs);
                Object.assign(old!, this.record(reg, old!.id, reg.inputs, outputs));
              } else {
                if (plan.op === "replace" && plan.dbr) {
                  await provider.delete(old!.urn, old!.id, unsealProps(old!.outputs));
                  state.resources = state.resources.filter((r) => r !== old);
                } else if (plan.op === "replace") {
                  state.resources = state.resources.filter((r) => r !== old);
                  replacedOld.push(old!);
                }
                const created = await provider.create(reg.urn, plan.inputs);
                state.resources.push(this.record(reg, created.id, reg.inputs, created.outputs));
              }
              steps.push({ urn: reg.urn, op: plan.op });
              this.saveState(state);
            } catch (err) {
              const message = (err as Error).message;
              steps.push({ urn: reg.urn, op: old ? "update" : "create", error: message });
              errors.push(message);
              this.saveState(state);
              throw err;
            }
          },
        });
      }
      await schedule(tasks, this.parallel);
      if (errors.length > 0) {
        state.resources.push(...replacedOld);
        this.saveState(state);
        return;
      }
      const removed = state.resources.filter((r) => !regs.some((g) => g.urn === r.urn));
      await this.deleteInWaves(provider, state, [...removed, ...replacedOld], steps, errors);
    });
    return { steps, errors, providerOutput: output };
  }

  /** What `pulumi preview` shows: Check and Diff only, no change on the SBC. */
  async preview(): Promise<RunResult> {
    const regs = await this.runProgram();
    const state = this.loadState();
    const steps: StepRecord[] = [];
    const errors: string[] = [];
    const { output } = await this.withProvider(async (provider) => {
      await Promise.all(
        regs.map(async (reg) => {
          try {
            const plan = await this.planOne(provider, reg, state.resources.find((r) => r.urn === reg.urn));
            steps.push({ urn: reg.urn, op: plan.op });
          } catch (err) {
            steps.push({ urn: reg.urn, op: "create", error: (err as Error).message });
            errors.push((err as Error).message);
          }
        }),
      );
      for (const r of state.resources.filter((s) => !regs.some((g) => g.urn === s.urn))) steps.push({ urn: r.urn, op: "delete" });
    });
    return { steps, errors, providerOutput: output };
  }

  async refresh(): Promise<RunResult> {
    const state = this.loadState();
    const steps: StepRecord[] = [];
    const errors: string[] = [];
    const { output } = await this.withProvider(async (provider) => {
      await Promise.all(
        state.resources.map(async (r) => {
          try {
            const result = await provider.read(r.urn, r.id, unsealProps(r.outputs), unsealProps(r.inputs));
            if (!result.id) {
              state.resources = state.resources.filter((s) => s !== r);
              steps.push({ urn: r.urn, op: "drop" });
              return;
            }
            r.outputs = sealProps(result.outputs, r.secretProperties);
            if (result.inputs) r.inputs = sealProps(result.inputs, r.secretProperties);
            steps.push({ urn: r.urn, op: "read" });
          } catch (err) {
            steps.push({ urn: r.urn, op: "read", error: (err as Error).message });
            errors.push((err as Error).message);
          }
        }),
      );
      this.saveState(state);
    });
    return { steps, errors, providerOutput: output };
  }

  async destroy(): Promise<RunResult> {
    const state = this.loadState();
    const steps: StepRecord[] = [];
    const errors: string[] = [];
    const { output } = await this.withProvider(async (provider) => {
      await this.deleteInWaves(provider, state, [...state.resources], steps, errors);
    });
    return { steps, errors, providerOutput: output };
  }
}
