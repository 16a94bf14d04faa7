/**
 * When to poll a running save/verify/activate/restore. An SBC takes about as long for an action
 * as it did the last time, so the first poll waits for that learned duration instead of asking
 * right away and doubling: most operations then end in one poll, which matters when every request
 * crosses a WAN and a commit is counted in requests. The estimate must not creep upwards on its
 * own (a poll that finds the operation done only bounds its duration from above), so a first-poll
 * hit shrinks it a little and a miss sets it to when the operation was seen done.
 */

/** Shrink applied after the first poll already found the operation finished. */
const SHRINK = 0.9;

export class OperationPacer {
  private readonly expectedMs = new Map<string, number>();

  constructor(private readonly baseDelayMs: number, private readonly maxDelayMs = 1_000) {}

  /** Wait before the first poll of `action`. */
  firstDelay(action: string | undefined): number {
    return (action && this.expectedMs.get(action)) || this.baseDelayMs;
  }

  /** Wait after a poll that found the operation still running. */
  nextDelay(previousMs: number, polls: number): number {
    return polls === 1 ? this.baseDelayMs : Math.min(previousMs * 2, this.maxDelayMs);
  }

  /** Records that `action` was seen finished `elapsedMs` after it started, at poll number `polls`. */
  observe(action: string | undefined, elapsedMs: number, polls: number): void {
    if (!action) return;
    const expected = this.expectedMs.get(action);
    this.expectedMs.set(action, polls === 1 && expected !== undefined ? expected * SHRINK : elapsedMs);
  }
}
