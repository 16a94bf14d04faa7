/**
 * `sbc-emulator`: starts the emulated SBC REST API and prints `listening on <url>` once ready.
 * With --tls it also writes the self-signed certificate to a file so that clients can trust it.
 * --faults takes fault injection rules (a JSON array, or @file.json) and serves /__emulator/faults
 * and /__emulator/system (HA role, KPI values); --control serves them with no rules to start with.
 * --sdm starts the SDM emulator instead (one bin for both, so `npx sbc-emulator` is all there is
 * to learn): each --device NAME=URL lists an SBC (emulator) in SDM's inventory; --control then
 * serves /__emulator/sdm. --seed NAME starts the SBC from a named configuration (brownfield: a
 * realistic SBC of about 300 elements), saved and running; --seed-scale N multiplies its sites.
 * --metadata older|newer|FILE makes it an SBC of another release (emulator/metadataSets.ts).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FaultRule, FaultSpecError, loadFaultSpec } from "./faults";
import { startSdmEmulator } from "./sdm/sdmServer";
import { SdmDeviceSpec } from "./sdm/sdmState";
import { BUILTIN_SETS, metadataSet, MetadataSet } from "./metadataSets";
import { SEED_NAMES, SEED_SUMMARIES, SEEDS } from "./seeds";
import { startEmulator } from "./server";
import { DEFAULT_USERS } from "./sessions";

const DEFAULTS = { sbcPort: 18080, sdmPort: 18443, host: "127.0.0.1", tokenTtlS: 600, sessionTtlS: 1800 } as const;

const USAGE = `usage: sbc-emulator [--port N] [--host ADDR] [--tls [--ca-out FILE]] [--latency-ms N]
                    [--activate-ms N] [--token-ttl-s N] [--versions v1.0,v1.1,v1.2]
                    [--faults '<JSON array of rules>' | --faults @rules.json] [--control]
                    [--seed ${SEED_NAMES.join("|")} [--seed-scale N]]
                    [--metadata ${BUILTIN_SETS.join("|")}|FILE [--release S-CzX.Y.Z]]
       sbc-emulator --sdm --device NAME=URL|ADDRESS [--device …] [--port N] [--host ADDR]
                    [--tls [--ca-out FILE]] [--latency-ms N] [--session-ttl-s N]
                    [--versions v1.1,v1.2,v1.3] [--control]`;

/** One line per seed: its name, what it is, how many elements it starts with. */
function seedLines(): string {
  return SEED_NAMES.map((name) => `  ${name.padEnd(18)}${SEED_SUMMARIES[name]} (${SEEDS[name](1).length} elements)`).join("\n");
}

/** --help: what each option does and its default, who may log in, the seeds, and examples. */
function help(): string {
  const users = DEFAULT_USERS.map((u) => `  ${`${u.name} / ${u.password}`.padEnd(20)}${u.admin ? "administrator: may lock and change the configuration" : "read only: a token and every GET"}`).join("\n");
  return `sbc-emulator: an emulated Oracle SBC REST API (or, with --sdm, an SDM in front of SBCs) for
tests, the demo and trying pulumi-oracle-sbc without an SBC. Prints \`listening on URL\` once ready;
SIGINT or SIGTERM stops it. (npx does not pass signals on: in scripts run node bin/sbc-emulator.js.)

${USAGE}

Options (SBC):
  --port N            TCP port; 0 picks a free one (default ${DEFAULTS.sbcPort}; with --sdm ${DEFAULTS.sdmPort})
  --host ADDR         address to listen on (default ${DEFAULTS.host})
  --tls               serve https with a fresh self-signed certificate (default: plain http)
  --ca-out FILE       with --tls, write that certificate (PEM) to FILE, for sbc:caCert
  --latency-ms N      wait N ms before every answer (default 0)
  --activate-ms N     how long an activate runs; save, verify, restore take a fifth (default 0)
  --token-ttl-s N     token lifetime in seconds (default ${DEFAULTS.tokenTtlS}, as Oracle's)
  --versions LIST     REST versions served in the URI, the last one the latest (default v1.0,v1.1,v1.2)
  --faults RULES      fault injection: a JSON array of rules, or @file.json (emulator/README.md, Faults);
                      also serves /__emulator/faults and /__emulator/system
  --control           serve /__emulator/faults and /__emulator/system with no rules yet
  --seed NAME         start from a named configuration, saved and running (below; default: empty)
  --seed-scale N      with --seed, multiply the seed's sites (default 1)
  --metadata SET      be an SBC of another release: serve and verify exactly its element types and
                      attributes instead of the built-in catalog's (S-Cz8.4.0): older (S-Cz8.1.0: what the
                      catalog says later releases added is left out), newer (S-Cz9.3.0: a type, a
                      sub-element type and parameters the catalog lacks), or FILE: element-type metadata
                      saved from an SBC, the <data> of each elementTypes/metadata answer inside one root
                      element; a seed keeps what that release has of it
  --release R         the release FILE is from (else its root's release attribute); reported in
                      system/information
  -h, --help          show this

Options (SDM):
  --sdm               be Session Delivery Manager instead, holding device locks for SBCs (user admin / admin)
  --device NAME=URL   an SBC (emulator) in SDM's inventory, or NAME=ADDRESS; repeat for several
  --session-ttl-s N   SDM session lifetime in seconds (default ${DEFAULTS.sessionTtlS})
  --port, --host, --tls, --ca-out, --latency-ms, --control as above; --versions default v1.1,v1.2,v1.3

Users of the SBC (user / password):
${users}

Seeds:
${seedLines()}

Examples:
  sbc-emulator                                   http://${DEFAULTS.host}:${DEFAULTS.sbcPort}, a fresh SBC (system-config only)
  sbc-emulator --seed brownfield --port 0        an SBC in service for years, on a free port
  sbc-emulator --tls --ca-out sbc.pem            https; then: pulumi config set sbc:caCert -- "$(cat sbc.pem)"
  sbc-emulator --activate-ms 500 --latency-ms 5  slower, like a real box
  sbc-emulator --sdm --device sbc1=http://127.0.0.1:${DEFAULTS.sbcPort}

A Pulumi stack talks to it with (README.md, "Try it against the emulator"):
  pulumi config set sbc:host http://${DEFAULTS.host}:${DEFAULTS.sbcPort}
  pulumi config set sbc:username admin
  pulumi config set --secret sbc:password admin
The configuration lives in memory: it is gone when the emulator stops.`;
}

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
        metadata: { type: "string" },
        release: { type: "string" },
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
    console.log(help());
    return;
  }
  const versions = values.versions?.split(",").map((v) => v.trim()).filter(Boolean);
  if (versions && !versions.every((v) => /^v\d+\.\d+$/.test(v))) {
    console.error(`sbc-emulator: --versions takes a list like v1.0,v1.1,v1.2, got "${values.versions}"`);
    process.exit(2);
  }
  const common = {
    host: values.host ?? DEFAULTS.host,
    tls: values.tls ?? false,
    latencyMs: number("latency-ms", values["latency-ms"], 0),
    versions,
    control: values.control ?? false,
  };
  if (values.sdm) {
    for (const sbcOnly of ["faults", "activate-ms", "token-ttl-s", "seed", "seed-scale", "metadata", "release"] as const) {
      if (values[sbcOnly] !== undefined) usageError(`--${sbcOnly} is an SBC emulator option; it does not apply with --sdm`);
    }
    if (!values.device?.length) usageError("--sdm needs at least one --device NAME=URL (e.g. --device sbc1=https://127.0.0.1:8443)");
    const handle = await startSdmEmulator({
      ...common,
      port: number("port", values.port, DEFAULTS.sdmPort),
      sessionTtlSeconds: number("session-ttl-s", values["session-ttl-s"], DEFAULTS.sessionTtlS),
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
  if (values.release !== undefined && values.metadata === undefined) usageError("--release applies only with --metadata FILE");
  let release: MetadataSet | undefined;
  if (values.metadata !== undefined) {
    try {
      release = metadataSet(values.metadata, values.release);
    } catch (err) {
      usageError(`--metadata: ${(err as Error).message}`);
    }
  }
  const handle = await startEmulator({
    ...common,
    ...(release && { catalog: release.catalog, release: release.release }),
    port: number("port", values.port, DEFAULTS.sbcPort),
    activateMs: number("activate-ms", values["activate-ms"], 0),
    tokenTtlSeconds: number("token-ttl-s", values["token-ttl-s"], DEFAULTS.tokenTtlS),
    faults,
    seed: values.seed,
    seedScale,
  });
  if (release) console.log(`release ${release.release}: ${release.catalog.types().length} element types`);
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
