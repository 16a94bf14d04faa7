/**
 * The vocabulary of a lock session that the locks and commit steps share: the steps of lock →
 * mutate → commit → unlock, the error that names the step that failed, the lock a session takes,
 * and the log it reports to. Apart from lockSession.ts so that what the session drives
 * (commitConfirm.ts, sdmDeviceLock.ts) needs nothing of the session itself.
 */
import { BrandedError } from "../../../client/errorBrand";
export interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The step of the lock → mutate → commit → unlock sequence where something failed. */
export type Step = "sdm-lock" | "lock" | "mutate" | "verify" | "save" | "backup" | "activate" | "confirm" | "restore" | "unlock";

/** A lock that one session takes and releases; another holder is waited out, as for the SBC's lock. */
export interface SessionLock {
  /** What it is and where, for messages: "the SBC's configuration lock on https://…". */
  readonly description: string;
  readonly takeStep: Step;
  take(): Promise<void>;
  /** What the server said when `err` means another user holds the lock; undefined for any other failure. */
  heldBy(err: unknown): string | undefined;
  /** Why a long wait may end by itself, for the timeout error. */
  readonly waitAdvice: string;
  release(): Promise<void>;
}

/**
 * A failure at a named step, with the server's messages. Branded: the session that threw it may
 * belong to another copy of this package (the coordinator registry is per process).
 */
export class StepError extends BrandedError {
  static override readonly errorName: string = "StepError";
  constructor(readonly step: Step, message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/** Another user or session held a lock for longer than lockTimeoutSeconds. */
export class LockTimeoutError extends StepError {
  static override readonly errorName: string = "LockTimeoutError";
  constructor(lock: Pick<SessionLock, "description" | "takeStep" | "waitAdvice">, seconds: number, holder: string | undefined) {
    super(
      lock.takeStep,
      `${lock.description} stayed taken by another user or session for ${seconds} s` +
        `${holder ? ` (the server said: "${holder}")` : ""}. ${lock.waitAdvice}`,
    );
  }
}
