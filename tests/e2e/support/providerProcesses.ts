/**
 * The dynamic-provider processes the CLI starts, found in /proc: the e2e suite and the bench watch
 * them. Only those below a given process count: e2e files run two at a time, and a test that
 * kills "every provider started since" would kill the other file's providers too.
 */
import * as fs from "node:fs";

/** Every process's parent, read from /proc/<pid>/stat (its fourth field, after the command in parentheses). */
function parents(): Map<string, string> {
  const parentOf = new Map<string, string>();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      parentOf.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      // It ended between listing and reading.
    }
  }
  return parentOf;
}

/** Whether `pid` is a dynamic-provider process alive now. */
export function isProviderProcess(pid: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider");
  } catch {
    // It ended.
    return false;
  }
}

/** Pids of the dynamic-provider processes alive now that descend from `ancestor`. */
export function providerProcesses(ancestor: number): string[] {
  const parentOf = parents();
  const below = (pid: string): boolean => {
    for (let p = parentOf.get(pid); p !== undefined && p !== "0"; p = parentOf.get(p)) if (p === String(ancestor)) return true;
    return false;
  };
  return [...parentOf.keys()].filter((pid) => below(pid) && isProviderProcess(pid));
}

/** A process's peak resident memory (VmHWM) in kB; 0 once it has ended. */
export function peakMemoryKb(pid: string): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
