/**
 * Provider errors as the user reads them: once, as one sentence. The dynamic-provider host
 * (@pulumi/pulumi cmd/dynamic-provider) answers a failed check, diff, read or delete after writing
 * `${e}: ${e.stack}` to its stderr, which the CLI shows under the stack as a second copy of the
 * error followed by its JavaScript stack trace; the engine shows the error's message on the
 * resource anyway. An error the provider raises on purpose (a plain Error, or one of the
 * project's branded errors) is a failure of input or of the SBC, not a bug: its stack is cut to
 * its first line, and the host's echo of it is dropped. Anything else (a TypeError from a bug)
 * keeps its stack trace and echo, for the bug report.
 */
import { BrandedError } from "../../client/errorBrand";
import { processWide } from "../core/processWide";

type Method = (...args: never[]) => Promise<unknown>;

/** The methods whose failures the host echoes (create and update answer with the message alone). */
const ECHOED = new Set(["check", "diff", "read", "delete"]);

/** The host's echoes still to drop, by text, with how many of each are due. */
function pendingEchoes(): Map<string, number> {
  return processWide("quietErrors.v1", () => {
    const pending = new Map<string, number>();
    const print = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      const due = args.length === 1 && typeof args[0] === "string" ? pending.get(args[0]) : undefined;
      if (due === undefined) return print(...args);
      if (due > 1) pending.set(args[0] as string, due - 1);
      else pending.delete(args[0] as string);
    };
    return pending;
  });
}

function deliberate(err: unknown): err is Error {
  return err instanceof BrandedError || (err instanceof Error && Object.getPrototypeOf(err) === Error.prototype);
}

/** `err` as it leaves the provider's `method`: a deliberate one without stack frames, and without the host's echo. */
function quiet(err: unknown, method: string): unknown {
  if (!deliberate(err)) return err;
  err.stack = `${err.name}: ${err.message}`;
  if (ECHOED.has(method)) {
    const echoes = pendingEchoes();
    // Bounded, should a host version stop echoing.
    if (echoes.size > 1000) echoes.clear();
    const echo = `${err}: ${err.stack}`;
    echoes.set(echo, (echoes.get(echo) ?? 0) + 1);
  }
  return err;
}

/** `provider` with every method's errors quieted. */
export function quietErrors<P extends Record<string, Method>>(provider: P): P {
  const wrapped: Record<string, Method> = {};
  for (const [name, method] of Object.entries(provider)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await method(...args);
      } catch (err) {
        throw quiet(err, name);
      }
    };
  }
  return wrapped as P;
}
