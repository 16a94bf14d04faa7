/**
 * Group commit under the SBC's exclusive configuration lock. The engine calls the provider
 * concurrently and has no end-of-run hook, so mutations that arrive while a lock session is open
 * join it; when none is left in flight (and none arrives within a short window) the session
 * commits once (verify → save → activate, or less, per the commit mode), unlocks, and only then
 * settles every caller. A session that activates first settles what the editing configuration
 * holds that is not running (stagedWork.ts: an interrupted run's own leftovers are discarded,
 * anyone else's stop the run), as activate would put it live with this session's changes; each
 * change it sends is written to the journal first (stagedJournal.ts). A mutation that fails
 * fails alone; a commit that fails fails the session's mutations and restores the editing
 * configuration (and saves again when save had succeeded, so that saved equals running) before
 * unlocking, so the next lock holder starts clean — except when verify fails on elements the
 * changes name that are not on the SBC yet: those changes wait outside the session
 * (referenceWaits.ts) for the elements they name, and the others are made again and committed.
 * Locks outside the SBC's own (SDM's device lock) are taken before it and released after it;
 * every lock is released on every path.
 */
import { SbcClient } from "../../../client/client";
import { LockTimeoutError, SessionLock, SessionLog, Step, StepError } from "./sessionSteps";
import { ApiError, ConflictError, failureReason, InvalidInputError, LockedByAnotherUserError, NoLockError, SbcError } from "../../../client/errors";
import { ConfigElement, KeyValues } from "../../../client/types";
import type { CommitConfirm } from "./commitConfirm";
import { CommitMode } from "../connection/connection";
import { describeRef, ElementRef, namedElements, provides } from "./namedElements";
import { ChangeInfo, ReferenceWaits } from "./referenceWaits";
import { memoryJournal, StagedJournal } from "./stagedJournal";
import { instances } from "./stagedChanges";
import { settleStagedWork } from "./stagedWork";
import { SbcMetadata } from "../metadata/sbcMetadata";

export interface LockSessionSettings {
  commit: CommitMode;
  lockTimeoutSeconds: number;
  /** How long an idle session waits for more mutations before committing (250 ms: the engine checks a wave's resources one by one, so on a loaded machine its stragglers arrive over a hundred ms and more, and a commit costs seconds). */
  batchWindowMs?: number;
  /** Mutations run at once inside a session. */
  maxParallel?: number;
  /** How often a wait for a lock logs that it is still waiting (30 s). */
  progressIntervalMs?: number;
  /** Commit confirmed (commitConfirm.ts): backup before activate, health checks and rollback after it; activate mode only. */
  confirm?: Pick<CommitConfirm, "prepare" | "watch">;
  /** Discard changes someone else staged instead of stopping before the first change (stagedWork.ts). */
  discardStagedChanges?: boolean;
  /** What this provider sent and has not committed, for the next run (activate mode); in memory unless given. */
  journal?: StagedJournal;
  /** What the SBC says of itself, shared with the run's checks; asked afresh unless given. */
  metadata?: SbcMetadata;
  /**
   * How long changes set aside for the elements they name wait, with nothing else to run, before
   * the session makes the ones the program declares itself (1 s): the engine sends a change as
   * soon as one of its --parallel slots frees, so waiting longer means every slot holds a waiting change.
   */
  referenceGraceMs?: number;
  /**
   * How long, with nothing else to run, a change waits for an element no resource Pulumi has
   * passed on declares before it fails (5 s): Pulumi checks a resource only when one of its
   * --parallel slots is free for it, so when every slot waits, what they wait for may be declared
   * and never come.
   */
  referenceWaitMs?: number;
}

/** Verify rounds in one session: the first commit, and again after changes were set aside for the elements they name. */
const COMMIT_ROUNDS = 3;

/** The SBC's own configuration lock as a SessionLock. */
export function sbcConfigurationLock(client: SbcClient): SessionLock {
  return {
    description: `the SBC's configuration lock on ${client.origin}`,
    takeStep: "lock",
    take: () => client.lock(),
    heldBy: (err) => (err instanceof LockedByAnotherUserError ? (err.sbcMessage ?? "") : undefined),
    waitAdvice:
      "If nobody is editing, a lock orphaned by a killed run clears when its token expires (ten minutes on the SBC); " +
      "run again then, or raise lockTimeoutSeconds.",
    release: () => client.unlock(),
  };
}

interface Operation {
  mutate: (client: SbcClient) => Promise<unknown>;
  /** What it writes: what it names, and what names it. */
  change?: ChangeInfo;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** Set once the mutation has run. */
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
  /** The verify failure that set it aside to wait for the elements it names. */
  setAsideBy?: StepError;
}

/** The client's requests that change the editing configuration, as the journal records them. */
const CHANGING_REQUESTS = new Map<PropertyKey, (args: unknown[]) => Parameters<StagedJournal["record"]>>([
  ["createElement", ([element]) => ["create", (element as ConfigElement).elementType, (element as ConfigElement).attributes, (element as ConfigElement).subElements]],
  ["updateElement", ([element]) => ["update", (element as ConfigElement).elementType, (element as ConfigElement).attributes, (element as ConfigElement).subElements]],
  ["deleteElement", ([elementType, keys]) => ["delete", elementType as string, (keys as KeyValues | undefined) ?? {}]],
]);

/**
 * The SBC refused the request as invalid (400) or as a duplicate (409): it changed nothing, and
 * neither answer can follow an earlier attempt that did (a POST is not repeated; a repeated PUT
 * or DELETE gets another answer). Anything else may have changed something: a lost answer, a 5xx,
 * or a 404 to a DELETE repeated after its first attempt took effect.
 */
function refused(err: unknown): boolean {
  return err instanceof InvalidInputError || err instanceof ConflictError;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The SBC's verify lines about `refs`, or all of what it said when none names them. */
function verifySaid(err: StepError, refs: readonly ElementRef[]): string {
  const lines = err.cause instanceof ApiError ? err.cause.serverMessages : [];
  const about = lines.filter((line) => refs.some((ref) => line.includes(`"${ref.value}"`)));
  return about.length > 0 ? about.join("; ") : failureReason(err.cause ?? err);
}

export interface LockSessionStats {
  lockAcquisitions: number;
  commits: number;
  lockHeldMs: number;
}

export class LockSession {
  private readonly queue: Operation[] = [];
  private driving = false;
  /** Whether a session of this process has made sure editing held nothing but running. */
  private leftoversChecked = false;
  private relocking?: Promise<void>;
  /** Whether the current session's mutations sent a change the SBC may have applied. */
  private changed = false;
  /** Whether the last discard left editing as it was before the session. */
  private discarded = false;
  /** Changes waiting for the elements they name (referenceWaits.ts). */
  private readonly waits = new ReferenceWaits<Operation>();
  /** Elements whose change failed in this run: what names them cannot be committed. */
  private readonly failedElements: { element: ConfigElement; error: unknown }[] = [];
  private idleTimer?: NodeJS.Timeout;
  /** Since when only waiting changes are left (0: not so). */
  private idleSince = 0;
  private readonly journal: StagedJournal;
  private readonly metadata: SbcMetadata;
  readonly stats: LockSessionStats = { lockAcquisitions: 0, commits: 0, lockHeldMs: 0 };

  /** The client as mutations see it: every request survives a lost lock (see underLock), and each change is journaled first. */
  private readonly lockedClient: SbcClient;

  /** Taken in this order, released in reverse; the SBC's configuration lock is the last. */
  private readonly locks: SessionLock[];
  private readonly sbcLock: SessionLock;

  constructor(
    private readonly client: SbcClient,
    private readonly settings: LockSessionSettings,
    private readonly log: SessionLog,
    outerLocks: SessionLock[] = [],
  ) {
    this.sbcLock = sbcConfigurationLock(client);
    this.locks = [...outerLocks, this.sbcLock];
    this.journal = settings.journal ?? memoryJournal(client.catalog);
    this.metadata = settings.metadata ?? new SbcMetadata(client);
    this.lockedClient = new Proxy(client, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        const entry = CHANGING_REQUESTS.get(property);
        if (!entry) return (...args: unknown[]) => this.underLock(() => value.apply(target, args));
        return (...args: unknown[]) => {
          // Only an activate leaves nothing staged, and only then does a later run look for leftovers.
          if (this.settings.commit === "activate") this.journal.record(...entry(args));
          return this.underLock(() => value.apply(target, args)).then(
            (result: unknown) => {
              this.changed = true;
              return result;
            },
            (err: unknown) => {
              if (!refused(err)) this.changed = true;
              throw err;
            },
          );
        };
      },
    });
  }

  /** Nothing queued and no session in flight: the lock is not held by this process. */
  get idle(): boolean {
    return this.queue.length === 0 && !this.driving;
  }

  /**
   * Runs `mutate` (a change to the element `change` describes) under the lock; resolves after the
   * commit that covers it, rejects on its failure or the commit's.
   */
  run<T>(mutate: (client: SbcClient) => Promise<T>, change?: ChangeInfo): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue([{ mutate, change, resolve: resolve as (v: unknown) => void, reject }]);
      if (!this.driving) void this.drive();
    });
  }

  /** Queues operations, and the waiting changes whose named elements they bring. */
  private enqueue(ops: Operation[]): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.idleSince = 0;
    for (const op of ops) {
      this.queue.push(op);
      const released = op.change ? this.waits.arrived(op.change.element) : [];
      for (const waiting of released) waiting.outcome = undefined;
      this.queue.push(...released);
    }
  }

  private async drive(): Promise<void> {
    this.driving = true;
    try {
      while (this.queue.length > 0) await this.session();
    } finally {
      this.driving = false;
      this.armIdleTimer();
    }
  }

  /** One lock session: lock, run what arrives, commit (again, after setting aside what waits), unlock, settle. */
  private async session(): Promise<void> {
    const held: SessionLock[] = [];
    try {
      let othersHeldIt = false;
      for (const lock of this.locks) {
        othersHeldIt = (await this.acquire(lock)) || othersHeldIt;
        held.push(lock);
      }
      // Done for the first session on this SBC, and again whenever someone else held a lock in
      // between (who may have staged changes); between this process's own back-to-back sessions nobody did.
      if (this.settings.commit === "activate" && (!this.leftoversChecked || othersHeldIt)) {
        await this.settleLeftovers();
        this.leftoversChecked = true;
      }
    } catch (err) {
      await this.release(held);
      this.settle(this.queue.splice(0).map((op) => [op, err]));
      return;
    }
    const lockedAt = Date.now();
    let outcomes: [Operation, unknown][] = [];
    try {
      outcomes = await this.commitRounds();
    } finally {
      await this.release(held);
      this.stats.lockHeldMs += Date.now() - lockedAt;
    }
    this.settle(outcomes);
  }

  /**
   * Runs what arrives and commits it; when verify fails on elements the changes name that are not
   * on the SBC, sets those changes aside and makes the others again for another commit.
   * Returns each operation with its error (undefined: committed).
   */
  private async commitRounds(): Promise<[Operation, unknown][]> {
    const outcomes: [Operation, unknown][] = [];
    for (let round = 1; ; round++) {
      const ops: Operation[] = [];
      this.changed = false;
      await this.mutateWhileBusy(ops);
      const commitError = this.changed && ops.some((op) => op.outcome?.ok) ? await this.commit() : undefined;
      const setAside = commitError?.step === "verify" && round < COMMIT_ROUNDS && this.discarded ? await this.setAsideWaiting(ops, commitError) : undefined;
      if (!setAside) {
        for (const op of ops) {
          outcomes.push([op, !op.outcome ? new StepError("mutate", "the operation did not run") : !op.outcome.ok ? op.outcome.error : commitError]);
        }
        return outcomes;
      }
      outcomes.push(...setAside.failed);
      for (const op of setAside.again) op.outcome = undefined;
      this.queue.unshift(...setAside.again);
      if (this.queue.length === 0) return outcomes;
    }
  }

  /** Settles operations; a failed one fails what waits for its element. */
  private settle(outcomes: [Operation, unknown][]): void {
    for (const [op, error] of outcomes) {
      if (error === undefined) {
        op.resolve((op.outcome as { value: unknown }).value);
        continue;
      }
      op.reject(error);
      if (!op.change) continue;
      this.failedElements.push({ element: op.change.element, error });
      for (const { op: waiting, ref } of this.waits.failed(op.change.element)) waiting.reject(this.failedReference(ref, error));
    }
  }

  private failedReference(ref: ElementRef, error: unknown): StepError {
    return new StepError("verify", `it names ${describeRef(ref)} (${ref.attribute}), which this run was making and which failed: ${describe(error)}`, error);
  }

  /**
   * After verify failed: the changes that name elements neither on the SBC nor among the session's
   * other changes, with what they name. Those wait (parked) for the elements to arrive; those that
   * name an element whose change failed fail; the rest are made again. Undefined when no change
   * names a missing element: the verify failure is the changes' own.
   */
  private async setAsideWaiting(ops: Operation[], commitError: StepError): Promise<{ again: Operation[]; failed: [Operation, unknown][] } | undefined> {
    const made = ops.filter((op) => op.outcome?.ok);
    const named = new Map(made.flatMap((op) => (op.change ? [[op, namedElements(this.client.catalog, op.change.element)] as const] : [])));
    const queued = (ref: ElementRef) => this.queue.some((op) => op.change && provides(op.change.element, ref));
    let onSbc: (ref: ElementRef) => boolean;
    try {
      onSbc = await this.present([...named.values()].flat());
    } catch {
      return undefined;
    }
    const waiting = new Map<Operation, ElementRef[]>();
    const absent = (op: Operation, ref: ElementRef) =>
      !onSbc(ref) && !made.some((other) => other !== op && !waiting.has(other) && other.change && provides(other.change.element, ref));
    // Verify failed on what the session did not bring; the changes that brought it since (queued) make it good in the next round.
    if (![...named].some(([op, refs]) => refs.some((ref) => absent(op, ref)))) return undefined;
    const missingFor = (op: Operation) => named.get(op)!.filter((ref) => absent(op, ref) && !queued(ref));
    for (let grew = true; grew; ) {
      grew = false;
      for (const op of named.keys()) {
        if (waiting.has(op)) continue;
        const missing = missingFor(op);
        if (missing.length > 0) {
          waiting.set(op, missing);
          grew = true;
        }
      }
    }
    const failed: [Operation, unknown][] = ops.filter((op) => op.outcome && !op.outcome.ok).map((op) => [op, (op.outcome as { error: unknown }).error]);
    const failedHere = failed.flatMap(([op, error]) => (op.change ? [{ element: op.change.element, error }] : []));
    for (const [op] of waiting) {
      const missing = missingFor(op);
      const broken = [...this.failedElements, ...failedHere].find(({ element }) => missing.some((ref) => provides(element, ref)));
      if (broken) {
        failed.push([op, this.failedReference(missing.find((ref) => provides(broken.element, ref))!, broken.error)]);
        continue;
      }
      op.setAsideBy = commitError;
      this.waits.park(op, op.change!, missing);
    }
    this.log.info(
      `${this.client.origin}: verify failed on elements that are not on the SBC yet; ` +
        (waiting.size > 0
          ? `${waiting.size} change(s) wait for the elements they name ` +
            `(${[...waiting].map(([op, missing]) => `${op.change!.element.elementType} names ${missing.map(describeRef).join(", ")}`).join("; ")}), and the rest are made again`
          : "they have arrived since, so the changes are made again with them"),
    );
    return { again: made.filter((op) => !waiting.has(op)), failed };
  }

  /** Which of `refs` the editing configuration holds, reading each named type once. */
  private async present(refs: ElementRef[]): Promise<(ref: ElementRef) => boolean> {
    const types = [...new Set(refs.map((ref) => ref.elementType))];
    const held = new Map(await Promise.all(types.map(async (t) => [t, await this.underLock(() => instances(this.client, { name: t }, false))] as const)));
    return (ref) => (held.get(ref.elementType) ?? []).some((element) => provides(element, ref));
  }

  /** With nothing else to run, waiting changes get a timer: make what they wait for after the grace, fail them after the wait. */
  private armIdleTimer(): void {
    if (this.waits.size === 0 || !this.idle || this.idleTimer) return;
    this.idleSince ||= Date.now();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      this.whenIdle();
    }, this.settings.referenceGraceMs ?? 1000);
  }

  /**
   * Every change the engine has let run waits for an element it has not sent, and nothing else
   * arrives: the engine's parallel slots are all held by waiting changes (it sends no more until
   * one finishes), or what they name is not coming. Makes the elements the program declares, with
   * the changes that wait for them; after referenceWaitMs, fails the rest.
   */
  private whenIdle(): void {
    if (!this.idle) return;
    const { ops, plans } = this.waits.resolvable();
    if (ops.length > 0) {
      this.log.info(
        `${this.client.origin}: making ${plans.map((p) => p.label).join(", ")} now, as the program declares ${plans.length === 1 ? "it" : "them"} ` +
          `and ${ops.length} change(s) wait for ${plans.length === 1 ? "it" : "them"} while the engine sends nothing else`,
      );
      const made: Operation[] = plans.map((plan) => ({ mutate: plan.mutate, change: plan, resolve: () => undefined, reject: () => undefined }));
      for (const op of ops) op.outcome = undefined;
      this.enqueue([...made, ...ops]);
      void this.drive();
      return;
    }
    if (Date.now() - this.idleSince < (this.settings.referenceWaitMs ?? 5000)) {
      this.armIdleTimer();
      return;
    }
    this.idleSince = 0;
    for (const { op, missing } of this.waits.takeAll()) {
      op.reject(
        new StepError(
          "verify",
          `it names ${missing.map((ref) => `${describeRef(ref)} (${ref.attribute})`).join(" and ")}, which ${missing.length === 1 ? "is" : "are"} not on ${this.client.origin} ` +
            "and which no resource Pulumi has passed to the provider declares: if the program has no such element, add it or correct the name; " +
            "if it has, Pulumi holds it back because every change it runs at once (--parallel) waits for an element it has not sent yet, " +
            "so write the reference as ${<resource>.<property>} (Pulumi then creates that element first) or raise --parallel; " +
            `nothing of this change is staged (the SBC's verify: ${verifySaid(op.setAsideBy!, missing)})`,
          op.setAsideBy,
        ),
      );
    }
  }

  /** Takes `lock`, waiting out another holder with backoff for up to lockTimeoutSeconds; true when it had to wait. */
  private async acquire(lock: SessionLock): Promise<boolean> {
    const startedAt = Date.now();
    const deadline = startedAt + this.settings.lockTimeoutSeconds * 1000;
    const progressMs = this.settings.progressIntervalMs ?? 30_000;
    let nextProgressAt = startedAt + progressMs;
    let delay = 500;
    let warned = false;
    for (;;) {
      try {
        await lock.take();
        if (lock === this.sbcLock) this.stats.lockAcquisitions++;
        return warned;
      } catch (err) {
        const holder = lock.heldBy(err);
        if (holder === undefined) {
          throw new StepError(lock.takeStep, `${lock.description}: ${failureReason(err)}`, err);
        }
        if (Date.now() + delay > deadline) throw new LockTimeoutError(lock, this.settings.lockTimeoutSeconds, holder);
        if (!warned) {
          this.log.warn(
            `${lock.description} is held by another user or session${holder ? ` ("${holder}")` : ""}; waiting up to ` +
              `${this.settings.lockTimeoutSeconds} s for it. ${lock.waitAdvice}`,
          );
          warned = true;
        } else if (Date.now() >= nextProgressAt) {
          this.log.info(
            `still waiting for ${lock.description}: ${Math.round((Date.now() - startedAt) / 1000)} s of up to ` +
              `${this.settings.lockTimeoutSeconds} s, as another user or session holds it${holder ? ` ("${holder}")` : ""}`,
          );
          nextProgressAt = Date.now() + progressMs;
        }
        await sleep(delay * (0.8 + Math.random() * 0.4));
        delay = Math.min(delay * 1.5, 10_000);
      }
    }
  }

  /**
   * Runs one request and, when the SBC says this session no longer holds the lock (its token expired
   * and was renewed, or the lock was taken away), takes the lock again and runs it once more: a
   * request refused with 423 was not applied, so repeating it is safe. A lost lock is never ignored.
   */
  private async underLock<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      if (!(err instanceof NoLockError)) throw err;
      await this.relock();
      return action();
    }
  }

  /** One re-lock for every operation that noticed the loss at the same time. */
  private relock(): Promise<void> {
    this.relocking ??= (async () => {
      this.log.warn(`${this.client.origin}: the configuration lock was lost mid-session (token expired or lock taken); taking it again`);
      await this.acquire(this.sbcLock);
    })().finally(() => {
      this.relocking = undefined;
    });
    return this.relocking;
  }

  /** Lists what editing holds that is not running and settles it (stagedWork.ts): discarded, or the run stops here. */
  private async settleLeftovers(): Promise<void> {
    await settleStagedWork(this.client, {
      journal: this.journal,
      metadata: this.metadata,
      discard: this.settings.discardStagedChanges ?? false,
      log: this.log,
      underLock: (action) => this.underLock(action),
    }).catch((err: unknown) => {
      if (err instanceof StepError) throw err;
      throw new StepError(
        "restore",
        `could not list what the editing configuration holds that is not running, so nothing was changed: ${failureReason(err)}`,
        err,
      );
    });
  }

  /** Runs queued mutations, up to maxParallel at once, until the queue stays empty for the batch window. */
  private async mutateWhileBusy(ops: Operation[]): Promise<void> {
    const maxParallel = this.settings.maxParallel ?? 8;
    const windowMs = this.settings.batchWindowMs ?? 250;
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      while (this.queue.length > 0 && inFlight.size < maxParallel) {
        const op = this.queue.shift()!;
        ops.push(op);
        // A mutation that throws instead of rejecting (or returns no promise) fails alone, too.
        const running: Promise<void> = new Promise<unknown>((resolve) => resolve(op.mutate(this.lockedClient)))
          .then(
            (value) => {
              op.outcome = { ok: true, value };
            },
            (error: unknown) => {
              op.outcome = { ok: false, error };
            },
          )
          .finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      if (inFlight.size > 0) {
        await Promise.race(inFlight);
        continue;
      }
      if (this.queue.length > 0) continue;
      await sleep(windowMs);
      if (this.queue.length === 0) return;
    }
  }

  /**
   * verify → save → activate as the mode asks (confirmed: backup before activate, the confirm
   * window after it); on failure before activate, restore editing from running.
   */
  private async commit(): Promise<StepError | undefined> {
    const steps: Array<["verify" | "save" | "backup" | "activate", () => Promise<unknown>]> = [];
    if (this.settings.commit !== "none") {
      steps.push(["verify", () => this.client.verify()], ["save", () => this.client.save()]);
    }
    const confirm = this.settings.commit === "activate" ? this.settings.confirm : undefined;
    if (confirm) steps.push(["backup", () => confirm.prepare()]);
    if (this.settings.commit === "activate") steps.push(["activate", () => this.client.activate()]);
    let saved = false;
    for (const [step, action] of steps) {
      try {
        await this.underLock(action);
      } catch (err) {
        const savedDiffers = await this.discard(step, saved);
        return new StepError(step, failureReason(err) + (savedDiffers ? ` ${this.savedDiffersAdvice()}` : ""), err);
      }
      saved ||= step === "save";
    }
    // A rolled-back change was committed and taken back: it fails its resources and counts as no commit.
    const rolledBack = await confirm?.watch((action) => this.underLock(action));
    if (rolledBack) return rolledBack;
    if (steps.length > 0) this.stats.commits++;
    // Activated: editing equals running, nothing of ours is staged.
    if (this.settings.commit === "activate") this.journal.clear();
    return undefined;
  }

  /**
   * Throws the session's edits away so that the SBC's editing configuration is what it was before
   * the session — running; with commit "save", saved, which holds the run's earlier sessions — and,
   * once save had succeeded, saves that too: a saved configuration holding the failed changes goes
   * live at the next reboot or anyone's activate. Says whether saved may still differ.
   */
  private async discard(failedStep: Step, saved: boolean): Promise<boolean> {
    const source = this.settings.commit === "save" ? "saved" : "running";
    this.discarded = false;
    try {
      await this.underLock(() => this.client.restore(source));
      if (saved) await this.underLock(() => this.client.save());
      if (source === "running") this.journal.clear();
      this.discarded = true;
      this.log.warn(
        `${this.client.origin}: ${failedStep} failed; the staged changes were discarded (editing configuration restored from ${source}` +
          `${saved ? ", and saved again" : ""})`,
      );
      return false;
    } catch (err) {
      this.log.warn(
        `${this.client.origin}: ${failedStep} failed and restoring the editing configuration from ${source}${saved ? " and saving it" : ""} also failed ` +
          `(${describe(err)}); the SBC's editing configuration may hold uncommitted changes`,
      );
      return saved;
    }
  }

  /** What to run when the saved configuration was left holding a failed session's changes. */
  private savedDiffersAdvice(): string {
    const management = `${this.client.origin}/rest/${this.client.apiVersion}/configuration/management`;
    return (
      "The SBC's saved configuration still holds these changes and differs from running, so a reboot or anyone's next activate " +
      "would put them live; restoring and saving again failed too. Holding the configuration lock, run " +
      `PUT ${management}?action=restore&restoreSource=running, then PUT ${management}?action=save.`
    );
  }

  /** Releases `held` in reverse order; a failure is reported and does not keep the others. */
  private async release(held: SessionLock[]): Promise<void> {
    for (const lock of [...held].reverse()) {
      try {
        await lock.release();
      } catch (err) {
        const detail = err instanceof SbcError ? describe(err) : String(err);
        this.log.warn(`releasing ${lock.description} failed (${detail}); ${lock === this.sbcLock ? "it clears when the token expires" : "release it by hand if it stays taken"}`);
      }
    }
  }
}
