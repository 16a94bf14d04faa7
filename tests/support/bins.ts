/**
 * The package's command-line tools as users run them: bin/NAME.js over dist/ (which `npm test`
 * and `npm run e2e` build first), spawned without blocking so that in-process emulators can
 * answer, with only the SBC_* variables a test gives.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `base`: the environment to start from (default this process's), SBC_* variables removed. */
export function runBin(name: "sbc-export" | "sbc-drift", args: string[], env: Record<string, string> = {}, cwd?: string, base: NodeJS.ProcessEnv = process.env): Promise<BinRun> {
  const clean = Object.fromEntries(Object.entries(base).filter(([k]) => !k.startsWith("SBC_")));
  const child = spawn(process.execPath, [path.join(__dirname, "..", "..", "bin", `${name}.js`), ...args], { env: { ...clean, ...env }, cwd });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** `sbc-emulator` with `args` (a port of 0 picks one), once it prints where it listens; `stop()` ends it. */
export async function startEmulatorBin(args: string[]): Promise<{ url: string; stdout: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(__dirname, "..", "..", "bin", "sbc-emulator.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  };
  let stdout = "";
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within 20 s: ${stdout}`)), 20_000);
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${stdout}`)));
    });
    return { url, stdout, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
