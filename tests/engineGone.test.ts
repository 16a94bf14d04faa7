/**
 * A provider process whose CLI was killed: its pipes are gone, every write fails with EPIPE, and
 * @pulumi/pulumi's dynamic-provider host prints each uncaught error to the same dead stderr. The
 * child here stands in for that host (same handler) and keeps logging, as a provider does.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

const ENGINE_GONE = path.join(__dirname, "..", "dist", "provider", "core", "session", "engineGone.js");

function child(handled: boolean): Promise<ChildProcess> {
  const script = `
    const errors = new Set();
    process.on("uncaughtException", (e) => { errors.add(e); console.error(e.stack); });
    ${handled ? `require(${JSON.stringify(ENGINE_GONE)}).exitWhenEngineGone({ idle: () => true });` : ""}
    process.stdout.write("ready\\n");
    setInterval(() => console.error("progress"), 20);`;
  const proc = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve) => proc.stdout!.once("data", () => resolve(proc)));
}

function exited(proc: ChildProcess, ms: number): Promise<number | null | "running"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("running"), ms);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

test("once the CLI's pipes are gone, the provider process exits instead of spinning on EPIPE", async () => {
  const unhandled = await child(false);
  const handled = await child(true);
  for (const proc of [unhandled, handled]) {
    proc.stdout!.destroy();
    proc.stderr!.destroy();
  }
  const [handledExit, unhandledExit] = await Promise.all([exited(handled, 5000), exited(unhandled, 2000)]);
  unhandled.kill("SIGKILL");
  expect(unhandledExit).toBe("running");
  expect(handledExit).toBe(1);
});

test("an idle provider process whose engine stops listening exits once its sessions are done", async () => {
  const engine = net.createServer();
  await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", () => resolve()));
  const { port } = engine.address() as net.AddressInfo;
  const script = `
    let busy = true;
    process.on("message", () => { busy = false; });
    require(${JSON.stringify(ENGINE_GONE)}).exitWhenEngineGone({ idle: () => !busy, argv: [process.argv[0], "/x/cmd/dynamic-provider/index.js", "127.0.0.1:${port}"] });
    setInterval(() => undefined, 1000);`;
  const proc = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "ignore", "ignore", "ipc"] });
  expect(await exited(proc, 3000)).toBe("running");
  await new Promise<void>((resolve) => engine.close(() => resolve()));
  // The engine is gone but a session is still in flight: the process waits for it.
  expect(await exited(proc, 3000)).toBe("running");
  proc.send("done");
  expect(await exited(proc, 3000)).toBe(1);
});
