/**
 * The real dynamic-provider plugin that @pulumi/pulumi ships (`cmd/dynamic-provider`), started as
 * the engine starts it (one process per operation, working directory = the project), and driven
 * over gRPC with the client stubs the package ships. Payloads are google.protobuf.Structs, as
 * the engine sends them.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";

type Json = Record<string, unknown>;

export interface DiffResponse {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface CheckResponse {
  inputs: Json;
  failures: { property: string; reason: string }[];
}

const PLUGIN = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "dynamic-provider", "index.js");

/** Output the plugin printed (stdout past the port line, and stderr), for assertions on logs. */
export interface ProviderOutput {
  text: string;
}

/** Plugins started by this process that have not exited, from the moment they are spawned. */
const running = new Set<ChildProcess>();

/**
 * Kills every plugin this process started that still runs: for a process that exits at once (the
 * demo on Ctrl-C), whose plugins the signal did not reach and nothing else would stop. Synchronous,
 * so it can run in an "exit" handler.
 */
export function killStartedProviders(): void {
  for (const child of running) child.kill("SIGKILL");
}

export class ProviderProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerRpc.ResourceProviderClient,
    readonly output: ProviderOutput,
  ) {}

  static async start(cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProviderProcess> {
    const child = spawn(process.execPath, [PLUGIN, "127.0.0.1:0"], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.once("exit", () => running.delete(child));
    const output: ProviderOutput = { text: "" };
    const port = await new Promise<number>((resolve, reject) => {
      let buffered = "";
      const onData = (chunk: Buffer): void => {
        buffered += chunk.toString();
        const line = /^(\d+)\s*\n/.exec(buffered);
        if (line) {
          child.stdout!.off("data", onData);
          output.text += buffered.slice(line[0].length);
          child.stdout!.on("data", (c: Buffer) => (output.text += c.toString()));
          resolve(Number(line[1]));
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (c: Buffer) => (output.text += c.toString()));
      child.once("exit", (code) => reject(new Error(`dynamic-provider exited (${code}) before printing its port: ${output.text}`)));
    });
    const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderProcess(child, client, output);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private call<Req, Res>(method: string, request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      (this.client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void>)[method](
        request,
        (err, res) => (err ? reject(new Error(err.details || err.message)) : resolve(res)),
      );
    });
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new providerProto.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(config as never));
    for (const [k, v] of Object.entries(config)) req.getVariablesMap().set(k, v);
    await this.call("configure", req);
  }

  async check(urn: string, olds: Json, news: Json): Promise<CheckResponse> {
    const req = new providerProto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds as never));
    req.setNews(Struct.fromJavaScript(news as never));
    const res = await this.call<providerProto.CheckRequest, providerProto.CheckResponse>("check", req);
    return {
      inputs: (res.getInputs()?.toJavaScript() ?? {}) as Json,
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Json, news: Json): Promise<DiffResponse> {
    const req = new providerProto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds as never));
    req.setNews(Struct.fromJavaScript(news as never));
    const res = await this.call<providerProto.DiffRequest, providerProto.DiffResponse>("diff", req);
    const changes = res.getChanges();
    const Changes = providerProto.DiffResponse.DiffChanges;
    return {
      changes: changes === Changes.DIFF_NONE ? "none" : changes === Changes.DIFF_SOME ? "some" : "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Json): Promise<{ id: string; outputs: Json }> {
    const req = new providerProto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(properties as never));
    const res = await this.call<providerProto.CreateRequest, providerProto.CreateResponse>("create", req);
    return { id: res.getId(), outputs: (res.getProperties()?.toJavaScript() ?? {}) as Json };
  }

  async update(urn: string, id: string, olds: Json, news: Json): Promise<Json> {
    const req = new providerProto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds as never));
    req.setNews(Struct.fromJavaScript(news as never));
    const res = await this.call<providerProto.UpdateRequest, providerProto.UpdateResponse>("update", req);
    return (res.getProperties()?.toJavaScript() ?? {}) as Json;
  }

  async delete(urn: string, id: string, properties: Json): Promise<void> {
    const req = new providerProto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(properties as never));
    await this.call("delete", req);
  }

  async read(urn: string, id: string, properties: Json, inputs: Json): Promise<{ id: string; outputs: Json; inputs?: Json }> {
    const req = new providerProto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(properties as never));
    req.setInputs(Struct.fromJavaScript(inputs as never));
    const res = await this.call<providerProto.ReadRequest, providerProto.ReadResponse>("read", req);
    const newInputs = res.getInputs();
    return {
      id: res.getId(),
      outputs: (res.getProperties()?.toJavaScript() ?? {}) as Json,
      inputs: newInputs ? (newInputs.toJavaScript() as Json) : undefined,
    };
  }

  /** Stops the plugin as the engine does: SIGINT, then a hard kill after 5 s. */
  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGINT");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the plugin at once (a crashed or cancelled run). */
  kill(): void {
    this.child.kill("SIGKILL");
  }
}
