/**
 * A fast imitation of the Pulumi engine for the inner loop (the real CLI judges, in tests/e2e).
 * It runs the program in its own process with a resource monitor that hands each registration
 * (inputs, `__provider` text, dependencies) to this engine, which drives the real dynamic-provider
 * plugin over gRPC the way the engine's step executor does and answers with the real outputs:
 * Configure with the whole stack config; Check then Create/Diff/Update per resource once its
 * dependencies are done, at most `parallel` steps at once;
 * replacements create-before-delete unless deleteBeforeReplace; deletes last, in reverse
 * dependency waves; Read for refresh; state recorded after every step (written to a JSON file at
 * most every 50 ms and at the end) with secret values encrypted, as a passphrase-backed stack
 * would hold them.
 *
 * What it does not imitate, and the real-CLI test that stands for each (tests/e2e/):
 * - Pulumi.yaml is not read (`main`, config declarations): examples.e2e (every example loads).
 * - Previews run the program with known outputs, never unknowns: examples.e2e, compose's fresh preview.
 * - No `--replace`, `replaceWith`, aliases, protect, retainOnDelete, ignoreChanges, `--target`;
 *   deleteBeforeReplace is OR-ed with the provider's answer: lifecycle.e2e (c, k).
 * - Refresh Diffs after Read as the engine does (refreshed outputs as olds, the old inputs as
 *   news) and marks the step `changed`, but shows no diff: lifecycle.e2e (d), readme.e2e (refresh output).
 * - Refresh and destroy get the current config, not the config stored at the last up; config
 *   is not stored in state and secret keys are not passed (PULUMI_CONFIG_SECRET_KEYS):
 *   credentials.e2e (rotation, plain-text password refused).
 * - A failed create-before-delete leaves nothing marked for deletion; no pending operations or
 *   stack lock after a killed run: interruption.e2e.
 * - Check and Diff run concurrently rather than serially; the default parallelism is cpus × 4,
 *   not the engine's GOMAXPROCS × 4: scale.e2e (commits per wave at --parallel 1000).
 */
import { spawn } from "node:child_process";
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EngineReply, Registration, RunnerMessage } from "./programRunner";
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
  /** A refresh found the resource differing from what the program declared (the provider's Diff said so). */
  changed?: boolean;
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
  /** Project name (the default namespace of `new pulumi.Config()`). */
  project?: string;
  /** Called with the provider process once it runs (tests kill it to simulate a crash). */
  onProvider?: (provider: ProviderProcess) => void;
}

const PASSPHRASE_KEY = scryptSync("harness-passphrase", "pulumi-oracle-sbc-harness", 32);
const RUNNER = path.join(__dirname, "programRunner.ts");

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

/** At most `limit` steps at once, as the engine's --parallel. */
class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(body: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await body();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
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

  private pendingSave?: { state: StackState; timer: NodeJS.Timeout };

  /**
   * Records state after a step. Writes are coalesced over 50 ms and flushed when the run ends:
   * writing the whole file after each of hundreds of concurrent steps costs time that grows with
   * the square of the stack's size and would be charged to the provider in the benchmark, and no
   * test kills the harness itself between steps.
   */
  private saveState(state: StackState): void {
    if (this.pendingSave) {
      this.pendingSave.state = state;
      return;
    }
    this.pendingSave = { state, timer: setTimeout(() => this.flushState(), 50) };
  }

  private flushState(): void {
    if (!this.pendingSave) return;
    clearTimeout(this.pendingSave.timer);
    const { state } = this.pendingSave;
    this.pendingSave = undefined;
    const tmp = `${this.options.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, this.options.stateFile);
  }

  /**
   * Runs the program in its own process (the language host); `step` performs each custom
   * resource's registration and returns the id and outputs the program then sees.
   */
  runProgram(step: (reg: Registration) => Promise<{ id: string; outputs: Json }>): Promise<Registration[]> {
    const registrations: Registration[] = [];
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", RUNNER, this.options.programDir], {
      cwd: this.options.programDir,
      env: {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(this.options.config ?? {}),
        PULUMI_PROJECT: this.options.project ?? "harness",
        HARNESS_SECRET_KEYS: JSON.stringify(this.options.secretConfigKeys ?? []),
        TS_NODE_PROJECT: path.join(__dirname, "..", "..", "tsconfig.json"),
      },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let stderr = "";
    let failure: string | undefined;
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    child.stdout!.resume();
    child.on("message", (message: RunnerMessage) => {
      if (message.kind === "failed") failure = message.error;
      if (message.kind !== "register") return;
      registrations.push(message.registration);
      // The program may exit (after another registration failed) between the check and the
      // write: with a callback, that EPIPE goes to it instead of becoming an uncaught 'error'.
      const reply = (r: EngineReply) => child.connected && child.send(r, () => undefined);
      step(message.registration).then(
        ({ id, outputs }) => reply({ seq: message.seq, id, outputs }),
        (err: unknown) => reply({ seq: message.seq, error: (err as Error).message }),
      );
    });
    return new Promise((resolve, reject) => {
      child.on("exit", (code) => {
        if (failure !== undefined || code !== 0) reject(new Error(`the program failed: ${failure ?? stderr.trim()}`));
        else resolve(registrations);
      });
    });
  }

  private async withProvider<T>(body: (provider: ProviderProcess) => Promise<T>): Promise<{ value: T; output: string }> {
    const provider = await ProviderProcess.start(this.options.cwd ?? this.options.programDir, {
      PULUMI_CONFIG: JSON.stringify(this.options.config ?? {}),
      ...this.options.env,
    });
    this.options.onProvider?.(provider);
    try {
      await provider.configure(this.options.config ?? {});
      const value = await body(provider);
      return { value, output: provider.output.text };
    } finally {
      this.flushState();
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

  /** Performs one registration's step: check, then create, update or replace (or nothing). */
  private async apply(provider: ProviderProcess, reg: Registration, state: StackState, replacedOld: StateResource[]): Promise<{ op: StepOp; id: string; outputs: Json }> {
    const old = state.resources.find((r) => r.urn === reg.urn);
    const plan = await this.planOne(provider, reg, old);
    if (plan.op === "same") {
      old!.inputs = this.record(reg, old!.id, reg.inputs, {}).inputs;
      return { op: plan.op, id: old!.id, outputs: unsealProps(old!.outputs) };
    }
    if (plan.op === "update") {
      const outputs = await provider.update(reg.urn, old!.id, unsealProps(old!.outputs), plan.inputs);
      Object.assign(old!, this.record(reg, old!.id, reg.inputs, outputs));
      return { op: plan.op, id: old!.id, outputs };
    }
    if (plan.op === "replace" && plan.dbr) {
      await provider.delete(old!.urn, old!.id, unsealProps(old!.outputs));
      state.resources = state.resources.filter((r) => r !== old);
      this.saveState(state);
    } else if (plan.op === "replace") {
      state.resources = state.resources.filter((r) => r !== old);
      replacedOld.push(old!);
    }
    const created = await provider.create(reg.urn, plan.inputs);
    state.resources.push(this.record(reg, created.id, reg.inputs, created.outputs));
    return { op: plan.op, id: created.id, outputs: created.outputs };
  }

  async up(): Promise<RunResult> {
    const state = this.loadState();
    const steps: StepRecord[] = [];
    const errors: string[] = [];
    const replacedOld: StateResource[] = [];
    const slots = new Slots(this.parallel);
    const finished = new Map<string, Promise<unknown>>();
    const { output } = await this.withProvider(async (provider) => {
      let regs: Registration[] = [];
      try {
        regs = await this.runProgram((reg) => {
          const done = (async () => {
            await Promise.all(reg.dependencies.map((d) => finished.get(d)));
            if (errors.length > 0) throw new Error(`${reg.urn}: not run, an earlier step failed`);
            return slots.run(async () => {
              try {
                const result = await this.apply(provider, reg, state, replacedOld);
                steps.push({ urn: reg.urn, op: result.op });
                return result;
              } catch (err) {
                const message = (err as Error).message;
                steps.push({ urn: reg.urn, op: state.resources.some((r) => r.urn === reg.urn) ? "update" : "create", error: message });
                errors.push(message);
                throw err;
              } finally {
                this.saveState(state);
              }
            });
          })();
          finished.set(reg.urn, done.catch(() => undefined));
          return done;
        });
      } catch (err) {
        if (errors.length === 0) errors.push((err as Error).message);
      }
      await Promise.all(finished.values());
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

  /** What `pulumi preview` shows: Check and Diff only, no change on the SBC; outputs echo inputs. */
  async preview(): Promise<RunResult> {
    const state = this.loadState();
    const steps: StepRecord[] = [];
    const errors: string[] = [];
    const { output } = await this.withProvider(async (provider) => {
      let regs: Registration[] = [];
      try {
        regs = await this.runProgram(async (reg) => {
          const old = state.resources.find((r) => r.urn === reg.urn);
          try {
            const plan = await this.planOne(provider, reg, old);
            steps.push({ urn: reg.urn, op: plan.op });
            return { id: old?.id ?? "", outputs: { ...(old ? unsealProps(old.outputs) : {}), ...plan.inputs } };
          } catch (err) {
            steps.push({ urn: reg.urn, op: old ? "update" : "create", error: (err as Error).message });
            errors.push((err as Error).message);
            throw err;
          }
        });
      } catch (err) {
        if (errors.length === 0) errors.push((err as Error).message);
      }
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
            const oldInputs = reveal(unsealProps(r.inputs)) as Json;
            r.outputs = sealProps(result.outputs, r.secretProperties);
            if (result.inputs) r.inputs = sealProps(result.inputs, r.secretProperties);
            const diff = await provider.diff(r.urn, result.id, result.outputs, oldInputs);
            steps.push({ urn: r.urn, op: "read", ...(diff.changes === "none" ? {} : { changed: true }) });
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
