/**
 * The elements stacks manage, read from their state: `pulumi stack export` of each stack (or a
 * file holding one), keeping the ConfigElement resources — those whose outputs name an
 * `elementType` — that are not pending deletion. Which SBC each is on comes from its own
 * `connection.host`, else the stack's `sbc:host` config, else the tool's --host. Secret attribute
 * values are kept apart in state, encrypted, and are not read: a drift report cannot print one.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import { Attributes, KeyValues } from "../../client/types";
import { CONFIG_KEYS } from "../../provider/core/connection/connectionSettings";
import { ElementOutputs, managedSubElementsOf, SubElementInput } from "../../provider/core/elements/elementState";

const run = promisify(execFile);

export interface ManagedElement {
  /** Where it is declared: the stack (or state file) and the resource's name. */
  stack: string;
  resource: string;
  elementType: string;
  key: KeyValues;
  /** The host the element's SBC is reached at; undefined when neither state nor stack config says. */
  host?: string;
  /**
   * The attributes the program sets, as the SBC returned them when the stack last wrote or read
   * them (state written by 0.1.0 holds every attribute); secret ones are kept apart and not here.
   * Undefined when the state holds them encrypted (a file written without --show-secrets).
   */
  attributes?: Attributes;
  /** The attributes the program sets. */
  managedAttributes: string[];
  subElements?: SubElementInput[];
  /** The program manages the sub-elements, and the state holds them encrypted (they hold a secret attribute). */
  subElementsEncrypted?: boolean;
}

interface StateResource {
  urn: string;
  custom?: boolean;
  delete?: boolean;
  outputs?: Record<string, unknown>;
}

/** A problem reading a stack's state: the report says which stack, and exits 2. */
export class StackStateError extends Error {}

/** `pulumi stack export` output, or a backend checkpoint file. */
function resourcesOf(document: unknown, source: string): StateResource[] {
  const doc = document as { deployment?: { resources?: StateResource[] }; checkpoint?: { latest?: { resources?: StateResource[] } } };
  const resources = doc?.deployment ? doc.deployment.resources : doc?.checkpoint?.latest?.resources;
  if (doc?.deployment || doc?.checkpoint) return resources ?? [];
  throw new StackStateError(`${source} is not a stack's state: expected the JSON \`pulumi stack export\` writes (with "deployment")`);
}

/** Pulumi's marker of a secret value in state: its plaintext with --show-secrets, else its ciphertext. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** A value as the program saw it; undefined when it is a secret the document holds only encrypted. */
function revealed(value: unknown): unknown {
  const envelope = value as Record<string, unknown> | undefined;
  if (!envelope || typeof envelope !== "object" || !(SECRET_SIGNATURE in envelope)) return value;
  return typeof envelope.plaintext === "string" ? JSON.parse(envelope.plaintext) : undefined;
}

/** The ConfigElement resources of one state document. */
export function managedElements(document: unknown, stack: string, stackHost: string | undefined): ManagedElement[] {
  return resourcesOf(document, stack)
    .filter((r) => r.custom !== false && !r.delete && typeof r.outputs?.elementType === "string")
    .map((r) => {
      const out = r.outputs as unknown as ElementOutputs;
      const connection = revealed(out.connection) as { host?: string } | undefined;
      const attributes = revealed(out.attributes ?? {}) as Attributes | undefined;
      const managesSubElements = managedSubElementsOf(out) !== undefined;
      const subElements = managesSubElements ? (revealed(out.subElements ?? []) as SubElementInput[] | undefined) : undefined;
      return {
        stack,
        resource: r.urn.slice(r.urn.lastIndexOf("::") + 2),
        elementType: out.elementType as string,
        key: (revealed(out.key) as KeyValues) ?? {},
        host: connection?.host ?? stackHost,
        attributes,
        // Outputs hold only the attributes the program sets, but for state written by 0.1.0.
        managedAttributes: out.managedAttributes ?? Object.keys(attributes ?? {}),
        subElements,
        ...(managesSubElements && subElements === undefined && { subElementsEncrypted: true }),
      };
    });
}

export function readStateFile(file: string): ManagedElement[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new StackStateError(`--state ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new StackStateError(`--state ${file}: not JSON (${(err as Error).message}); write it with \`pulumi stack export --file ${file}\``);
  }
  return managedElements(document, file, undefined);
}

export interface StackSource {
  stack: string;
  /** pulumi's --cwd (the project directory) and --config-file, when given. */
  cwd?: string;
  configFile?: string;
}

async function pulumi(args: string[], source: StackSource): Promise<string> {
  const full = [...args, "--stack", source.stack, "--non-interactive", ...(source.cwd ? ["--cwd", source.cwd] : [])];
  try {
    return (await run("pulumi", full, { maxBuffer: 1 << 30, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } })).stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") throw new StackStateError("the pulumi CLI is not on PATH: install it, or give the stacks' state with --state FILE (pulumi stack export --file FILE)");
    throw new StackStateError(`stack ${source.stack}: pulumi ${args.join(" ")} failed: ${(e.stderr ?? e.message).trim().split("\n").pop()}`);
  }
}

/** A stack's elements, through the pulumi CLI; its sbc:host when the stack sets one. */
export async function readStack(source: StackSource): Promise<ManagedElement[]> {
  // With secrets shown, so that outputs the engine made secret as a whole (an element with a
  // secret attribute) can be compared; the secret attributes themselves are never compared or shown.
  const state = await pulumi(["stack", "export", "--show-secrets"], source);
  const configArgs = ["config", "--json", ...(source.configFile ? ["--config-file", source.configFile] : [])];
  const config = JSON.parse(await pulumi(configArgs, source)) as Record<string, { value?: string }>;
  return managedElements(JSON.parse(state), source.stack, config[CONFIG_KEYS.host]?.value);
}
