/**
 * The dynamic provider's implementation for every element type: configure, check, diff, create,
 * update, delete, read. It runs in the provider process, reached through the tiny serialized
 * provider (serializedProvider.ts) by package name, and routes every mutation through the SBC's
 * coordinator so that it happens inside a lock session and is covered by a commit before the
 * engine hears of it.
 */
import * as pulumi from "@pulumi/pulumi";
import { builtinCatalog } from "../sdk/catalog/catalog";
import { attributeSpec, defaultOf, ElementTypeSpec, keyAttributes, keyOf } from "../sdk/catalog/schema";
import { SbcClient } from "../sdk/client";
import { ConflictError, failureReason, NotFoundError } from "../sdk/errors";
import { Attributes, ConfigElement, describeElement, KeyValues, sameValue } from "../sdk/types";
import { checkInputs } from "./check";
import { ConnectionSettings, resolveConnection, ResolvedConnection, settingsFromConfig, settingsFromEnv, CONFIG_KEYS } from "./connection";
import { coordinatorFor, registry, SbcCoordinator } from "./coordinator";
import { diffElement, subElementsDiffer } from "./diff";
import { elementId, ElementInputs, ElementOutputs, fromConfigElement, managedAttributesOf, managedSubElementsOf, projectSubElements, toConfigElement } from "./elementState";
import { claimant, claimKey, contention } from "./keyClaims";
import { StepError } from "./lockSession";
import { createReconciled, differences } from "./reconcile";
import { redactingErrors } from "./redaction";
import { secretNamesOf, secretValuesOf, splitAttributes, withSecretsJoined } from "./secretAttributes";

const catalog = builtinCatalog;

function specOf(elementType: string): ElementTypeSpec {
  const spec = catalog.get(elementType);
  if (!spec) throw new Error(`"${elementType}" is not a known SBC element type`);
  return spec;
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

/** Connection settings as the resource, stack config and the environment give them, first wins. */
function settingLayers(inputs: ElementInputs): ConnectionSettings[] {
  return [
    { ...inputs.connection, password: inputs.connectionPassword, sdmPassword: inputs.sdmPassword },
    settingsFromConfig(stackConfigValue),
    settingsFromEnv(),
  ];
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
  return [...passwords, ...secretValuesOf(inputs)].filter((value): value is string => typeof value === "string");
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
  });
}

/**
 * The error the user sees, one sentence with each fact once: which element, what failed (the
 * action, or the lock/commit step), on which SBC, and the server's words. The cause is kept.
 */
function operationError(action: string, label: string, origin: string, err: unknown): Error {
  const failed = err instanceof StepError && err.step !== "mutate" ? err.step : action;
  const reason = err instanceof StepError ? err.message : failureReason(err);
  return new Error(`${label}: ${failed} failed on ${origin}: ${reason}`, { cause: err });
}

/**
 * One change to the SBC inside its lock session: errors say what, which element, where and at
 * which step; the batched reads of the type are dropped whatever happened, as the SBC may have changed.
 */
async function underLock<T>(action: string, label: string, spec: ElementTypeSpec, coordinator: SbcCoordinator, mutate: (client: SbcClient) => Promise<T>): Promise<T> {
  try {
    return await coordinator.session.run(mutate);
  } catch (err) {
    throw operationError(action, label, coordinator.client.origin, err);
  } finally {
    coordinator.reader.invalidate(spec.name);
  }
}

/** Singletons exist on every SBC: create them once if this box has not yet, then PUT the attributes. */
async function applySingleton(client: SbcClient, element: ConfigElement): Promise<ConfigElement> {
  const existing = await client.findElement(element.elementType);
  if (!existing) {
    await client.createElement({ elementType: element.elementType, attributes: {}, subElements: [] });
  }
  if (Object.keys(element.attributes).length === 0 && element.subElements.length === 0) {
    return existing ?? (await client.getElement(element.elementType));
  }
  try {
    return await client.updateElement(element);
  } catch (err) {
    // Leave no half-made singleton behind: the POST above is undone when the PUT is refused.
    if (!existing) await client.deleteElement(element.elementType).catch(() => undefined);
    throw err;
  }
}

/** Two resources of this run declare the element: neither may change it (keyClaims.ts). */
function refuseContested(host: string, spec: ElementTypeSpec, key: KeyValues): void {
  const reason = contention(host, spec, key);
  if (reason) throw new Error(reason);
}

const implementation = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    const stackConfig: Record<string, string> = {};
    for (const key of Object.values(CONFIG_KEYS)) {
      const value = req.config.get(key);
      if (value !== undefined) stackConfig[key] = value;
    }
    registry().stackConfig = stackConfig;
  },

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const failures = checkInputs(catalog, withSecretsJoined(news));
    const inputs = news as unknown as ElementInputs;
    const spec = catalog.get(inputs.elementType);
    const host = hostOf(inputs);
    if (failures.length === 0 && spec && host && inputs.owner) {
      const clash = claimKey({ host, spec, attributes: inputs.attributes ?? {}, owner: inputs.owner });
      const keyName = keyAttributes(spec)[0]?.name;
      if (clash) failures.push({ property: keyName ? `attributes.${keyName}` : "elementType", reason: clash });
    }
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
  },

  async diff(_id: string, olds: ElementOutputs, news: ElementInputs): Promise<pulumi.dynamic.DiffResult> {
    return diffElement(catalog, withSecretsJoined(olds), withSecretsJoined(news));
  },

  async create(inputs: ElementInputs): Promise<pulumi.dynamic.CreateResult> {
    const spec = specOf(inputs.elementType);
    const element = toConfigElement(spec.name, withSecretsJoined(inputs).attributes ?? {}, inputs.subElements);
    const key = keyOf(spec, element.attributes);
    const label = describeElement(spec.name, key);
    const connection = connectionOf(inputs);
    refuseContested(connection.host, spec, key);
    const live = await underLock("create", label, spec, coordinatorFor(connection), async (client) => {
      if (spec.singleton) return applySingleton(client, element);
      try {
        return await createReconciled(client, element, key);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        if (inputs.adopt) return client.updateElement(element);
        // Identical already (e.g. written by a run that was killed before it could record it): nothing to take over.
        const live = await client.findElement(spec.name, key);
        const mismatched = live ? differences(element, live) : ["(unreadable)"];
        if (live && mismatched.length === 0) return live;
        throw new Error(
          `it already exists on the SBC (${err.sbcMessage ?? "409 Conflict"}) with other values in ${mismatched.join(", ")}; ` +
            "set adopt: true on the resource to bring the existing element under management",
          { cause: err },
        );
      }
    });
    return { id: elementId(spec.name, key), outs: outputsOf(inputs, spec, live) };
  },

  async update(_id: string, olds: ElementOutputs, news: ElementInputs): Promise<pulumi.dynamic.UpdateResult> {
    const spec = specOf(news.elementType);
    const wanted = withSecretsJoined(news).attributes ?? {};
    const oldAttributes = withSecretsJoined(olds).attributes;
    const changes: Attributes = {};
    for (const [name, value] of Object.entries(wanted)) {
      if (!sameValue(value, oldAttributes?.[name])) changes[name] = value;
    }
    for (const name of managedAttributesOf(olds)) {
      const attr = attributeSpec(spec, name);
      if (!(name in wanted) && attr) changes[name] = defaultOf(attr);
    }
    const oldSubs = managedSubElementsOf(olds);
    const subsChanged = news.subElements !== undefined && (oldSubs === undefined || subElementsDiffer(news.subElements, oldSubs));
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
    const connection = connectionOf(news);
    refuseContested(connection.host, spec, key);
    const live = await underLock("update", label, spec, coordinatorFor(connection), (client) => client.updateElement(element));
    return { outs: outputsOf(news, spec, live) };
  },

  async delete(_id: string, props: ElementOutputs): Promise<void> {
    const spec = specOf(props.elementType);
    const label = describeElement(spec.name, props.key ?? {});
    if (spec.singleton) {
      await pulumi.log.info(`${label} is a single-instance element every SBC has: it is released from the stack and left on the SBC as it is`);
      return;
    }
    const connection = connectionOf(props);
    const holder = claimant(connection.host, spec, props.key ?? {});
    if (holder) {
      await pulumi.log.info(`${label} stays on the SBC: ${holder} of this program now holds it (a replacement or rename that keeps the key)`);
      return;
    }
    await underLock("delete", label, spec, coordinatorFor(connection), async (client) => {
      try {
        await client.deleteElement(spec.name, props.key ?? {});
      } catch (err) {
        // Already gone (deleted out of band): the stack's wish holds.
        if (!(err instanceof NotFoundError)) throw err;
      }
    });
  },

  async read(id: string, props: ElementOutputs): Promise<pulumi.dynamic.ReadResult> {
    const spec = specOf(props.elementType);
    const coordinator = coordinatorFor(connectionOf(props));
    const label = describeElement(spec.name, props.key ?? {});
    let live: ConfigElement | undefined;
    try {
      live = await coordinator.reader.read(spec, props.key ?? {});
    } catch (err) {
      throw operationError("read", label, coordinator.client.origin, err);
    }
    if (!live) return { id: "" };
    const managed = managedAttributesOf(props);
    const subsRecorded = managedSubElementsOf(props);
    const managedValues = Object.fromEntries(managed.filter((n) => n in live!.attributes).map((n) => [n, live!.attributes[n]]));
    const { attributes, secret } = splitAttributes(managedValues, secretNamesOf(spec, props));
    const inputs: ElementInputs = defined({
      elementType: spec.name,
      attributes,
      secretAttributes: secret,
      subElements: subsRecorded && projectSubElements(live.subElements.map(fromConfigElement), subsRecorded),
      adopt: props.adopt,
      connection: props.connection,
      connectionPassword: props.connectionPassword,
      sdmPassword: props.sdmPassword,
      owner: props.owner,
    });
    return { id, props: outputsOf(inputs, spec, live), inputs };
  },
};

/** The implementation, with secrets kept out of every error and check failure it reports. */
export const elementProvider = redactingErrors(implementation, (args) =>
  args.flatMap((arg) => (arg && typeof arg === "object" ? secretsOf(arg as ElementInputs) : [])),
);
