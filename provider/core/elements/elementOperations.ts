/**
 * The operations on an element of any type, for both front ends: configure, check, diff, create,
 * update, delete, read, over the element's inputs and outputs (elementState.ts). Every mutation
 * goes through the SBC's coordinator so that it happens inside a lock session and is covered by a
 * commit before the engine hears of it. Knows no engine: results are plain shapes, logs go to the
 * core's log.
 */
import { builtinCatalog, builtinCatalogData } from "../../../client/catalog/catalog";
import { compareReleases } from "../../../client/catalog/releases";
import { attributeSpec, BOOKKEEPING_ATTRIBUTES, defaultOf, ElementTypeSpec, keyAttributes, keyOf, subElementSpec } from "../../../client/catalog/schema";
import { SbcClient } from "../../../client/client";
import { ApiError, ConflictError, failureReason, LoginError, NotFoundError } from "../../../client/errors";
import { AttributeValue, Attributes, ConfigElement, describeElement, KeyValues, sameValue } from "../../../client/types";
import { CheckFailure, checkInputs, SbcView } from "./check";
import { mergedSpec, outsideCatalog, problemsOnSbc, releaseClause } from "../metadata/sbcSpec";
import {
  ConnectionSettings,
  loginAdvice,
  resolveConnection,
  ResolvedConnection,
  SettingSources,
  settingsFromConfig,
  settingsFromEnv,
  CONFIG_KEYS,
} from "../connection/connection";
import { coordinatorFor, registry, SbcCoordinator } from "../session/coordinator";
import { DiffOutcome, diffElement, subElementsDiffer, subElementsOffDefault, unsetOffDefault } from "./diff";
import {
  containsUnknown,
  elementId,
  inSbcOrder,
  ElementInputs,
  ElementOutputs,
  fromConfigElement,
  managedAttributesOf,
  managedSubElementsOf,
  projectSubElements,
  SubElementInput,
  toConfigElement,
} from "./elementState";
import { claimant, claimKey, contention, declaredElement } from "./keyClaims";
import { ElementRef } from "../session/namedElements";
import { ChangeInfo, PlannedChange } from "../session/referenceWaits";
import { StepError } from "../session/sessionSteps";
import { catchUp, createReconciled, differences } from "./reconcile";
import { coreLog } from "../log";
import { redactingErrors } from "./redaction";
import { secretNamesOf, secretValuesOf, splitAttributes, subElementSecretValues, withSecretsJoined } from "./secretAttributes";

const catalog = builtinCatalog;

/**
 * The type an element is handled by: the catalog's entry, or, where the element reaches outside
 * it (a type, parameter or sub-element type the catalog lacks), the SBC's own metadata of the
 * type with the catalog's facts for the names both know.
 */
async function specFor(coordinator: SbcCoordinator, elementType: string, element?: ConfigElement): Promise<ElementTypeSpec> {
  const known = catalog.get(elementType);
  if (known && (!element || outsideCatalog(known, element).length === 0)) return known;
  const sbc = await coordinator.metadata.spec(elementType);
  if (!sbc) {
    if (known) return known;
    throw new Error(`"${elementType}" is an element type neither of the catalog nor of ${coordinator.client.origin}`);
  }
  return mergedSpec(known, sbc).spec;
}

/**
 * Before anything is locked: an element the catalog cannot decide alone — one reaching outside it,
 * or any element when the SBC runs another release than the catalog's — is checked against the
 * SBC's own metadata, and refused in one sentence naming the SBC's release. Costs one request for
 * the release per SBC per run, and one per element type asked about.
 */
async function checkOnSbc(coordinator: SbcCoordinator, element: ConfigElement, label: string): Promise<void> {
  const catalogRelease = builtinCatalogData().release;
  const release = await coordinator.metadata.release();
  const sameRelease = release !== undefined && compareReleases(release, catalogRelease) === 0;
  if (sameRelease && outsideCatalog(catalog.get(element.elementType), element).length === 0) return;
  const sbc = await coordinator.metadata.spec(element.elementType);
  const where = { origin: coordinator.client.origin, release, catalogRelease };
  const reasons = sbc
    ? problemsOnSbc(catalog, element, sbc, where).map((p) => `${p.path} ${p.reason}`)
    : [`${element.elementType} is no element type of ${releaseClause(where.origin, release, catalogRelease)}`];
  if (reasons.length > 0) throw new Error(`${label}: ${reasons.join("; ")}; nothing was changed on ${coordinator.client.origin}`);
}

/** checkOnSbc, its failure to ask the SBC worded as every operation's (operationError). */
async function checkOnSbcOrSay(action: "create" | "update", label: string, coordinator: SbcCoordinator, element: ConfigElement, inputs: ElementInputs): Promise<void> {
  try {
    await checkOnSbc(coordinator, element, label);
  } catch (err) {
    if (err instanceof ApiError) throw operationError(action, label, coordinator.client.origin, err, inputs);
    throw err;
  }
}

/** What Check learns from the SBC when the catalog cannot decide; unreachable, it says why and the up checks again. */
async function sbcView(inputs: ElementInputs, element: ConfigElement, outside: string[]): Promise<SbcView> {
  const host = hostOf(inputs) ?? "the SBC";
  try {
    const { metadata } = coordinatorFor(connectionOf(inputs));
    const [spec, release] = await Promise.all([metadata.spec(element.elementType), metadata.release()]);
    return { reachable: true, spec, origin: metadata.origin, release, catalogRelease: builtinCatalogData().release };
  } catch (err) {
    const reason = failureReason(err);
    coreLog().warn(
      `${describeElement(element.elementType, {})}: ${outside.join(", ")} could not be checked against the SBC's own metadata (${host}: ${reason}); ` +
        "the catalog does not know them, so the up checks them on the SBC before it locks anything",
    );
    return { reachable: false, origin: host, reason };
  }
}

/** Stack config from `configure`, or from PULUMI_CONFIG when the CLI predates `configure`. */
function stackConfigValue(key: string): string | undefined {
  const configured = registry().stackConfig[key];
  if (configured !== undefined) return configured;
  const value = envStackConfig()[key];
  return typeof value === "string" ? value : undefined;
}

let parsedEnvConfig: Record<string, unknown> | undefined;

/** PULUMI_CONFIG, read once: the process's environment does not change. */
function envStackConfig(): Record<string, unknown> {
  if (!parsedEnvConfig) {
    try {
      parsedEnvConfig = JSON.parse(process.env.PULUMI_CONFIG ?? "{}") as Record<string, unknown>;
    } catch {
      parsedEnvConfig = {};
    }
  }
  return parsedEnvConfig;
}

/** Connection settings as the resource, stack config and the environment give them. */
function settingSources(inputs: ElementInputs): SettingSources {
  return {
    resource: defined({ ...inputs.connection, password: inputs.connectionPassword, sdmPassword: inputs.sdmPassword }),
    resourceIsProvider: inputs.connectionFromProvider === true,
    stackConfig: settingsFromConfig(stackConfigValue),
    env: settingsFromEnv(),
  };
}

/** The layers in order, first wins. */
function settingLayers(inputs: ElementInputs): ConnectionSettings[] {
  const { resource, stackConfig, env } = settingSources(inputs);
  return [resource, stackConfig, env];
}

/** The SBC host by the same layers as the connection, without requiring the rest of it (Check runs offline). */
function hostOf(inputs: ElementInputs): string | undefined {
  return settingLayers(inputs).map((layer) => layer.host).find((host) => host);
}

function connectionOf(inputs: ElementInputs): ResolvedConnection {
  return resolveConnection(settingLayers(inputs));
}

/** The passwords these inputs may connect with, and their secret attribute values: never in a message. */
function secretsOf(inputs: ElementInputs): string[] {
  const passwords = settingLayers(inputs).flatMap((layer) => [layer.password, layer.sdmPassword]);
  const spec = typeof inputs.elementType === "string" ? builtinCatalog.get(inputs.elementType) : undefined;
  const nested = spec ? subElementSecretValues(spec, inputs.subElements) : [];
  return [...passwords, ...secretValuesOf(inputs), ...nested].filter((value): value is string => typeof value === "string");
}

/** Drops undefined fields, which the engine's protobuf structs cannot carry. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * What create, update and read store (elementState.ts, ElementOutputs): of the element as the SBC
 * returned it, only what the program manages — the attributes it sets (its own value where the SBC
 * leaves one out) and, when it sets sub-elements, theirs — plus what delete and refresh need.
 */
export function outputsOf(inputs: ElementInputs, spec: ElementTypeSpec, live: ConfigElement): ElementOutputs {
  const wanted = withSecretsJoined(inputs).attributes ?? {};
  const managed = Object.fromEntries(Object.entries(wanted).map(([name, value]) => [name, live.attributes[name] ?? value]));
  const { attributes, secret } = splitAttributes(managed, secretNamesOf(spec, inputs));
  return defined({
    elementType: spec.name,
    key: keyOf(spec, live.attributes),
    attributes,
    secretAttributes: secret,
    subElements: inputs.subElements === undefined ? undefined : projectSubElements(live.subElements.map(fromConfigElement), inputs.subElements),
    connection: inputs.connection,
    connectionPassword: inputs.connectionPassword,
    sdmPassword: inputs.sdmPassword,
    // Refresh gets the outputs alone and rebuilds the inputs from them: without these two, the
    // recorded inputs would lose them and the next diff show `+owner`.
    adopt: inputs.adopt,
    owner: inputs.owner,
  });
}

/** The first error along `err`'s cause chain that is an `E`. */
function causeOf<E>(err: unknown, kind: abstract new (...args: never[]) => E): E | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof kind) return e as E;
  }
  return undefined;
}

/**
 * The error the user sees, one sentence with each fact once: which element, what failed (the
 * action, the lock/commit step, or the login that preceded it), on which SBC, and the server's
 * words; a refused login adds which settings to check. The cause is kept.
 */
function operationError(action: "create" | "update" | "delete" | "read", label: string, origin: string, err: unknown, inputs: ElementInputs): Error {
  const refused = causeOf(err, LoginError);
  if (refused) {
    const advice = loginAdvice(settingSources(inputs), action === "read" || action === "delete");
    return new Error(`${label}: login to ${origin} as user "${refused.username}" failed: ${failureReason(refused)}; ${advice}`, { cause: err });
  }
  // A lock or a read fails at its login when the SBC cannot be reached: say so, not "lock failed".
  const loginFailure = causeOf(err, ApiError);
  if (loginFailure?.path.endsWith("/auth/token")) return new Error(`${label}: login failed on ${origin}: ${failureReason(loginFailure)}`, { cause: err });
  const failed = err instanceof StepError && err.step !== "mutate" ? err.step : action;
  const reason = err instanceof StepError ? err.message : failureReason(err);
  return new Error(`${label}: ${failed} failed on ${origin}: ${reason}`, { cause: err });
}

/**
 * One change to the SBC inside its lock session: errors say what, which element, where and at
 * which step; the batched reads of the type are dropped whatever happened, as the SBC may have changed.
 */
async function underLock<T>(
  action: "create" | "update" | "delete",
  label: string,
  spec: ElementTypeSpec,
  coordinator: SbcCoordinator,
  inputs: ElementInputs,
  mutate: (client: SbcClient) => Promise<T>,
  change?: ChangeInfo,
): Promise<T> {
  try {
    return await coordinator.session.run(mutate, change);
  } catch (err) {
    throw operationError(action, label, coordinator.client.origin, err, inputs);
  } finally {
    coordinator.reader.invalidate(spec.name);
  }
}

/**
 * Singletons exist on every SBC: create them once if this box has not yet, then PUT what differs
 * from what it holds (nothing when it already holds what the program sets).
 */
async function applySingleton(client: SbcClient, spec: ElementTypeSpec, element: ConfigElement): Promise<ConfigElement> {
  const existing = await client.findElement(element.elementType);
  if (!existing) {
    await client.createElement({ elementType: element.elementType, attributes: {}, subElements: [] });
  }
  const current = existing ?? (await client.getElement(element.elementType));
  const change = catchUp(spec, element, current);
  if (!change) return current;
  try {
    return await client.updateElement(change);
  } catch (err) {
    // Leave no half-made singleton behind: the POST above is undone when the PUT is refused.
    if (!existing) await client.deleteElement(element.elementType).catch(() => undefined);
    throw err;
  }
}

/**
 * A take-over (adopt: true, or a singleton) of an element the SBC already holds as the program
 * wants it: answered from a read, with no lock, no write and no commit, so the element's
 * `last-modified-*` and the SBC's audit trail stay as they were. Only when the reads come from
 * the running configuration (commit mode activate): it changes only by an activate, so a read
 * of it is consistent without the lock, and it is what the stack mirrors. (The editing
 * configuration, outside the lock, may hold another user's half-made edit.) A change someone
 * activates after this read is drift, as one made after the run would be, and the next refresh
 * shows it; nothing is written on a stale view. Undefined when the lock path must decide.
 */
async function heldAsWanted(
  coordinator: SbcCoordinator,
  spec: ElementTypeSpec,
  element: ConfigElement,
  key: KeyValues,
  label: string,
  inputs: ElementInputs,
): Promise<ConfigElement | undefined> {
  if (!coordinator.reader.readsRunning) return undefined;
  let live: ConfigElement | undefined;
  try {
    live = await coordinator.reader.read(spec, key);
  } catch (err) {
    throw operationError("create", label, coordinator.client.origin, err, inputs);
  }
  return live && !catchUp(spec, element, live) ? live : undefined;
}

/**
 * A singleton cannot be deleted, so its delete withdraws what the program set: each attribute it
 * manages goes back to its default, as an attribute dropped from the program does, and the
 * element stays. So a released sip-config no longer names the realms the same destroy deletes
 * after it (the engine deletes it first, as it depends on them), which verify would refuse.
 * What is at its default already (as recorded) is not sent; with nothing to send, no lock.
 */
async function withdrawSingleton(spec: ElementTypeSpec, props: ElementOutputs, label: string, connection: ResolvedConnection): Promise<void> {
  const recorded = withSecretsJoined(props).attributes ?? {};
  const reset: Attributes = {};
  for (const name of managedAttributesOf(props)) {
    const attr = attributeSpec(spec, name);
    if (attr && !(name in recorded && sameValue(recorded[name], defaultOf(attr)))) reset[name] = defaultOf(attr);
  }
  const names = Object.keys(reset);
  if (names.length > 0) {
    const element: ConfigElement = { elementType: spec.name, attributes: reset, subElements: [] };
    await underLock("delete", label, spec, coordinatorFor(connection), props, (client) => client.updateElement(element));
  }
  const withdrawn = names.length > 0 ? `; what the program set (${names.join(", ")}) is back at its default` : "";
  coreLog().info(`${label} is a single-instance element every SBC has: it is released from the stack and stays on the SBC${withdrawn}`);
}

/**
 * A sub-element as refresh records it among the inputs: its key and what is off its default, as
 * a program (and sbc-export) writes it, just as the top-level attributes recorded are those the
 * program manages. Every default recorded would be a difference from the program's inputs at the
 * next refresh or update; drift still shows, as the engine compares what it reads with the
 * inputs from before the refresh. The outputs keep the sub-element whole.
 */
function asWritten(spec: ElementTypeSpec, sub: ConfigElement): SubElementInput {
  const subSpec = subElementSpec(spec, sub.elementType);
  if (!subSpec) return fromConfigElement(sub);
  const worthRecording = ([name, value]: [string, AttributeValue]) => {
    const attr = attributeSpec(subSpec, name);
    return !attr || attr.key || !sameValue(value, defaultOf(attr));
  };
  return {
    elementType: sub.elementType,
    attributes: Object.fromEntries(Object.entries(sub.attributes).filter(worthRecording)),
    subElements: sub.subElements.map((nested) => asWritten(subSpec, nested)),
  };
}

/**
 * The live sub-elements as refresh records them: each the program has (by position) in the
 * attributes it sets, any other as a program writes it (asWritten).
 */
function recordedSubElements(spec: ElementTypeSpec, live: readonly ConfigElement[], recorded: readonly SubElementInput[]): SubElementInput[] {
  return live.map((sub, i) => (recorded[i] ? projectSubElements([fromConfigElement(sub)], [recorded[i]])[0] : asWritten(spec, sub)));
}

/**
 * What refresh records beside what the program sets: every attribute the SBC holds off its default
 * that the program leaves out (a program that leaves an attribute out has it at its default), and
 * every such attribute of each sub-element, so that a change made by hand to one shows in `pulumi
 * refresh` and in the state sbc-drift reads. `managedAttributes` keeps naming the program's own,
 * so that `pulumi up` leaves the others as the SBC has them, as before. Secret attributes stay
 * out: the outputs would hold them outside the secret `secretAttributes`.
 */
function withOffDefaults(outs: ElementOutputs, spec: ElementTypeSpec, live: ConfigElement, managed: readonly string[]): ElementOutputs {
  const offDefault = spec.attributes.filter((attr) => {
    const value = live.attributes[attr.name];
    return !attr.secret && !managed.includes(attr.name) && value !== undefined && !sameValue(value, defaultOf(attr));
  });
  const subElements = outs.subElements?.map((sub, i) => withSubOffDefaults(spec, sub, live.subElements[i]));
  if (offDefault.length === 0 && JSON.stringify(subElements) === JSON.stringify(outs.subElements)) return outs;
  const attributes = { ...outs.attributes, ...Object.fromEntries(offDefault.map((attr) => [attr.name, live.attributes[attr.name]])) };
  return defined({ ...outs, attributes, subElements, managedAttributes: [...managed], recordsOffDefaults: true });
}

/** A recorded sub-element with the attributes its live one holds off their default added (secret ones aside). */
function withSubOffDefaults(spec: ElementTypeSpec, recorded: SubElementInput, live: ConfigElement | undefined): SubElementInput {
  const subSpec = subElementSpec(spec, recorded.elementType);
  if (!live || !subSpec || live.elementType !== recorded.elementType) return recorded;
  const written = asWritten(spec, live);
  const offDefault = Object.entries(written.attributes).filter(([name]) => !attributeSpec(subSpec, name)?.secret && !BOOKKEEPING_ATTRIBUTES.includes(name));
  return {
    ...recorded,
    attributes: { ...Object.fromEntries(offDefault), ...recorded.attributes },
    subElements: recorded.subElements?.map((nested, i) => withSubOffDefaults(subSpec, nested, live.subElements[i])),
  };
}

/** What a create sends: the element whole, or what differs for a take-over or a singleton. */
function createMutation(spec: ElementTypeSpec, inputs: ElementInputs, element: ConfigElement, key: KeyValues): (client: SbcClient) => Promise<ConfigElement> {
  return async (client) => {
    if (spec.singleton) return applySingleton(client, spec, element);
    if (inputs.adopt) {
      // Taken over: only what differs is written, and nothing when nothing does.
      const existing = await client.findElement(spec.name, key);
      if (existing) {
        const change = catchUp(spec, element, existing);
        return change ? client.updateElement(change) : existing;
      }
    }
    try {
      return await createReconciled(client, element, key);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Identical already (written by a run that was killed before it could record it, or made
      // early by this run for a change that names it): nothing to take over.
      const live = await client.findElement(spec.name, key);
      const mismatched = live ? differences(element, live) : ["(unreadable)"];
      if (live && mismatched.length === 0) return live;
      throw new Error(
        `it already exists on the SBC (${err.sbcMessage ?? "409 Conflict"}) with other values in ${mismatched.join(", ")}; ` +
          "set adopt: true on the resource to bring the existing element under management",
        { cause: err },
      );
    }
  };
}

/**
 * The element of this run's program on `host` that a reference names, as its own create would
 * make it (session/referenceWaits.ts makes it early when every change the engine lets run waits for it).
 */
function plannedOn(host: string): (ref: ElementRef) => PlannedChange | undefined {
  const planned = (ref: ElementRef): PlannedChange | undefined => {
    const declared = declaredElement(host, ref.elementType, ref.attribute, ref.value);
    if (!declared) return undefined;
    const inputs = declared.inputs as ElementInputs;
    const element = toConfigElement(declared.spec.name, withSecretsJoined(inputs).attributes ?? {}, inputs.subElements);
    const key = keyOf(declared.spec, element.attributes);
    return { label: describeElement(declared.spec.name, key), element, mutate: createMutation(declared.spec, inputs, element, key), planned };
  };
  return planned;
}

/** Two resources of this run declare the element: neither may change it (keyClaims.ts). */
function refuseContested(host: string, spec: ElementTypeSpec, key: KeyValues): void {
  const reason = contention(host, spec, key);
  if (reason) throw new Error(reason);
}

/** What a front end hands `configure`: the stack's `sbc:*` config, read by key. */
export interface ConfigSource {
  config: { get(key: string): string | undefined };
}

/** The operations' results, in the shapes Pulumi's dynamic provider interface uses (the native front end maps them to gRPC). */
export interface CheckResult {
  inputs: Record<string, unknown>;
  failures?: CheckFailure[];
}
export interface CreateResult {
  id: string;
  outs: ElementOutputs;
}
export interface UpdateResult {
  outs: ElementOutputs;
}
export interface ReadResult {
  id: string;
  props?: ElementOutputs;
  inputs?: ElementInputs;
  /** The type the element was read by: the catalog's entry, with the SBC's metadata for what it holds outside it. */
  spec?: ElementTypeSpec;
}

/** How `read` records the element: by what the program manages (refresh), or all the SBC holds (an import). */
export interface ReadOptions {
  importing?: boolean;
}

const implementation = {
  async configure(req: ConfigSource): Promise<void> {
    const stackConfig: Record<string, string> = {};
    for (const key of Object.values(CONFIG_KEYS)) {
      const value = req.config.get(key);
      if (value !== undefined) stackConfig[key] = value;
    }
    registry().stackConfig = stackConfig;
  },

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
    const joined = withSecretsJoined(news) as unknown as ElementInputs;
    let onSbc: SbcView | undefined;
    if (typeof joined.elementType === "string" && joined.elementType !== "") {
      // Only what the catalog cannot decide sends Check to the SBC: a preview of known names makes no request.
      const known = !containsUnknown(joined.attributes) && !containsUnknown(joined.subElements);
      const element = toConfigElement(joined.elementType, known ? (joined.attributes ?? {}) : {}, known ? joined.subElements : []);
      const outside = outsideCatalog(catalog.get(joined.elementType), element);
      if (outside.length > 0) onSbc = await sbcView(joined, element, outside);
    }
    const failures = checkInputs(catalog, joined as unknown as Record<string, unknown>, onSbc);
    const inputs = news as unknown as ElementInputs;
    const spec = catalog.get(inputs.elementType);
    const host = hostOf(inputs);
    if (failures.length === 0 && spec && host && inputs.owner) {
      const clash = claimKey({ host, spec, attributes: inputs.attributes ?? {}, owner: inputs.owner, inputs: news });
      const keyName = keyAttributes(spec)[0]?.name;
      if (clash) failures.push({ property: keyName ? `attributes.${keyName}` : "elementType", reason: clash });
    }
    // The engine keeps Check's inputs: sub-elements in the SBC's order, as every read returns them.
    const subs = inputs.subElements;
    const ordered = Array.isArray(subs) && failures.length === 0 ? { ...news, subElements: inSbcOrder(catalog.get(inputs.elementType), subs) } : news;
    return failures.length > 0 ? { inputs: news, failures } : { inputs: ordered };
  },

  async diff(_id: string, olds: ElementOutputs, news: ElementInputs): Promise<DiffOutcome> {
    return diffElement(catalog, withSecretsJoined(olds), withSecretsJoined(news));
  },

  async create(inputs: ElementInputs): Promise<CreateResult> {
    const element = toConfigElement(inputs.elementType, withSecretsJoined(inputs).attributes ?? {}, inputs.subElements);
    const connection = connectionOf(inputs);
    const coordinator = coordinatorFor(connection);
    const spec = await specFor(coordinator, inputs.elementType, element);
    const key = keyOf(spec, element.attributes);
    const label = describeElement(spec.name, key);
    refuseContested(connection.host, spec, key);
    await checkOnSbcOrSay("create", label, coordinator, element, inputs);
    const held = inputs.adopt || spec.singleton ? await heldAsWanted(coordinator, spec, element, key, label, inputs) : undefined;
    if (held) return { id: elementId(spec.name, key), outs: outputsOf(inputs, spec, held) };
    const mutate = createMutation(spec, inputs, element, key);
    const live = await underLock("create", label, spec, coordinator, inputs, mutate, { element, planned: plannedOn(connection.host) });
    return { id: elementId(spec.name, key), outs: outputsOf(inputs, spec, live) };
  },

  async update(_id: string, olds: ElementOutputs, news: ElementInputs): Promise<UpdateResult> {
    const wanted = withSecretsJoined(news).attributes ?? {};
    const connection = connectionOf(news);
    const coordinator = coordinatorFor(connection);
    const spec = await specFor(coordinator, news.elementType, toConfigElement(news.elementType, { ...withSecretsJoined(olds).attributes, ...wanted }, news.subElements));
    const oldAttributes = withSecretsJoined(olds).attributes;
    const changes: Attributes = {};
    for (const [name, value] of Object.entries(wanted)) {
      if (!sameValue(value, oldAttributes?.[name])) changes[name] = value;
    }
    for (const name of managedAttributesOf(olds)) {
      const attr = attributeSpec(spec, name);
      if (!(name in wanted) && attr) changes[name] = defaultOf(attr);
    }
    // What refresh found off its default among the attributes the program leaves out goes back to its default.
    for (const name of unsetOffDefault(spec, olds, wanted)) changes[name] = defaultOf(attributeSpec(spec, name)!);
    const oldSubs = managedSubElementsOf(olds);
    const subsChanged = news.subElements !== undefined && (oldSubs === undefined || subElementsDiffer(news.subElements, oldSubs) || subElementsOffDefault(spec, olds, news.subElements));
    if (Object.keys(changes).length === 0 && !subsChanged) {
      // Only stack-side settings changed (connection, adopt): nothing to send to the SBC.
      return { outs: outputsOf(news, spec, toConfigElement(spec.name, oldAttributes, oldSubs)) };
    }
    const key = olds.key ?? {};
    const label = describeElement(spec.name, key);
    const element: ConfigElement = {
      elementType: spec.name,
      attributes: { ...key, ...changes },
      subElements: subsChanged ? toConfigElement(spec.name, {}, news.subElements).subElements : [],
    };
    refuseContested(connection.host, spec, key);
    await checkOnSbcOrSay("update", label, coordinator, element, news);
    const live = await underLock("update", label, spec, coordinator, news, (client) => client.updateElement(element), {
      element,
      planned: plannedOn(connection.host),
    });
    return { outs: outputsOf(news, spec, live) };
  },

  async delete(_id: string, props: ElementOutputs): Promise<void> {
    const connection = connectionOf(props);
    const spec = await specFor(coordinatorFor(connection), props.elementType);
    const label = describeElement(spec.name, props.key ?? {});
    const holder = claimant(connection.host, spec, props.key ?? {});
    if (holder) {
      coreLog().info(`${label} stays on the SBC: ${holder} of this program now holds it (a replacement or rename that keeps the key)`);
      return;
    }
    if (spec.singleton) {
      await withdrawSingleton(spec, props, label, connection);
      return;
    }
    await underLock("delete", label, spec, coordinatorFor(connection), props, async (client) => {
      try {
        await client.deleteElement(spec.name, props.key ?? {});
      } catch (err) {
        // Already gone (deleted out of band): the stack's wish holds.
        if (!(err instanceof NotFoundError)) throw err;
      }
    });
  },

  async read(id: string, props: ElementOutputs, options: ReadOptions = {}): Promise<ReadResult> {
    const coordinator = coordinatorFor(connectionOf(props));
    let spec = await specFor(coordinator, props.elementType);
    const label = describeElement(spec.name, props.key ?? {});
    let live: ConfigElement | undefined;
    try {
      live = await coordinator.reader.read(spec, props.key ?? {});
    } catch (err) {
      throw operationError("read", label, coordinator.client.origin, err, props);
    }
    if (!live) return { id: "" };
    // An import records all the SBC holds, what the catalog lacks by the SBC's own metadata.
    if (options.importing) spec = await specFor(coordinator, props.elementType, live);
    const managed = options.importing ? Object.keys(live.attributes) : managedAttributesOf(props);
    // An import records every sub-element as a program writes it (asWritten); refresh, those it manages.
    const subsRecorded = options.importing ? [] : managedSubElementsOf(props);
    const managedValues = Object.fromEntries(managed.filter((n) => n in live!.attributes).map((n) => [n, live!.attributes[n]]));
    const { attributes, secret } = splitAttributes(managedValues, secretNamesOf(spec, props));
    const inputs: ElementInputs = defined({
      elementType: spec.name,
      attributes,
      secretAttributes: secret,
      subElements: subsRecorded && recordedSubElements(spec, live.subElements, subsRecorded),
      adopt: props.adopt,
      connection: props.connection,
      connectionPassword: props.connectionPassword,
      sdmPassword: props.sdmPassword,
      owner: props.owner,
    });
    return { id, props: withOffDefaults(outputsOf(inputs, spec, live), spec, live, managed), inputs, spec };
  },
};

/** The implementation, with secrets kept out of every error and check failure it reports. */
export const elementOperations = redactingErrors(implementation, (args) =>
  args.flatMap((arg) => (arg && typeof arg === "object" ? secretsOf(arg as ElementInputs) : [])),
);
