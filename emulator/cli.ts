/**
 * `sbc-emulator`: starts the emulated SBC REST API and prints `listening on <url>` once ready.
 * With --tls it also writes the self-signed certificate to a file so that clients can trust it.
 * --faults takes fault injection rules (a JSON array, or @file.json) and serves /__emulator/faults;
 * --control serves that endpoint with no rules to start with.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FaultRule, FaultSpecError, loadFaultSpec } from "./faults";
import { startEmulator } from "./server";

const USAGE = `usage: sbc-emulator [--port N] [--host ADDR] [--tls [--ca-out FILE]] [--latency-ms N]
                    [--activate-ms N] [--token-ttl-s N] [--versions v1.0,v1.1,v1.2]
                    [--faults '<JSON array of rules>' | --faults @rules.json] [--control]`;

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`sbc-emulator: --${name} must be a whole number >= 0, got "${value}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        tls: { type: "boolean" },
        "ca-out": { type: "string" },
        "latency-ms": { type: "string" },
        "activate-ms": { type: "string" },
        "token-ttl-s": { type: "string" },
        versions: { type: "string" },
        faults: { type: "string" },
        control: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (err) {
    console.error(`sbc-emulator: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const versions = values.versions?.split(",").map((v) => v.trim()).filter(Boolean);
  if (versions && !versions.every((v) => /^v\d+\.\d+$/.test(v))) {
    console.error(`sbc-emulator: --versions takes a list like v1.0,v1.1,v1.2, got "${values.versions}"`);
    process.exit(2);
  }
  let faults: FaultRule[] | undefined;
  if (values.faults !== undefined) {
    try {
      faults = loadFaultSpec(values.faults);
    } catch (err) {
      if (!(err instanceof FaultSpecError)) throw err;
      console.error(`sbc-emulator: --faults: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
  }
  const handle = await startEmulator({
    port: number("port", values.port, 18080),
    host: values.host ?? "127.0.0.1",
    tls: values.tls ?? false,
    latencyMs: number("latency-ms", values["latency-ms"], 0),
    activateMs: number("activate-ms", values["activate-ms"], 0),
    tokenTtlSeconds: number("token-ttl-s", values["token-ttl-s"], 600),
    versions,
    faults,
    control: values.control ?? false,
  });
  if (handle.caCert && values["ca-out"]) writeFileSync(values["ca-out"], handle.caCert);
  console.log(`listening on ${handle.url}`);
  const stop = (): void => {
    void handle.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(`sbc-emulator: ${(err as Error).message}`);
  process.exit(1);
});
