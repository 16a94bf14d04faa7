/**
 * Commit confirmed: the SBC has no confirm-or-revert of its own, so the lock session does it from
 * outside. Before activate the running configuration goes to a backup file named for the run and
 * the health checks' baselines are read; after activate the SBC is watched for a window; a failed
 * check, or an SBC that stops answering and comes back, restores the backup, saves and activates
 * it, all under the session's lock. An SBC that never comes back cannot be restored from here:
 * the error names the backup file and the requests that restore it by hand.
 */
import { SbcClient } from "../../../client/client";
import { failureReason } from "../../../client/errors";
import { Baseline, checkHealth, healthCheckProblems, readBaseline } from "../connection/healthChecks";
import type { ConfirmSettings } from "../connection/connection";
import { SessionLog, StepError } from "./sessionSteps";

/** Runs one mutating request so that a lost lock is taken again (LockSession's underLock). */
type UnderLock = <T>(action: () => Promise<T>) => Promise<T>;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A file name in /code/bkups that says which run made it and when (UTC). */
function backupFileName(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `pulumi-confirm-${stamp}-${process.pid}`;
}

export class CommitConfirm {
  private armed?: { file: string; baseline: Baseline };

  /** Throws when the checks cannot run, so that nothing is locked or changed for a change that could not be confirmed. */
  constructor(
    private readonly client: SbcClient,
    private readonly settings: ConfirmSettings,
    private readonly log: SessionLog,
  ) {
    const problems = healthCheckProblems(settings.checks);
    if (problems.length > 0) throw new StepError("backup", `the confirm health checks cannot run: ${problems.join("; ")}`);
  }

  /** Before activate, under the lock: the baselines (a KPI the SBC does not report fails here) and the backup of running. */
  async prepare(): Promise<void> {
    const baseline = await readBaseline(this.client, this.settings.checks);
    const file = backupFileName();
    await this.client.backup(file, "running");
    this.armed = { file, baseline };
    this.log.info(`${this.client.origin}: running configuration backed up to ${file} before activate`);
  }

  /** After activate: undefined when the change stands, else the error that fails the session (after the rollback, if it could be made). */
  async watch(underLock: UnderLock): Promise<StepError | undefined> {
    const { file, baseline } = this.armed!;
    this.armed = undefined;
    const windowEnd = Date.now() + this.settings.windowSeconds * 1000;
    const returnDeadline = windowEnd + this.settings.returnSeconds * 1000;
    let silence: string | undefined;
    for (;;) {
      const verdict = await checkHealth(this.client, this.settings.checks, baseline);
      if (verdict.ok && !silence && Date.now() >= windowEnd) {
        await this.confirmed(underLock, file);
        return undefined;
      }
      if (!verdict.ok && verdict.unreachable) {
        silence ??= verdict.reason;
        if (Date.now() >= returnDeadline) return this.lost(file, silence);
      } else if (silence) {
        return this.rollBack(underLock, file, `the SBC stopped answering after activate (${silence}) and answered again`);
      } else if (!verdict.ok) {
        return this.rollBack(underLock, file, verdict.reason);
      }
      await sleep(this.settings.intervalMs ?? Math.min(5_000, this.settings.windowSeconds * 200));
    }
  }

  /** The change stands; its backup goes unless kept. A removal that fails leaves a file behind, not a failed change. */
  private async confirmed(underLock: UnderLock, file: string): Promise<void> {
    const passed = `${this.client.origin}: the change passed its health checks for ${this.settings.windowSeconds} s`;
    if (this.settings.keepBackup) return this.log.info(`${passed}; the backup ${file} is kept on the SBC`);
    try {
      await underLock(() => this.client.deleteBackup(file));
      this.log.info(`${passed}; its backup ${file} was removed`);
    } catch (err) {
      this.log.warn(`${passed}, but removing its backup ${file} failed (${failureReason(err)}); delete it by hand (ACLI delete-backup-config ${file})`);
    }
  }

  private async rollBack(underLock: UnderLock, file: string, reason: string): Promise<StepError> {
    this.log.warn(`${this.client.origin}: a confirm health check failed (${reason}); restoring the backup ${file}`);
    try {
      await underLock(() => this.client.restoreBackup(file));
      await underLock(() => this.client.save());
      await underLock(() => this.client.activate());
    } catch (err) {
      return new StepError(
        "confirm",
        `the change failed its confirm health check (${reason}) and restoring the backup ${file} failed too (${failureReason(err)}). ` +
          `The SBC may run the failed change. ${this.byHand(file)}`,
        err,
      );
    }
    return new StepError(
      "confirm",
      `the change failed its confirm health check: ${reason}. The backup ${file} taken before activate was restored, saved and activated, ` +
        "so the SBC runs its previous configuration and the stack keeps the previous values",
    );
  }

  private lost(file: string, reason: string): StepError {
    return new StepError(
      "confirm",
      `the SBC stopped answering after activate (${reason}) and did not answer again within ${this.settings.returnSeconds} s after the ` +
        `${this.settings.windowSeconds} s confirm window, so the change could not be rolled back from here. ${this.byHand(file)}`,
    );
  }

  /** The requests that put the backup back, for a user at the SBC. */
  private byHand(file: string): string {
    const management = `${this.client.origin}/rest/${this.client.apiVersion}/configuration/management`;
    return (
      `To go back by hand once it answers, holding the configuration lock, run PUT ${management}?action=restore&restoreSource=backupFile&filename=${file}, ` +
      `then PUT ${management}?action=save and POST ${management}?action=activate (ACLI: restore-backup-config ${file}, save-config, activate-config).`
    );
  }
}
