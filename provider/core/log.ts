/**
 * Where the core reports what a user should see while it works (lock waits, TLS warnings, elements
 * released rather than deleted). The core knows no engine: each front end points this at its
 * engine's log when it starts; until one does, messages go to stderr.
 */
import { processWide } from "./processWide";

export interface CoreLog {
  info(message: string): void;
  warn(message: string): void;
}

const stderrLog: CoreLog = {
  info: (message) => void process.stderr.write(`${message}\n`),
  warn: (message) => void process.stderr.write(`warning: ${message}\n`),
};

// Process-wide: a coordinator made by one copy of the package logs through the front end another copy set up.
const current = processWide("coreLog", () => ({ log: stderrLog }));

export function setCoreLog(log: CoreLog): void {
  current.log = log;
}

export function coreLog(): CoreLog {
  return current.log;
}
