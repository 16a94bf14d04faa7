/**
 * The provider process outliving the CLI that started it. When `pulumi` is killed outright
 * (kill -9, a CI runner's timeout), its provider processes stay. Two things then go wrong without
 * this module: an idle provider waits for requests forever, and a provider that logs finds every
 * write to the dead CLI's pipes failing with EPIPE — an uncaught exception that
 * @pulumi/pulumi's dynamic-provider host prints to the same dead stderr, in a loop that spins a
 * core and keeps every error in a set (seen here: 3.7 GB after ten minutes).
 *
 * So the process notices the engine is gone — a write fails with EPIPE, or the engine's gRPC
 * address (its command-line argument) refuses connections — stops writing, lets the lock
 * sessions in flight finish (the commit completes and the SBC's lock is released), then exits.
 */
import * as net from "node:net";
import { registry } from "./coordinator";
import { processWide } from "../processWide";

const POLL_MS = 250;
const PROBE_MS = 2000;
/** Longest wait for a session in flight: a lock wait plus a commit fit well inside it. */
const GRACE_MS = 15 * 60 * 1000;

function sessionsIdle(): boolean {
  return [...registry().coordinators.values()].every((c) => c.session.idle);
}

/** The engine's address as given, or as the dynamic-provider host was started with (`index.js 127.0.0.1:PORT`). */
function engineAddress(argv: string[], given: string | undefined): { host: string; port: number } | undefined {
  if (given === undefined && !argv[1]?.includes("dynamic-provider")) return undefined;
  const m = /^([\d.]+|localhost|\[[\da-f:]+\]):(\d+)$/i.exec(given ?? argv[2] ?? "");
  const port = Number(m?.[2]);
  return m && port > 0 ? { host: m[1].replace(/^\[|\]$/g, ""), port } : undefined;
}

export interface EngineGoneOptions {
  idle?: () => boolean;
  graceMs?: number;
  argv?: string[];
  /** The engine's gRPC address, for a process that is not the dynamic-provider host (the native plugin). */
  address?: string;
}

/** Installs the watch once per process (every copy of the package shares it). */
export function exitWhenEngineGone({ idle = sessionsIdle, graceMs = GRACE_MS, argv = process.argv, address }: EngineGoneOptions = {}): void {
  const watch = processWide("engineGone.v1", () => ({ installed: false }));
  if (watch.installed) return;
  watch.installed = true;
  let leaving = false;
  const leave = () => {
    if (leaving) return;
    leaving = true;
    // Nothing can be reported any more: silence the console so nothing else is attempted.
    for (const method of ["log", "info", "warn", "error", "debug"] as const) console[method] = () => undefined;
    const deadline = Date.now() + graceMs;
    const timer = setInterval(() => {
      if (idle() || Date.now() > deadline) {
        clearInterval(timer);
        process.exit(1);
      }
    }, POLL_MS);
  };
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") leave();
  };
  process.stdout.on("error", onError);
  process.stderr.on("error", onError);
  const engine = engineAddress(argv, address);
  if (engine) {
    const probe = setInterval(() => {
      const socket = net.connect(engine);
      socket.once("connect", () => socket.destroy());
      socket.once("error", (err: NodeJS.ErrnoException) => {
        if (err.code !== "ECONNREFUSED") return;
        clearInterval(probe);
        leave();
      });
    }, PROBE_MS);
    probe.unref();
  }
}
