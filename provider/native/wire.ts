/**
 * Property values as the engine sends and expects them over gRPC (google.protobuf.Struct, read
 * and written as plain JavaScript): secrets as `{"4dabf1…": "1b4706…", value}` objects (the plugin
 * accepts secrets, so they arrive wrapped) and unknowns as a sentinel string (UNKNOWN, shared
 * with the dynamic path). Secrecy is kept per top-level property, as the engine shows it.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type PropertyMap = Record<string, unknown>;

function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

function secret(value: unknown): unknown {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** `value` with every secret wrapper removed, and whether there was one. */
export function reveal(value: unknown): { value: unknown; secret: boolean } {
  if (isSecret(value)) return { value: reveal(value.value).value, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(reveal);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, reveal(v)] as const);
    return { value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])), secret: entries.some(([, v]) => v.secret) };
  }
  return { value, secret: false };
}

/** A property map in the clear, and the names of the top-level properties that held a secret. */
export function revealProperties(props: PropertyMap): { plain: PropertyMap; secrets: Set<string> } {
  const plain: PropertyMap = {};
  const secrets = new Set<string>();
  for (const [name, raw] of Object.entries(props)) {
    const { value, secret: wasSecret } = reveal(raw);
    plain[name] = value;
    if (wasSecret) secrets.add(name);
  }
  return { plain, secrets };
}

/** `props` with the properties named in `secrets` wrapped as secrets, and undefined ones left out. */
export function concealProperties(props: PropertyMap, secrets: ReadonlySet<string>): PropertyMap {
  const out: PropertyMap = {};
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    out[name] = secrets.has(name) ? secret(value) : value;
  }
  return out;
}

export function fromStruct(struct: Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

/** A Struct of `props`; undefined values (which a Struct cannot carry) are dropped at every depth. */
export function toStruct(props: PropertyMap): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Record<string, never>);
}
