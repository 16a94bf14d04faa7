/**
 * Group commit under the SBC's exclusive configuration lock. The engine calls the provider
 * concurrently and has no end-of-run hook, so mutations that arrive while a lock session is open
 * join it; when none is left in flight (and none arrives within a short window) the session
 * commits once (verify → save → activate, or less, per the commit mode), unlocks, and only then
 * settles every caller. A session that activates first discards what the editing configuration
 * holds that is not running (activate would put it live with this session's changes). A mutation
 * that fails fails alone; a commit that fails fails the session's mutations and restores the
 * editing configuration from running (and saves again when save had succeeded, so that saved
 * equals running) before unlocking, so the next lock holder starts clean. Locks outside the
 * SBC's own (SDM's device lock) are taken before it and released after it; every lock is released
 * on every path.
 */
import { SbcClient } from "../../../client/client";
import { LockTimeoutError, SessionLock, SessionLog, Step, StepError } from "./sessionSteps";
import { ConflictError, failureReason, InvalidInputError, LockedByAnotherUserError, NoLockError, SbcError } from "../../../client/errors";
import type { CommitConfirm } from "./commitConfirm";
import { CommitMode } from "../connection/connection";
import { stagedChanges } from "./stagedChanges";

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
}

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
  /** The element type it changes, whose staged changes a session's first look lists. */
  elementType?: string;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** Set once the mutation has run. */
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

/** The client's requests that change the editing configuration. */
const CHANGING_REQUESTS: ReadonlySet<PropertyKey> = new Set(["createElement", "updateElement", "deleteElement"]);

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
  readonly stats: LockSessionStats = { lockAcquisitions: 0, commits: 0, lockHeldMs: 0 };

  /** The client as mutations see it: every request survives a lost lock (see underLock). */
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
    this.lockedClient = new Proxy(client, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        if (!CHANGING_REQUESTS.has(property)) return (...args: unknown[]) => this.underLock(() => value.apply(target, args));
        return (...args: unknown[]) =>
          this.underLock(() => value.apply(target, args)).then(
            (result: unknown) => {
              this.changed = true;
              return result;
            },
            (err: unknown) => {
              if (!refused(err)) this.changed = true;
              throw err;
            },
          );
      },
    });
  }

  /** Nothing queued and no session in flight: the lock is not held by this process. */
  get idle(): boolean {
    return this.queue.length === 0 && !this.driving;
  }

  /**
   * Runs `mutate` (a change to an element of `elementType`) under the lock; resolves after the
   * commit that covers it, rejects on its failure or the commit's.
   */
  run<T>(mutate: (client: SbcClient) => Promise<T>, elementType?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ mutate, elementType, resolve: resolve as (v: unknown) => void, reject });
      if (!this.driving) void this.drive();
    });
  }

  private async drive(): Promise<void> {
    this.driving = true;
    try {
      while (this.queue.length > 0) await this.session();
    } finally {
      this.driving = false;
    }
  }

  /** One lock session: lock, run what arrives, commit, unlock, settle. */
  private async session(): Promise<void> {
    const ops: Operation[] = [];
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
        await this.discardLeftovers([...new Set(this.queue.flatMap((op) => (op.elementType ? [op.elementType] : [])))]);
        this.leftoversChecked = true;
      }
    } catch (err) {
      await this.release(held);
      for (const op of this.queue.splice(0)) op.reject(err);
      return;
    }
    const lockedAt = Date.now();
    let commitError: unknown;
    this.changed = false;
    try {
      await this.mutateWhileBusy(ops);
      if (this.changed && ops.some((op) => op.outcome?.ok)) commitError = await this.commit();
    } finally {
      await this.release(held);
      this.stats.lockHeldMs += Date.now() - lockedAt;
    }
    for (const op of ops) {
      if (!op.outcome) op.reject(new StepError("mutate", "the operation did not run"));
      else if (!op.outcome.ok) op.reject(op.outcome.error);
      else if (commitError) op.reject(commitError);
      else op.resolve(op.outcome.value);
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

  /**
   * Activate takes the whole saved configuration live, not just this session's changes, so what a
   * killed run or an unsaved ACLI edit left in the editing configuration would go live with them
   * (and the stack would not know). Editing is restored from running before this session changes
   * anything: one action, whatever type holds the leftovers, where comparing every type would cost
   * two list requests per catalog type. What the types about to be changed held is read first and
   * listed in a warning, so that it can be redone on purpose (a killed run of the same program
   * left its work there).
   */
  private async discardLeftovers(types: string[]): Promise<void> {
    let changes: string[];
    try {
      changes = await stagedChanges(this.client, types);
      await this.underLock(() => this.client.restore("running"));
    } catch (err) {
      throw new StepError(
        "restore",
        `could not make sure that the editing configuration holds nothing but running before changing it: ${failureReason(err)}`,
        err,
      );
    }
    if (changes.length === 0) return;
    const shown = changes.slice(0, 20).join("; ") + (changes.length > 20 ? `; and ${changes.length - 20} more` : "");
    this.log.warn(
      `${this.client.origin}: the editing configuration held ${changes.length} change(s) that were not running and that this run did not make ` +
        `(left by a killed run, or unsaved ACLI edits): ${shown}. They were discarded (editing restored from running, which discards staged ` +
        "changes of every type; these are the ones in the types this run changes) so that this run's activate does not put them live; " +
        "make them again if they were meant",
    );
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
    return undefined;
  }

  /**
   * Throws the session's edits away so that the SBC's editing configuration equals running again,
   * and, once save had succeeded, saves that too: a saved configuration holding the failed changes
   * goes live at the next reboot or anyone's activate. Says whether saved may still differ.
   */
  private async discard(failedStep: Step, saved: boolean): Promise<boolean> {
    try {
      await this.underLock(() => this.client.restore("running"));
      if (saved) await this.underLock(() => this.client.save());
      this.log.warn(
        `${this.client.origin}: ${failedStep} failed; the staged changes were discarded (editing configuration restored from running` +
          `${saved ? ", and saved again" : ""})`,
      );
      return false;
    } catch (err) {
      this.log.warn(
        `${this.client.origin}: ${failedStep} failed and restoring the editing configuration from running${saved ? " and saving it" : ""} also failed ` +
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
