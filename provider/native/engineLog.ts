/**
 * The core's messages (a commit rolled back and its staged changes discarded, TLS verification
 * off, lock waits) shown by the engine, as the dynamic front end shows them through pulumi.log:
 * sent with the engine's Log RPC. Without this they went to the plugin's stderr, which the CLI
 * does not show.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { setCoreLog } from "../core/log";

export function logToEngine(address: string): void {
  const engine = new EngineClient(address, grpc.credentials.createInsecure());
  const send = (severity: LogSeverity, message: string) =>
    engine.log(new LogRequest().setSeverity(severity).setMessage(message), (err) => {
      // The engine is gone (or going): the message is still worth having somewhere.
      if (err) process.stderr.write(`${message}\n`);
    });
  setCoreLog({ info: (message) => send(LogSeverity.INFO, message), warn: (message) => send(LogSeverity.WARNING, message) });
}
