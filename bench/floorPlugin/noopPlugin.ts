/**
 * The engine's floor for the production-seed rows (bench/productionCli.ts): an `sbc` resource
 * plugin that serves the real plugin's schema, so that the same import file and the same YAML
 * program run through it, and does nothing else: no SBC, no checks, no diffs. Like the dynamic
 * floor (bench/program/noopResources.ts), what it stores is what it was given, echoed as outputs.
 * An import has nothing given but an id, so it answers with the inputs the real plugin imported
 * for that id, read from the JSON file BENCH_FLOOR_RECORD names (id → inputs): both stacks then
 * run the same resources with the same inputs, and only the provider's own work differs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";

const SCHEMA = fs.readFileSync(path.join(__dirname, "..", "..", "provider", "native", "schema.json"), "utf8");
const VERSION = (JSON.parse(SCHEMA) as { version: string }).version;
const RECORD: Record<string, Record<string, unknown>> = process.env.BENCH_FLOOR_RECORD
  ? (JSON.parse(fs.readFileSync(process.env.BENCH_FLOOR_RECORD, "utf8")) as Record<string, Record<string, unknown>>)
  : {};

type Handler = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => void;

function unary<Req>(method: (request: Req) => unknown): Handler {
  return (call, callback) => callback(null, method(call.request as Req));
}

let created = 0;

const service: grpc.UntypedServiceImplementation = {
  getPluginInfo: unary(() => new plugin.PluginInfo().setVersion(VERSION)),
  getSchema: unary(() => new rpc.GetSchemaResponse().setSchema(SCHEMA)),
  checkConfig: unary((req: rpc.CheckRequest) => new rpc.CheckResponse().setInputs(req.getNews())),
  diffConfig: unary(() => new rpc.DiffResponse().setChanges(rpc.DiffResponse.DiffChanges.DIFF_NONE)),
  configure: unary(() => new rpc.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true)),
  check: unary((req: rpc.CheckRequest) => new rpc.CheckResponse().setInputs(req.getNews())),
  diff: unary(() => new rpc.DiffResponse().setChanges(rpc.DiffResponse.DiffChanges.DIFF_NONE)),
  create: unary((req: rpc.CreateRequest) => new rpc.CreateResponse().setId(`noop-${++created}`).setProperties(req.getProperties())),
  update: unary((req: rpc.UpdateRequest) => new rpc.UpdateResponse().setProperties(req.getNews())),
  delete: unary(() => new Empty()),
  read: unary((req: rpc.ReadRequest) => {
    const response = new rpc.ReadResponse().setId(req.getId());
    // A refresh: the state as it is.
    if (req.getProperties() && Object.keys(req.getProperties()!.toJavaScript()).length > 0) {
      return response.setProperties(req.getProperties()).setInputs(req.getInputs() ?? new Struct());
    }
    const inputs = RECORD[req.getId()];
    if (!inputs) return response.setId("");
    const struct = Struct.fromJavaScript(inputs as Record<string, never>);
    return response.setProperties(struct).setInputs(struct);
  }),
  cancel: unary(() => new Empty()),
  attach: unary(() => new Empty()),
};

const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
server.addService(ResourceProviderService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`floor plugin: ${err.message}`);
    process.exit(1);
  }
  process.stdout.write(`${port}\n`);
});
