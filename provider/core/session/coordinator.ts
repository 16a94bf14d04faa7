/**
 * One coordinator per SBC per provider process: its REST client (one token, kept-alive
 * connections), its lock session (group commit, inside SDM's device lock when an SDM manages the
 * SBC) and its batched reads. The registry is process-wide (processWide.ts), so every
 * deserialized copy of the provider in the process — one per distinct `__provider` text, and
 * possibly from two installed copies of this package — shares it.
 */
import { SbcClient } from "../../../client/client";
import { SdmClient } from "../../../client/sdm";
import { CommitConfirm } from "./commitConfirm";
import { ResolvedConnection } from "../connection/connection";
import { ElementReader } from "./elementReader";
import { LockSession } from "./lockSession";
import { SessionLock } from "./sessionSteps";
import { sbcClientFor } from "../connection/sbcClientFor";
import { SdmDeviceLock } from "./sdmDeviceLock";
import { fileJournal } from "./stagedJournal";
import { coreLog } from "../log";
import { processWide } from "../processWide";
import { SbcMetadata } from "../metadata/sbcMetadata";

export class SbcCoordinator {
  readonly client: SbcClient;
  readonly session: LockSession;
  readonly reader: ElementReader;
  /** What the SBC says of itself (its release, its types' metadata), asked when the catalog cannot decide. */
  readonly metadata: SbcMetadata;

  constructor(readonly connection: ResolvedConnection) {
    this.client = sbcClientFor(connection);
    this.metadata = new SbcMetadata(this.client);
    if (connection.insecure) {
      coreLog().warn(`${this.client.origin}: TLS certificate verification is off (insecure: true); use caCert in production`);
    }
    // Refresh mirrors what the commit mode makes of a change: running when it is activated, else what is staged.
    this.reader = new ElementReader(this.client, { running: connection.commit === "activate" });
    const log = { info: (m: string) => coreLog().info(m), warn: (m: string) => coreLog().warn(m) };
    // The engine gives every plugin its project's name; the journal is this project's, on this SBC, as this user.
    const identity = { origin: this.client.origin, username: connection.username, password: connection.password, project: process.env.PULUMI_PROJECT ?? "" };
    const journal = fileJournal(this.client.catalog, identity, log.warn);
    this.session = new LockSession(
      this.client,
      {
        commit: connection.commit,
        lockTimeoutSeconds: connection.lockTimeoutSeconds,
        confirm: connection.confirm && new CommitConfirm(this.client, connection.confirm, log),
        discardStagedChanges: connection.discardStagedChanges,
        journal,
        metadata: this.metadata,
      },
      log,
      this.outerLocks(),
    );
  }

  private outerLocks(): SessionLock[] {
    const { sdm, requestTimeoutSeconds } = this.connection;
    if (!sdm) return [];
    const client = new SdmClient({
      url: sdm.url,
      username: sdm.username,
      password: sdm.password,
      apiVersion: sdm.apiVersion,
      caCert: sdm.caCert,
      insecure: sdm.insecure,
      requestTimeoutMs: requestTimeoutSeconds * 1000,
      retry: { deadlineMs: requestTimeoutSeconds * 2000 },
    });
    if (sdm.insecure) coreLog().warn(`${client.origin}: TLS certificate verification towards SDM is off (sdm.insecure: true); use sdm.caCert in production`);
    return [new SdmDeviceLock(client, sdm)];
  }
}

interface Registry {
  coordinators: Map<string, SbcCoordinator>;
  /** Stack config as `configure` received it (the same for every provider copy in the process). */
  stackConfig: Record<string, string>;
}

export function registry(): Registry {
  return processWide("registry.v1", () => ({ coordinators: new Map(), stackConfig: {} }));
}

/**
 * The coordinator for this SBC and user. Commit mode, lock timeout, discardStagedChanges and
 * confirm come from the first resource that reaches it: two coordinators for one SBC would
 * contend for its lock.
 */
export function coordinatorFor(connection: ResolvedConnection): SbcCoordinator {
  const { coordinators } = registry();
  const identity = JSON.stringify([
    connection.host,
    connection.username,
    connection.password,
    connection.apiVersion ?? "",
    connection.insecure,
    connection.caCert ?? "",
    connection.sdm ?? null,
  ]);
  let coordinator = coordinators.get(identity);
  if (!coordinator) {
    coordinator = new SbcCoordinator(connection);
    coordinators.set(identity, coordinator);
  } else if (
    coordinator.connection.commit !== connection.commit ||
    coordinator.connection.lockTimeoutSeconds !== connection.lockTimeoutSeconds ||
    coordinator.connection.discardStagedChanges !== connection.discardStagedChanges ||
    JSON.stringify(coordinator.connection.confirm) !== JSON.stringify(connection.confirm)
  ) {
    coreLog().warn(
      `${coordinator.client.origin}: resources ask for different commit/lockTimeoutSeconds/discardStagedChanges/confirm settings; ` +
        `using commit=${coordinator.connection.commit}, lockTimeoutSeconds=${coordinator.connection.lockTimeoutSeconds}, ` +
        `discardStagedChanges=${coordinator.connection.discardStagedChanges}, ` +
        `confirm=${JSON.stringify(coordinator.connection.confirm ?? false)} for all of them`,
    );
  }
  return coordinator;
}
