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
import { elementId, ElementInputs, ElementOutputs, isUnknown } from "../core/elements/elementState";
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
import { schemaText } from "./schema";
import { ADOPT, attributeProperties, elementTypeOfToken, subElementProperties } from "./tokens";
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

/** The provider's state between calls: what Configure gave it. The element types are the built-in catalog's, as the implementation's. */
export class SbcProvider {
  private connection: ProviderConnection = { settings: {} };
  private readonly catalog: Catalog = builtinCatalog;
  private schema?: string;

  private specOf(type: string, urn: string): ElementTypeSpec {
    const token = type || urn.split("::")[2]?.split("$").pop() || "";
    const spec = elementTypeOfToken(this.catalog, token);
    if (!spec) throw new Error(`${token || urn} is not a resource type of the sbc provider`);
    return spec;
  }

  /** The element type a request is about, and what its inputs are besides its properties. */
  private resourceOf(req: Addressed): { spec: ElementTypeSpec; context: Context } {
    const spec = this.specOf(req.getType(), req.getUrn());
    const name = req.getName() || req.getUrn().split("::")[3] || "";
    return { spec, context: { connection: this.connection, owner: `sbc:${typeNameOf(spec.name)}::${name}` } };
  }

  /** The native outputs of ElementOutputs, secrets wrapped: the catalog's, and whatever the program sent as secret. */
  private nativeOutputs(spec: ElementTypeSpec, outputs: ElementOutputs, programSecrets: ReadonlySet<string>): PropertyMap {
    const { props, secrets } = propertiesOf(spec, outputs);
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
      const { spec, context } = this.resourceOf(req);
      const { plain, secrets } = revealProperties(fromStruct(req.getNews()));
      const { inputs, failures } = inputsOf(spec, plain, secrets, context);
      if (failures.length > 0) return checkResponse(req.getNews(), failures);
      const result = await elementOperations.check({}, inputs as unknown as Record<string, unknown>);
      return checkResponse(req.getNews(), (result.failures ?? []).map((f) => ({ property: propertyPath(spec, f.property), reason: f.reason })));
    }),

    diff: unary(async (req: rpc.DiffRequest) => {
      const { spec, context } = this.resourceOf(req);
      const state = plainOf(req.getOlds());
      const { plain, secrets } = revealProperties(fromStruct(req.getNews()));
      const olds = outputsOf(spec, state, oldInputsOf(req), context);
      const news = inputsOf(spec, plain, secrets, context).inputs;
      const outcome = await elementOperations.diff(req.getId(), olds, news);
      const replaces = (outcome.replaces ?? []).map((path) => propertyPath(spec, path));
      const response = new rpc.DiffResponse()
        .setChanges(outcome.changes ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(replaces)
        .setDeletebeforereplace(outcome.deleteBeforeReplace ?? false)
        .setStablesList(replaces.length > 0 ? [] : attributeProperties(spec).filter((p) => p.attr.key).map((p) => p.prop))
        .setHasdetaileddiff(true);
      const detailed = response.getDetaileddiffMap();
      for (const path of changedPaths(withSecretsJoined(olds), withSecretsJoined(news), spec)) {
        if (path === "subElements") {
          // The list of each sub-element type the program gives and the SBC holds otherwise.
          const ofType = (list: typeof olds.subElements | undefined, type: string) => (list ?? []).filter((s) => s.elementType === type);
          for (const { prop, spec: sub } of subElementProperties(spec)) {
            if (plain[prop] === undefined) continue;
            if (isUnknown(news.subElements) || subElementsDiffer(ofType(news.subElements, sub.name), ofType(olds.subElements, sub.name))) {
              // Shown against the old inputs: the SBC's copy carries every default of every item.
              detailed.set(prop, propertyDiff(prop in state ? rpc.PropertyDiff.Kind.UPDATE : rpc.PropertyDiff.Kind.ADD, true));
            }
          }
          continue;
        }
        const prop = propertyPath(spec, path);
        if (prop === path) continue;
        const replacing = replaces.includes(prop);
        const kind = !(prop in plain)
          ? rpc.PropertyDiff.Kind.DELETE
          : !(prop in state)
            ? replacing ? rpc.PropertyDiff.Kind.ADD_REPLACE : rpc.PropertyDiff.Kind.ADD
            : replacing ? rpc.PropertyDiff.Kind.UPDATE_REPLACE : rpc.PropertyDiff.Kind.UPDATE;
        detailed.set(prop, propertyDiff(kind));
      }
      response.setDiffsList([...detailed.keys()] as unknown as string[]);
      return response;
    }),

    create: unary(async (req: rpc.CreateRequest) => {
      const { spec, context } = this.resourceOf(req);
      const { plain, secrets } = revealProperties(fromStruct(req.getProperties()));
      const response = new rpc.CreateResponse();
      if (req.getPreview()) {
        return response.setId("").setProperties(toStruct(concealProperties(previewOfCreate(spec, plain), this.secretProps(spec, secrets))));
      }
      const { inputs } = inputsOf(spec, plain, secrets, context);
      const { id, outs } = await elementOperations.create(inputs);
      return response.setId(id).setProperties(toStruct(this.nativeOutputs(spec, outs as ElementOutputs, secrets)));
    }),

    update: unary(async (req: rpc.UpdateRequest) => {
      const { spec, context } = this.resourceOf(req);
      const state = plainOf(req.getOlds());
      const oldInputs = oldInputsOf(req);
      const { plain, secrets } = revealProperties(fromStruct(req.getNews()));
      const response = new rpc.UpdateResponse();
      if (req.getPreview()) {
        return response.setProperties(toStruct(concealProperties(previewOfUpdate(spec, state, plain, oldInputs), this.secretProps(spec, secrets))));
      }
      const olds = outputsOf(spec, state, oldInputs, context);
      const news = inputsOf(spec, plain, secrets, context).inputs;
      const { outs } = await elementOperations.update(req.getId(), olds, news);
      return response.setProperties(toStruct(this.nativeOutputs(spec, outs as ElementOutputs, secrets)));
    }),

    delete: unary(async (req: rpc.DeleteRequest) => {
      const { spec, context } = this.resourceOf(req);
      await elementOperations.delete(req.getId(), outputsOf(spec, plainOf(req.getProperties()), oldInputsOf(req), context));
      return new Empty();
    }),

    read: unary(async (req: rpc.ReadRequest) => {
      const { spec, context } = this.resourceOf(req);
      const state = plainOf(req.getProperties());
      const given = req.hasInputs() ? revealProperties(fromStruct(req.getInputs())) : undefined;
      // `pulumi import` reads with the id alone: the element it names, its program made from what the SBC holds.
      const importing = Object.keys(state).length === 0;
      const olds = outputsOf(spec, state, importing ? undefined : given?.plain, context);
      const key = importing ? keyOfId(spec, req.getId()) : olds.key;
      // An import records every attribute and sub-element the SBC holds; its program keeps what is off the defaults.
      const everything = importing ? { managedAttributes: spec.attributes.map((attr) => attr.name), subElements: [], managesSubElements: true } : {};
      const result = await elementOperations.read(req.getId(), { ...olds, key, ...everything });
      const response = new rpc.ReadResponse();
      if (!result.id || !result.props) return response.setId("");
      const outs = result.props as ElementOutputs;
      const programSecrets = given?.secrets ?? new Set<string>();
      const inputs = inputPropertiesOf(spec, importing ? importedInputs(spec, outs) : this.refreshedInputs(spec, result.inputs as ElementInputs, given?.plain, context));
      return response
        .setId(elementId(spec.name, key))
        .setProperties(toStruct(this.nativeOutputs(spec, outs, programSecrets)))
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

  /**
   * The inputs refresh records: what the SBC holds for the attributes the program sets; the
   * program's own sub-element items while the SBC still matches them, as the SBC's copies carry
   * every default and would then show in every later diff of the list.
   */
  private refreshedInputs(spec: ElementTypeSpec, read: ElementInputs, given: PropertyMap | undefined, context: Context): ElementInputs {
    const old = given && inputsOf(spec, given, new Set(), context).inputs;
    const kept = old?.subElements !== undefined && read.subElements !== undefined && !isUnknown(old.subElements) && !subElementsDiffer(old.subElements, read.subElements);
    return kept ? { ...read, subElements: old.subElements } : read;
  }

  /** The output properties to keep secret: the catalog's secret attributes, and what the program sent as secret. */
  private secretProps(spec: ElementTypeSpec, programSecrets: ReadonlySet<string>): Set<string> {
    return new Set([
      ...attributeProperties(spec).filter((p) => p.attr.secret).map((p) => p.prop),
      ...subElementProperties(spec).filter((p) => holdsSecrets(p.spec)).map((p) => p.prop),
      ...programSecrets,
    ].filter((p) => p !== ADOPT));
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
