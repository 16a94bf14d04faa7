/** The dynamic-provider processes the CLI starts, found in /proc: the e2e suite and the bench watch them. */
import * as fs from "node:fs";

/** Pids of the dynamic-provider processes alive now. */
export function providerProcesses(): string[] {
  return fs.readdirSync("/proc").filter((pid) => {
    try {
      return /^\d+$/.test(pid) && fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider");
    } catch {
      // Not a process, or it ended between listing and reading.
      return false;
    }
  });
}

/** A process's peak resident memory (VmHWM) in kB; 0 once it has ended. */
export function peakMemoryKb(pid: string): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
