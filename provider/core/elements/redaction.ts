/**
 * Secrets out of what the provider says: the SBC and the validators echo values they were given,
 * and a value may hold a secret attribute or the connection password. What the engine shows (and
 * logs) is an error's message or Check's failure reasons, so those are redacted on the way out,
 * every message along an error's chain included.
 */
import { scrubSecrets } from "../../../client/errors";

type Method = (...args: never[]) => Promise<unknown>;

function redact(err: unknown, secrets: readonly string[]): unknown {
  const seen = new Set<unknown>();
  for (let e = err; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    e.message = scrubSecrets(e.message, secrets);
    if (e.stack) e.stack = scrubSecrets(e.stack, secrets);
  }
  return err;
}

function redactFailures(result: unknown, secrets: readonly string[]): unknown {
  const failures = (result as { failures?: { reason: string }[] } | undefined)?.failures;
  for (const failure of failures ?? []) failure.reason = scrubSecrets(failure.reason, secrets);
  return result;
}

/** `provider` with each method's errors and check failures redacted of the secrets `secretsOf` finds in its arguments. */
export function redactingErrors<P extends Record<string, Method>>(provider: P, secretsOf: (args: unknown[]) => string[]): P {
  const wrapped: Record<string, Method> = {};
  for (const [name, method] of Object.entries(provider)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return redactFailures(await method(...args), secretsOf(args));
      } catch (err) {
        throw redact(err, secretsOf(args));
      }
    };
  }
  return wrapped as P;
}
