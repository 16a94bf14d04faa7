/**
 * The native plugin served in this process (provider/native/server.ts) and a gRPC client that
 * calls it as the engine does, with plain objects in and out (google.protobuf.Struct as JS).
 */
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { serve } from "../../provider/native/server";

export const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function secret(value: unknown): Record<string, unknown> {
  return { ...SECRET_SIG, value };
}

export function struct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Record<string, never>);
}

type Props = Record<string, unknown>;

export interface NativePlugin {
  client: ResourceProviderClient;
  call<Req, Res>(method: string, request: Req): Promise<Res>;
  configure(config: Props): Promise<rpc.ConfigureResponse>;
  /** `olds`: the inputs the last check returned (none for a new resource). */
  check(type: string, name: string, news: Props, olds?: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(type: string, name: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<rpc.DiffResponse.AsObject>;
  create(type: string, name: string, props: Props, preview?: boolean): Promise<{ id: string; properties: Props }>;
  update(type: string, name: string, id: string, olds: Props, news: Props, oldInputs: Props, preview?: boolean): Promise<Props>;
  read(type: string, name: string, id: string, properties?: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs: Props }>;
  delete(type: string, name: string, id: string, properties: Props, oldInputs: Props): Promise<void>;
  close(): Promise<void>;
}

function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::yaml::${type}::${name}`;
}

/** Starts the plugin's server on a loopback port and connects a client to it. */
export async function startNativePlugin(): Promise<NativePlugin> {
  const { server, port } = await serve();
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <Req, Res>(method: string, request: Req) =>
    new Promise<Res>((resolve, reject) => {
      const fn = (client as unknown as Record<string, (r: Req, cb: (err: Error | null, res: Res) => void) => void>)[method].bind(client);
      fn(request, (err, res) => (err ? reject(err) : resolve(res)));
    });
  const named = <T extends { setUrn(u: string): T; setType(t: string): T; setName(n: string): T }>(req: T, type: string, name: string) =>
    req.setUrn(urnOf(type, name)).setType(type).setName(name);
  return {
    client,
    call,
    configure: (config) => call("configure", new rpc.ConfigureRequest().setArgs(struct(config)).setAcceptsecrets(true)),
    async check(type, name, news, olds = {}) {
      const res = await call<rpc.CheckRequest, rpc.CheckResponse>("check", named(new rpc.CheckRequest(), type, name).setNews(struct(news)).setOlds(struct(olds)));
      return { inputs: (res.getInputs()?.toJavaScript() ?? {}) as Props, failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
    },
    async diff(type, name, id, olds, news, oldInputs) {
      const req = named(new rpc.DiffRequest(), type, name).setId(id).setOlds(struct(olds)).setNews(struct(news)).setOldInputs(struct(oldInputs));
      return (await call<rpc.DiffRequest, rpc.DiffResponse>("diff", req)).toObject();
    },
    async create(type, name, props, preview = false) {
      const res = await call<rpc.CreateRequest, rpc.CreateResponse>("create", named(new rpc.CreateRequest(), type, name).setProperties(struct(props)).setPreview(preview));
      return { id: res.getId(), properties: (res.getProperties()?.toJavaScript() ?? {}) as Props };
    },
    async update(type, name, id, olds, news, oldInputs, preview = false) {
      const req = named(new rpc.UpdateRequest(), type, name).setId(id).setOlds(struct(olds)).setNews(struct(news)).setOldInputs(struct(oldInputs)).setPreview(preview);
      return ((await call<rpc.UpdateRequest, rpc.UpdateResponse>("update", req)).getProperties()?.toJavaScript() ?? {}) as Props;
    },
    async read(type, name, id, properties = {}, inputs = {}) {
      const req = named(new rpc.ReadRequest(), type, name).setId(id).setProperties(struct(properties)).setInputs(struct(inputs));
      const res = await call<rpc.ReadRequest, rpc.ReadResponse>("read", req);
      return { id: res.getId(), properties: (res.getProperties()?.toJavaScript() ?? {}) as Props, inputs: (res.getInputs()?.toJavaScript() ?? {}) as Props };
    },
    async delete(type, name, id, properties, oldInputs) {
      await call("delete", named(new rpc.DeleteRequest(), type, name).setId(id).setProperties(struct(properties)).setOldInputs(struct(oldInputs)));
    },
    async close() {
      client.close();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}
