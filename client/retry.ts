/**
 * Bounded retries with exponential backoff and full jitter, for requests that are safe to repeat.
 * What counts as transient is the caller's call; this only schedules attempts within a deadline.
 */

export interface RetryPolicy {
  /** No new attempt starts after this many ms from the first. */
  deadlineMs: number;
  /** Upper bound of the first delay; doubles per attempt. */
  baseDelayMs: number;
  /** Cap on one delay. */
  maxDelayMs: number;
  /** No more attempts than this, however much of the deadline is left (unlimited). */
  maxAttempts?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMs: 60_000, baseDelayMs: 250, maxDelayMs: 5_000 };

/**
 * A server that refuses connections, or closes them before TLS is up, is down or misaddressed
 * (wrong port, plain HTTP): a few quick tries ride out a restart's last second, and minutes of
 * them would only hide the mistake.
 */
export const UNREACHABLE_RETRY_POLICY: RetryPolicy = { deadlineMs: 2_000, baseDelayMs: 200, maxDelayMs: 400, maxAttempts: 3 };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How a retried request ended: what makes the last failure's message say how long it tried. */
export interface GiveUp {
  tries: number;
  elapsedMs: number;
}

/**
 * Runs `attempt` until it succeeds, `retryable` says no, or the deadline passes; then the last
 * retryable error is handed to `giveUp` (to say how many tries over how long), any other is thrown. A retryable
 * failure always gets one more attempt, however long the first took (a timed-out first attempt may
 * use up most of the deadline), so a request that never gets an answer fails after two timeouts.
 * `attempt` gets its number, from 0.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  retryable: (err: unknown) => boolean,
  giveUp: (err: unknown, how: GiveUp) => unknown = (err) => err,
  random: () => number = Math.random,
): Promise<T> {
  const startedAt = Date.now();
  const deadline = startedAt + policy.deadlineMs;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const delay = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
      if (!retryable(err)) throw err;
      if (n + 1 >= (policy.maxAttempts ?? Infinity) || (n > 0 && Date.now() + delay > deadline)) {
        throw giveUp(err, { tries: n + 1, elapsedMs: Date.now() - startedAt });
      }
      await sleep(delay);
    }
  }
}
