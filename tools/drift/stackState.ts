/**
 * The elements stacks manage, read from their state: `pulumi stack export` of each stack (or a
 * file holding one), keeping the element resources that are not pending deletion — the dynamic
 * provider's (and the generic ones'), whose outputs name an `elementType`, and the native plugin's
 * typed ones (`sbc:index:RealmConfig`), whose typed properties are read back to attributes as the
 * plugin reads them. Which SBC each is on comes from its own `connection.host`, or its provider's
 * `host` (a native resource's explicit or default provider), else the stack's `sbc:host` config,
 * else the tool's --host. Secret attribute values are kept apart in state, encrypted, and are not
 * read: a drift report cannot print one.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import { builtinCatalog } from "../../client/catalog/catalog";
import { Attributes, KeyValues } from "../../client/types";
import { CONFIG_KEYS } from "../../provider/core/connection/connectionSettings";
import { ElementOutputs, managedAttributesOf, managedSubElementsOf, SubElementInput } from "../../provider/core/elements/elementState";
import { outputsOf as nativeOutputsOf } from "../../provider/native/elementProperties";
import { elementTypeOfToken } from "../../provider/native/tokens";

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
  type?: string;
  id?: string;
  /** `urn::id` of its provider. */
  provider?: string;
  inputs?: Record<string, unknown>;
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

/**
 * A value as the program saw it, secrets within it revealed too (an attribute that names an element
 * with a secret is a secret output of that element, and so secret in this one's state); undefined
 * when it is, or holds, a secret the document holds only encrypted.
 */
function revealed(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(revealed);
    return items.some((item, i) => item === undefined && value[i] !== undefined) ? undefined : items;
  }
  const object = value as Record<string, unknown> | undefined;
  if (!object || typeof object !== "object") return value;
  if (SECRET_SIGNATURE in object) return typeof object.plaintext === "string" ? revealed(JSON.parse(object.plaintext)) : undefined;
  const entries = Object.entries(object).map(([k, v]) => [k, revealed(v)] as const);
  return entries.some(([k, v]) => v === undefined && object[k] !== undefined) ? undefined : Object.fromEntries(entries);
}

/** A native resource's typed properties, each revealed; undefined when one is encrypted (a file written without --show-secrets). */
function revealedProperties(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props ?? {})) {
    const plain = revealed(value);
    if (plain === undefined && value !== undefined) return undefined;
    out[name] = plain;
  }
  return out;
}

/** The host of a native resource's provider (explicit, or the default one, whose inputs are the stack's sbc:* config). */
function providerHost(r: StateResource, byUrn: Map<string, StateResource>): string | undefined {
  const provider = r.provider && byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
  const host = provider && revealed(provider.inputs?.host ?? provider.outputs?.host);
  return typeof host === "string" ? host : undefined;
}

/** What one resource records of its element, as the implementation's outputs; undefined for what is no element. */
function recorded(r: StateResource, byUrn: Map<string, StateResource>): { out: ElementOutputs; encrypted: boolean; host?: string } | undefined {
  if (typeof r.outputs?.elementType === "string") {
    const out = r.outputs as unknown as ElementOutputs;
    const connection = revealed(out.connection) as { host?: string } | undefined;
    return { out, encrypted: false, host: connection?.host ?? providerHost(r, byUrn) };
  }
  const spec = r.type ? elementTypeOfToken(builtinCatalog, r.type) : undefined;
  if (!spec) return undefined;
  const state = revealedProperties(r.outputs);
  const inputs = revealedProperties(r.inputs);
  const host = providerHost(r, byUrn);
  if (!state) return { out: { elementType: spec.name, key: {}, attributes: undefined as unknown as Attributes }, encrypted: true, host };
  const out = nativeOutputsOf(spec, state, inputs, { connection: { settings: {} } });
  return { out: { ...out, connection: undefined, managedAttributes: managedAttributesOf(out).filter((n) => !Object.hasOwn(out.secretAttributes ?? {}, n)) }, encrypted: false, host };
}

/** The element resources of one state document. */
export function managedElements(document: unknown, stack: string, stackHost: string | undefined): ManagedElement[] {
  const resources = resourcesOf(document, stack);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources
    .filter((r) => r.custom !== false && !r.delete)
    .flatMap((r) => {
      const found = recorded(r, byUrn);
      if (!found) return [];
      const { out, host } = found;
      const attributes = found.encrypted ? undefined : (revealed(out.attributes ?? {}) as Attributes | undefined);
      const managesSubElements = managedSubElementsOf(out) !== undefined;
      const subElements = managesSubElements ? (revealed(out.subElements ?? []) as SubElementInput[] | undefined) : undefined;
      // Outputs hold only the attributes the program sets, but for state written by 0.1.0.
      const managedAttributes = out.managedAttributes ?? Object.keys(attributes ?? {});
      return [{
        stack,
        resource: r.urn.slice(r.urn.lastIndexOf("::") + 2),
        elementType: out.elementType,
        key: (revealed(out.key) as KeyValues) ?? {},
        host: host ?? stackHost,
        attributes,
        managedAttributes,
        subElements,
        ...(managesSubElements && subElements === undefined && { subElementsEncrypted: true }),
      }];
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
