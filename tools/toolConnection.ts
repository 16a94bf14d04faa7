/**
 * How the package's command-line tools (sbc-export, sbc-drift) connect to an SBC: the same
 * flags, then the provider's SBC_* variables, resolved by the provider's own rules so a tool
 * connects wherever a stack would. A bad flag or setting is a UsageError (exit 2).
 */
import * as fs from "node:fs";
import { ConnectionConfigError, ConnectionSettings, ResolvedConnection, resolveConnection, settingsFromEnv } from "../provider/core/connection/connection";

/** A mistake in how the tool was called: printed with its usage, exit status 2. */
export class UsageError extends Error {}

/** parseArgs options for the connection flags. */
export const CONNECTION_OPTIONS = {
  host: { type: "string" },
  username: { type: "string" },
  password: { type: "string" },
  "ca-cert": { type: "string" },
  insecure: { type: "boolean" },
  "api-version": { type: "string" },
} as const;

/** The usage lines of the connection flags, with the variable each falls back to. */
export const CONNECTION_USAGE = `  --host HOST         host, host:port or https://host:port of the SBC's REST API   (SBC_HOST)
  --username USER     an SBC user                                                   (SBC_USERNAME)
  --password PASS     its password; prefer SBC_PASSWORD, which ps does not show     (SBC_PASSWORD)
  --ca-cert FILE      PEM file the SBC's certificate must chain to                  (SBC_CA_CERT: the PEM)
  --insecure          skip certificate verification; prefer --ca-cert              (SBC_INSECURE)
  --api-version V     REST version in the URI, default v1.1                         (SBC_API_VERSION)`;

/** --ca-cert takes a file (or the PEM itself, as SBC_CA_CERT does). */
function caCertOf(value: string | undefined): string | undefined {
  if (value === undefined || value.includes("-----BEGIN")) return value;
  try {
    return fs.readFileSync(value, "utf8");
  } catch (err) {
    throw new UsageError(`--ca-cert ${value}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give a PEM file`);
  }
}

/** The connection settings the flags give. */
export function connectionFlags(values: { [K in keyof typeof CONNECTION_OPTIONS]?: K extends "insecure" ? boolean : string }): ConnectionSettings {
  return {
    host: values.host,
    username: values.username,
    password: values.password,
    caCert: caCertOf(values["ca-cert"]),
    insecure: values.insecure,
    apiVersion: values["api-version"],
  };
}

/** The provider's resolution, whose messages name its own places to set things; the flags come first. */
export function connectionOf(tool: string, flags: ConnectionSettings): ResolvedConnection {
  try {
    return resolveConnection([flags, settingsFromEnv()]);
  } catch (err) {
    if (err instanceof ConnectionConfigError) throw new UsageError(`${err.message} (for ${tool}: the flags --host, --username, --password, or the SBC_* variables)`);
    throw err;
  }
}
