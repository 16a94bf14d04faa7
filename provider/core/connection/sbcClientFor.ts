/**
 * The SBC REST client for a resolved connection, as the provider and sbc-export both make it:
 * requests time out after requestTimeoutSeconds and repeatable ones are retried for twice as long.
 */
import { SbcClient } from "../../../client/client";
import { ResolvedConnection } from "./connection";

export function sbcClientFor(connection: ResolvedConnection): SbcClient {
  return new SbcClient({
    host: connection.host,
    username: connection.username,
    password: connection.password,
    apiVersion: connection.apiVersion,
    caCert: connection.caCert,
    insecure: connection.insecure,
    requestTimeoutMs: connection.requestTimeoutSeconds * 1000,
    retry: { deadlineMs: connection.requestTimeoutSeconds * 2000 },
  });
}
