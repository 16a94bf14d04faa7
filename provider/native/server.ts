/**
 * The `sbc` resource provider plugin: a gRPC ResourceProvider server over the dynamic provider's
 * implementation (elementOperations.ts), so both front ends share check, diff, lock sessions and
 * group commit, adopt, key claims, secrets and error wording. This module is only the wire: it
 * reads requests, translates properties (elementProperties.ts) and answers with what the engine
 * needs from a native provider — its schema, its config, property-level diffs, previews with
 * unknowns where the SBC decides, and import by id.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { builtinCatalog, Catalog } from "../../client/catalog/catalog";
import { ElementTypeSpec } from "../../client/catalog/schema";
import { CheckFailure } from "../core/elements/check";
import { typeNameOf } from "../core/elements/argNames";
import { registry } from "../core/session/coordinator";
import { changedPaths, subElementsDiffer } from "../core/elements/diff";
import { elementOperations } from "../core/elements/elementOperations";
import { elementId, ElementInputs, ElementOutputs, isUnknown, SubElementInput, UNKNOWN } from "../core/elements/elementState";
import { holdsSecrets, withSecretsJoined } from "../core/elements/secretAttributes";
import {
  Context,
  importedInputs,
  inputPropertiesOf,
  inputsOf,
  keyOfId,
  outputsOf,
  previewOfCreate,
  previewOfUpdate,
  propertiesOf,
  propertyPath,
  ProviderConnection,
} from "./elementProperties";
import { configChanges, configFailures, connectionOf, refusePlainPasswords } from "./providerConfig";
import { keepNumberSpellings } from "./numberSpellings";
import { schemaText } from "./schema";
import { ADOPT, attributeProperties, CONFIG_ELEMENT, elementTypeOfToken, EXTRA_SUB_ELEMENTS, subElementProperties, tokenOf } from "./tokens";
import { genericInputPropertiesOf, genericInputsOf, genericKeyOfId, genericOutputsOf, genericPropertiesOf, genericPropertyPath } from "./genericProperties";
import { PLUGIN_VERSION } from "./version";
import { concealProperties, fromStruct, PropertyMap, revealProperties, toStruct } from "./wire";

type Handler<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

/** An async method as a unary gRPC handler: a thrown error becomes the call's error, its message what the engine shows. */
function unary<Req, Res>(method: (request: Req) => Promise<Res> | Res): Handler<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => method(call.request))
      .then(
        (response) => callback(null, response),
        (err: unknown) => callback({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) }),
      );
  };
}

function unimplemented(name: string): Handler<unknown, unknown> {
  return (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `the sbc provider does not implement ${name}` });
}

const POLL_MS = 100;

/** Resolves once no lock session of this process is running: every SBC's lock released, every commit done. */
async function sessionsIdle(): Promise<void> {
  while (![...registry().coordinators.values()].every((c) => c.session.idle)) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function checkResponse(inputs: Struct | undefined, failures: CheckFailure[]): rpc.CheckResponse {
  const response = new rpc.CheckResponse();
  if (inputs) response.setInputs(inputs);
  response.setFailuresList(failures.map((f) => new rpc.CheckFailure().setProperty(f.property).setReason(f.reason)));
  return response;
}

/** What every resource request carries: the resource's type, name and URN. */
interface Addressed {
  getType(): string;
  getName(): string;
  getUrn(): string;
}

function plainOf(struct: Struct | undefined): PropertyMap {
  return revealProperties(fromStruct(struct)).plain;
}

/** The old inputs the engine sends with diff, update and delete (absent from engines that predate them). */
function oldInputsOf(req: { hasOldInputs(): boolean; getOldInputs(): Struct | undefined }): PropertyMap | undefined {
  return req.hasOldInputs() ? plainOf(req.getOldInputs()) : undefined;
}

/** An attribute is shown against what the SBC holds (inputDiff false), as diff compares it there. */
function propertyDiff(kind: rpc.PropertyDiff.Kind, inputDiff = false): rpc.PropertyDiff {
  return new rpc.PropertyDiff().setKind(kind).setInputdiff(inputDiff);
}

/** What a resource request is about: a typed resource (its element type fixed) or the generic ConfigElement. */
interface Resource {
  /** The catalog's entry of a typed resource; undefined for sbc:index:ConfigElement. */
  spec?: ElementTypeSpec;
  context: Context;
}

/** The provider's state between calls: what Configure gave it. The element types are the built-in catalog's, as the implementation's. */
export class SbcProvider {
  private connection: ProviderConnection = { settings: {} };
  private readonly catalog: Catalog = builtinCatalog;
  private schema?: string;

  private specOf(type: string, urn: string): ElementTypeSpec | undefined {
    const token = type || urn.split("::")[2]?.split("$").pop() || "";
    if (token === tokenOf(CONFIG_ELEMENT)) return undefined;
    const spec = elementTypeOfToken(this.catalog, token);
    if (!spec) throw new Error(`${token || urn} is not a resource type of the sbc provider`);
    return spec;
  }

  /** The element type a request is about, and what its inputs are besides its properties. */
  private resourceOf(req: Addressed): Resource {
    const spec = this.specOf(req.getType(), req.getUrn());
    const name = req.getName() || req.getUrn().split("::")[3] || "";
    return { spec, context: { connection: this.connection, owner: `sbc:${spec ? typeNameOf(spec.name) : CONFIG_ELEMENT}::${name}` } };
  }

  private inputsOf(r: Resource, props: PropertyMap, secrets: ReadonlySet<string>): { inputs: ElementInputs; failures: CheckFailure[] } {
    return r.spec ? inputsOf(r.spec, props, secrets, r.context) : genericInputsOf(props, secrets, r.context);
  }

  private outputsOf(r: Resource, state: PropertyMap, oldInputs: PropertyMap | undefined): ElementOutputs {
    return r.spec ? outputsOf(r.spec, state, oldInputs, r.context) : genericOutputsOf(state, oldInputs, r.context);
  }

  private propertyPath(r: Resource, path: string): string {
    return r.spec ? propertyPath(r.spec, path) : genericPropertyPath(path);
  }

  /** The native outputs of ElementOutputs, secrets wrapped: the catalog's, and whatever the program sent as secret. */
  private nativeOutputs(r: Resource, outputs: ElementOutputs, programSecrets: ReadonlySet<string>): PropertyMap {
    const { props, secrets } = r.spec ? propertiesOf(r.spec, outputs) : genericPropertiesOf(outputs);
    return concealProperties(props, new Set([...secrets, ...[...programSecrets].filter((p) => p in props)]));
  }

  readonly service: grpc.UntypedServiceImplementation = {
    getPluginInfo: unary(() => new plugin.PluginInfo().setVersion(PLUGIN_VERSION)),

    getSchema: unary((req: rpc.GetSchemaRequest) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      this.schema ??= schemaText(this.catalog.types(), PLUGIN_VERSION);
      return new rpc.GetSchemaResponse().setSchema(this.schema);
    }),

    checkConfig: unary((req: rpc.CheckRequest) => {
      const { plain } = revealProperties(fromStruct(req.getNews()));
      return checkResponse(req.getNews(), configFailures(plain));
    }),

    diffConfig: unary((req: rpc.DiffRequest) => {
      const olds = revealProperties(fromStruct(req.getOlds())).plain;
      const news = revealProperties(fromStruct(req.getNews())).plain;
      const { changed, replaces } = configChanges(olds, news);
      const response = new rpc.DiffResponse()
        .setChanges(changed.length > 0 ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
        .setDiffsList(changed)
        .setReplacesList(replaces)
        .setHasdetaileddiff(true);
      for (const field of changed) {
        const kind = replaces.includes(field) ? rpc.PropertyDiff.Kind.UPDATE_REPLACE : rpc.PropertyDiff.Kind.UPDATE;
        response.getDetaileddiffMap().set(field, new rpc.PropertyDiff().setKind(kind).setInputdiff(true));
      }
      return response;
    }),

    configure: unary((req: rpc.ConfigureRequest) => {
      let config: PropertyMap;
      if (req.hasArgs()) {
        // Only here does the engine say which values are secret (CheckConfig gets them all in the clear).
        const { plain, secrets } = revealProperties(fromStruct(req.getArgs()));
        refusePlainPasswords(plain, secrets);
        config = plain;
      } else {
        // Older engines send only `variables`: `sbc:config:host` → its value as text.
        config = {};
        req.getVariablesMap().forEach((value, key) => (config[key.slice(key.lastIndexOf(":") + 1)] = value));
      }
      this.connection = connectionOf(config);
      return new rpc.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true).setAcceptresources(false).setAcceptoutputs(false);
    }),

    check: unary(async (req: rpc.CheckRequest) => {
      const r = this.resourceOf(req);
      const given = fromStruct(req.getNews());
      const raw = keepNumberSpellings(given, fromStruct(req.getOlds()));
      const news = raw === given ? req.getNews() : toStruct(raw);
      const { plain, secrets } = revealProperties(raw);
      const { inputs, failures } = this.inputsOf(r, plain, secrets);
      if (failures.length > 0) return checkResponse(news, failures);
      const result = await elementOperations.check({}, inputs as unknown as Record<string, unknown>);
      return checkResponse(news, (result.failures ?? []).map((f) => ({ property: this.propertyPath(r, f.property), reason: f.reason })));
    }),

    diff: unary(async (req: rpc.DiffRequest) => {
      const r = this.resourceOf(req);
      const state = plainOf(req.getOlds());
      const { plain, secrets } = revealProperties(fromStruct(req.getNews()));
      const olds = this.outputsOf(r, state, oldInputsOf(req));
      const news = this.inputsOf(r, plain, secrets).inputs;
      const outcome = await elementOperations.diff(req.getId(), olds, news);
      const replaces = (outcome.replaces ?? []).map((path) => this.propertyPath(r, path));
      const stables = r.spec ? attributeProperties(r.spec).filter((p) => p.attr.key).map((p) => p.prop) : ["elementType"];
      const response = new rpc.DiffResponse()
        .setChanges(outcome.changes ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(replaces)
        .setDeletebeforereplace(outcome.deleteBeforeReplace ?? false)
        .setStablesList(replaces.length > 0 ? [] : stables)
        .setHasdetaileddiff(true);
      const detailed = response.getDetaileddiffMap();
      for (const path of changedPaths(withSecretsJoined(olds), withSecretsJoined(news), r.spec)) {
        if (path === "subElements") {
          for (const [prop, wanted, held] of this.subElementLists(r, plain, olds, news)) {
            if (isUnknown(news.subElements) || subElementsDiffer(wanted, held)) {
              // Shown against the old inputs: the SBC's copy carries every default of every item.
              detailed.set(prop, propertyDiff(prop in state ? rpc.PropertyDiff.Kind.UPDATE : rpc.PropertyDiff.Kind.ADD, true));
            }
          }
          continue;
        }
        const prop = this.propertyPath(r, path);
        if (prop === path) continue;
        const replacing = replaces.includes(prop);
        const top = prop.split(/[.[]/)[0];
        const kind = !(top in plain) || (prop !== top && !this.inProgram(plain, prop))
          ? rpc.PropertyDiff.Kind.DELETE
          : !(top in state)
            ? replacing ? rpc.PropertyDiff.Kind.ADD_REPLACE : rpc.PropertyDiff.Kind.ADD
            : replacing ? rpc.PropertyDiff.Kind.UPDATE_REPLACE : rpc.PropertyDiff.Kind.UPDATE;
        detailed.set(prop, propertyDiff(kind));
      }
      response.setDiffsList([...new Set([...detailed.keys()].map((p) => p.split(/[.[]/)[0]))] as unknown as string[]);
      return response;
    }),

    create: unary(async (req: rpc.CreateRequest) => {
      const r = this.resourceOf(req);
      const { plain, secrets } = revealProperties(fromStruct(req.getProperties()));
      const response = new rpc.CreateResponse();
      if (req.getPreview()) {
        const preview = r.spec ? previewOfCreate(r.spec, plain) : { ...plain, key: UNKNOWN };
        return response.setId("").setProperties(toStruct(concealProperties(preview, this.secretProps(r, secrets))));
      }
      const { inputs } = this.inputsOf(r, plain, secrets);
      const { id, outs } = await elementOperations.create(inputs);
      return response.setId(id).setProperties(toStruct(this.nativeOutputs(r, outs as ElementOutputs, secrets)));
    }),

    update: unary(async (req: rpc.UpdateRequest) => {
      const r = this.resourceOf(req);
      const state = plainOf(req.getOlds());
      const oldInputs = oldInputsOf(req);
      const { plain, secrets } = revealProperties(fromStruct(req.getNews()));
      const response = new rpc.UpdateResponse();
      if (req.getPreview()) {
        const preview = r.spec ? previewOfUpdate(r.spec, state, plain, oldInputs) : { ...plain, key: state.key };
        return response.setProperties(toStruct(concealProperties(preview, this.secretProps(r, secrets))));
      }
      const olds = this.outputsOf(r, state, oldInputs);
      const news = this.inputsOf(r, plain, secrets).inputs;
      const { outs } = await elementOperations.update(req.getId(), olds, news);
      return response.setProperties(toStruct(this.nativeOutputs(r, outs as ElementOutputs, secrets)));
    }),

    delete: unary(async (req: rpc.DeleteRequest) => {
      const r = this.resourceOf(req);
      await elementOperations.delete(req.getId(), this.outputsOf(r, plainOf(req.getProperties()), oldInputsOf(req)));
      return new Empty();
    }),

    read: unary(async (req: rpc.ReadRequest) => {
      const r = this.resourceOf(req);
      const state = plainOf(req.getProperties());
      const given = req.hasInputs() ? revealProperties(fromStruct(req.getInputs())) : undefined;
      // `pulumi import` reads with the id alone: the element it names, its program made from what the SBC holds.
      const importing = Object.keys(state).length === 0;
      const olds = this.outputsOf(r, state, importing ? undefined : given?.plain);
      const named = importing ? (r.spec ? { elementType: r.spec.name, key: keyOfId(r.spec, req.getId()) } : genericKeyOfId(req.getId())) : undefined;
      const result = await elementOperations.read(req.getId(), { ...olds, ...(named ?? {}), key: named?.key ?? olds.key }, { importing });
      const response = new rpc.ReadResponse();
      if (!result.id || !result.props || !result.spec) return response.setId("");
      const outs = result.props as ElementOutputs;
      const programSecrets = given?.secrets ?? new Set<string>();
      const read = importing ? importedInputs(result.spec, outs) : this.refreshedInputs(r, result.inputs as ElementInputs, given?.plain);
      const inputs = r.spec ? inputPropertiesOf(r.spec, read) : genericInputPropertiesOf(read);
      return response
        .setId(elementId(result.spec.name, named?.key ?? outs.key))
        .setProperties(toStruct(this.nativeOutputs(r, outs, programSecrets)))
        .setInputs(toStruct(concealProperties(inputs.props, new Set([...inputs.secrets, ...programSecrets]))));
    }),

    // The engine sends Cancel before it ends the plugin, at every shutdown and on Ctrl-C: answer once
    // no lock session is running, so that the SBC's lock is released and every change committed by
    // then. Exiting here would make the engine report the plugin as crashed; it kills the process itself.
    cancel: unary(async () => {
      await sessionsIdle();
      return new Empty();
    }),

    attach: unary(() => new Empty()),
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    list: unimplemented("List"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
  };

  /** Whether a property path below a top-level property (`extraAttributes["x"]`) is in what the program gives. */
  private inProgram(plain: PropertyMap, prop: string): boolean {
    const m = /^(\w+)\["([^"]+)"\]/.exec(prop);
    if (!m) return true;
    const map = plain[m[1]] as Record<string, unknown> | undefined;
    return !!map && typeof map === "object" && m[2] in map;
  }

  /**
   * The sub-element list properties the program gives, with the items it wants and those the SBC
   * holds: per sub-element type for a typed resource (`sipPorts`; `extraSubElements` for the types
   * the catalog lacks), the one `subElements` of a ConfigElement.
   */
  private subElementLists(r: Resource, plain: PropertyMap, olds: ElementOutputs, news: ElementInputs): [string, SubElementInput[], SubElementInput[]][] {
    const pick = (list: SubElementInput[] | undefined, keep: (type: string) => boolean) => (isUnknown(list) ? [] : (list ?? []).filter((s) => keep(s.elementType)));
    if (!r.spec) return plain.subElements === undefined ? [] : [["subElements", pick(news.subElements, () => true), pick(olds.subElements, () => true)]];
    const spec = r.spec;
    const lists: [string, SubElementInput[], SubElementInput[]][] = subElementProperties(spec)
      .filter(({ prop }) => plain[prop] !== undefined)
      .map(({ prop, spec: sub }) => [prop, pick(news.subElements, (t) => t === sub.name), pick(olds.subElements, (t) => t === sub.name)]);
    const extra = (t: string) => !subElementProperties(spec).some((p) => p.spec.name === t);
    if (plain[EXTRA_SUB_ELEMENTS] !== undefined) lists.push([EXTRA_SUB_ELEMENTS, pick(news.subElements, extra), pick(olds.subElements, extra)]);
    return lists;
  }

  /**
   * The inputs refresh records: what the SBC holds for the attributes the program sets; the
   * program's own sub-element items while the SBC still matches them, as the SBC's copies carry
   * every default and would then show in every later diff of the list.
   */
  private refreshedInputs(r: Resource, read: ElementInputs, given: PropertyMap | undefined): ElementInputs {
    const old = given && this.inputsOf(r, given, new Set()).inputs;
    const kept = old?.subElements !== undefined && read.subElements !== undefined && !isUnknown(old.subElements) && !subElementsDiffer(old.subElements, read.subElements);
    return kept ? { ...read, subElements: old.subElements } : read;
  }

  /** The output properties to keep secret: the catalog's secret attributes, and what the program sent as secret. */
  private secretProps(r: Resource, programSecrets: ReadonlySet<string>): Set<string> {
    const spec = r.spec;
    const catalogs = spec
      ? [...attributeProperties(spec).filter((p) => p.attr.secret).map((p) => p.prop), ...subElementProperties(spec).filter((p) => holdsSecrets(p.spec)).map((p) => p.prop)]
      : [];
    return new Set([...catalogs, ...programSecrets].filter((p) => p !== ADOPT));
  }
}

/** Serves the provider on a loopback port; resolves with the server and its port. */
export async function serve(): Promise<{ server: grpc.Server; port: number; provider: SbcProvider }> {
  const provider = new SbcProvider();
  // A request over grpc-js's default 4 MB limit would fail outright; Pulumi's own servers allow 400 MB.
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, provider.service);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, port, provider };
}
