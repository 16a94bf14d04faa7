/**
 * The asynchronous management actions: save (editing → saved), verify (report dangling
 * references), activate (saved → running, refused when the saved configuration does not verify),
 * restore (editing ← running, saved or a backup file, discarding staged edits) and backup (a
 * configuration → a backup file). Each answers 202 at once and finishes after a set time;
 * `admin/asyncstatus` reports the most recent one, as on the SBC.
 */
import { ManagementAction, OperationState } from "../client/types";
import { ConfigStore, StoreName } from "./configStore";
import { HttpError } from "./httpError";
import { verifyConfiguration } from "./verify";

/** What restore reads (a configuration, or the backup file `filename`) and backup writes (`filename`, from `backupSource`). */
export interface OperationFiles {
  restoreSource?: "running" | "saved" | "backupFile";
  backupSource?: StoreName;
  filename?: string;
}

export interface OperationTimings {
  /** How long activate takes; save, verify and restore take a fifth of it. */
  activateMs: number;
}

export class Operations {
  private latest?: OperationState;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Counts of finished operations, for tests and benchmarks. */
  readonly completed: Record<ManagementAction, number> = { save: 0, verify: 0, activate: 0, restore: 0, backup: 0 };

  constructor(private readonly store: ConfigStore, public timings: OperationTimings) {}

  status(): OperationState | undefined {
    return this.latest && structuredClone(this.latest);
  }

  /**
   * `injectFailure` (fault injection) is asked once the operation is accepted; an errorMessage
   * from it makes the operation end in "fail" with that message, changing nothing.
   */
  start(action: ManagementAction, files: OperationFiles = {}, injectFailure?: () => string | undefined): void {
    if (this.latest?.status === "inProgress") {
      throw new HttpError(409, `${this.latest.operation} is still in progress; wait for it to finish`);
    }
    const injected = injectFailure?.();
    const state: OperationState = { operation: action, status: "inProgress", details: [] };
    this.latest = state;
    const duration = action === "activate" ? this.timings.activateMs : Math.round(this.timings.activateMs / 5);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      Object.assign(state, injected !== undefined ? { status: "fail", errorMessage: injected } : this.finish(action, files));
      this.completed[action]++;
    }, duration);
    this.timers.add(timer);
  }

  private finish(action: ManagementAction, files: OperationFiles): Partial<OperationState> {
    const { catalog } = this.store;
    switch (action) {
      case "verify": {
        const errors = verifyConfiguration(catalog, this.store.stores.editing);
        return errors.length > 0
          ? { status: "fail", errorMessage: `verify-config found ${errors.length} error(s)`, details: errors }
          : { status: "success" };
      }
      case "save":
        this.store.copy("editing", "saved");
        return { status: "success", details: verifyConfiguration(catalog, this.store.stores.saved) };
      case "activate": {
        const errors = verifyConfiguration(catalog, this.store.stores.saved);
        if (errors.length > 0) {
          return { status: "fail", errorMessage: `activate-config refused: the saved configuration has ${errors.length} verify error(s)`, details: errors };
        }
        this.store.copy("saved", "running");
        return { status: "success" };
      }
      case "restore":
        if (files.restoreSource === "backupFile") this.store.restoreBackup(files.filename as string);
        else this.store.copy(files.restoreSource ?? "running", "editing");
        return { status: "success" };
      case "backup":
        this.store.backUp(files.backupSource ?? "running", files.filename as string);
        return { status: "success" };
    }
  }

  /** Cancels operations still running (server shutdown). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
