/**
 * `sbc-emulator`: starts the emulated SBC REST API and prints `listening on <url>` once ready.
 * With --tls it also writes the self-signed certificate to a file so that clients can trust it.
 * --faults takes fault injection rules (a JSON array, or @file.json) and serves /__emulator/faults
 * and /__emulator/system (HA role, KPI values); --control serves them with no rules to start with.
 * --sdm starts the SDM emulator instead (one bin for both, so `npx sbc-emulator` is all there is
 * to learn): each --device NAME=URL lists an SBC (emulator) in SDM's inventory; --control then
 * serves /__emulator/sdm. --seed NAME starts the SBC from a named configuration (brownfield: a
 * realistic SBC of about 300 elements), saved and running; --seed-scale N multiplies its sites.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FaultRule, FaultSpecError, loadFaultSpec } from "./faults";
import { startSdmEmulator } from "./sdm/sdmServer";
import { SdmDeviceSpec } from "./sdm/sdmState";
import { SEED_NAMES } from "./seeds";
import { startEmulator } from "./server";

const USAGE = `usage: sbc-emulator [--port N] [--host ADDR] [--tls [--ca-out FILE]] [--latency-ms N]
                    [--activate-ms N] [--token-ttl-s N] [--versions v1.0,v1.1,v1.2]
                    [--faults '<JSON array of rules>' | --faults @rules.json] [--control]
                    [--seed ${SEED_NAMES.join("|")} [--seed-scale N]]
       sbc-emulator --sdm --device NAME=URL|ADDRESS [--device …] [--port N] [--host ADDR]
                    [--tls [--ca-out FILE]] [--latency-ms N] [--session-ttl-s N]
                    [--versions v1.1,v1.2,v1.3] [--control]`;

function usageError(message: string): never {
  console.error(`sbc-emulator: ${message}\n${USAGE}`);
  process.exit(2);
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) usageError(`--${name} must be a whole number >= 0, got "${value}"`);
  return n;
}

/** `NAME=URL` (an SBC or SBC emulator; SDM lists its host:port) or `NAME=ADDRESS`; ids are ID1, ID2, … in order. */
function deviceSpec(spec: string): SdmDeviceSpec {
  const match = /^([^=\s]+)=(\S+)$/.exec(spec);
  if (!match) usageError(`--device takes NAME=URL or NAME=ADDRESS (e.g. sbc1=https://127.0.0.1:8443), got "${spec}"`);
  const [, name, target] = match;
  if (!target.includes("://")) return { name, address: target };
  try {
    return { name, sbcUrl: new URL(target).origin };
  } catch {
    return usageError(`--device ${name}: "${target}" is not a valid URL`);
  }
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
        seed: { type: "string" },
        "seed-scale": { type: "string" },
        sdm: { type: "boolean" },
        device: { type: "string", multiple: true },
        "session-ttl-s": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (err) {
    usageError((err as Error).message);
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
  const common = {
    host: values.host ?? "127.0.0.1",
    tls: values.tls ?? false,
    latencyMs: number("latency-ms", values["latency-ms"], 0),
    versions,
    control: values.control ?? false,
  };
  if (values.sdm) {
    for (const sbcOnly of ["faults", "activate-ms", "token-ttl-s", "seed", "seed-scale"] as const) {
      if (values[sbcOnly] !== undefined) usageError(`--${sbcOnly} is an SBC emulator option; it does not apply with --sdm`);
    }
    if (!values.device?.length) usageError("--sdm needs at least one --device NAME=URL (e.g. --device sbc1=https://127.0.0.1:8443)");
    const handle = await startSdmEmulator({
      ...common,
      port: number("port", values.port, 18443),
      sessionTtlSeconds: number("session-ttl-s", values["session-ttl-s"], 1800),
      devices: values.device.map(deviceSpec),
    });
    for (const device of handle.sdm.devices) {
      console.log(`device ${device.id} ${device.name} at ${device.address}${device.sbcUrl ? ` (${device.sbcUrl})` : ""}`);
    }
    serve(handle, values["ca-out"]);
    return;
  }
  for (const sdmOnly of ["device", "session-ttl-s"] as const) {
    if (values[sdmOnly] !== undefined) usageError(`--${sdmOnly} applies only with --sdm`);
  }
  if (values.seed !== undefined && !SEED_NAMES.includes(values.seed)) {
    usageError(`--seed: unknown seed "${values.seed}"; known seeds: ${SEED_NAMES.join(", ")}`);
  }
  if (values["seed-scale"] !== undefined && values.seed === undefined) usageError("--seed-scale applies only with --seed");
  const seedScale = number("seed-scale", values["seed-scale"], 1);
  if (seedScale < 1) usageError(`--seed-scale must be a whole number >= 1, got "${values["seed-scale"]}"`);
  let faults: FaultRule[] | undefined;
  if (values.faults !== undefined) {
    try {
      faults = loadFaultSpec(values.faults);
    } catch (err) {
      if (!(err instanceof FaultSpecError)) throw err;
      usageError(`--faults: ${err.message}`);
    }
  }
  const handle = await startEmulator({
    ...common,
    port: number("port", values.port, 18080),
    activateMs: number("activate-ms", values["activate-ms"], 0),
    tokenTtlSeconds: number("token-ttl-s", values["token-ttl-s"], 600),
    faults,
    seed: values.seed,
    seedScale,
  });
  if (values.seed !== undefined) {
    console.log(`seeded ${values.seed}: ${[...handle.sbc.store.stores.running.values()].flat().length} elements running`);
  }
  serve(handle, values["ca-out"]);
}

/** Writes the certificate if asked, says where it listens, and closes cleanly on SIGINT/SIGTERM. */
function serve(handle: { url: string; caCert?: string; close(): Promise<void> }, caOut: string | undefined): void {
  if (handle.caCert && caOut) writeFileSync(caOut, handle.caCert);
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
