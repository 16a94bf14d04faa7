/**
 * Secrets out of what the provider says: the SBC and the validators echo values they were given,
 * and a value may hold a secret attribute or the connection password. What the engine shows (and
 * logs) is an error's message or Check's failure reasons, so those are redacted on the way out,
 * every message along an error's chain included.
 *
 * The rule (client/errors.ts scrubSecrets): every occurrence of a secret of 3 characters or more
 * becomes `[redacted]`, inside a word too. A secret must never leak, and no narrower rule keeps
 * that promise: whole-token matching would miss a password glued to other text, and would not
 * even spare the case that looks wrong — a password `admin` for a user `admin` turns
 * `REST-admin@10.0.0.1` into `REST-[redacted]@10.0.0.1`, where `admin` is a whole token between
 * `-` and `@`. Sparing values equal to the user name would print the password wherever the name
 * is printed. So the cost is accepted: a password that is also a word of the output (its own user
 * name, a realm's name) blanks that word. The Pulumi CLI does the same to every secret config
 * value in everything it prints, as `[secret]` (`last-modified-by: "REST-[secret]@127.0.0.1"`
 * with the emulator's admin/admin); that is the CLI's masking, not this module's, and the remedy
 * for both is a password that is not a word of the configuration. Secrets under 3 characters are
 * not searched for: they would blank letters all over every message and protect nothing.
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
