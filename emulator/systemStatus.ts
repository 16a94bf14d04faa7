/**
 * What `system/status` reports: host name, uptime, health and the high-availability role that
 * clients read to find the active node of an HA pair before changing anything. The role is set by
 * tests (`setRole`); it is reported only, as nothing in Oracle's reference says what a standby
 * refuses.
 */
import { buildVersionOf } from "../client/catalog/releases";
import { encodeTree } from "../client/xmlCodec";

/** `standalone` as real SBCs outside a pair report it; the others from Oracle's schema. */
export const HA_ROLES = ["standalone", "active", "standby", "out of service"] as const;
export type HaRole = (typeof HA_ROLES)[number];

const PEER_ROLE: Record<Exclude<HaRole, "standalone">, HaRole> = {
  active: "standby",
  standby: "active",
  "out of service": "active",
};

export class SystemStatus {
  role: HaRole = "standalone";
  readonly hostName = "sbc-emulator";
  readonly peerName = "sbc-emulator-peer";
  private readonly startedAt = Date.now();

  /** `release`: the SBC release it reports in `system/information` (the metadata it serves is that release's). */
  constructor(readonly release: string) {}

  /** `system/information`, in Oracle's schema's fields: the build version names the release. */
  informationXml(): string {
    return encodeTree({
      systemInformation: {
        productName: "Acme Packet OS VM (emulator)",
        buildVersion: buildVersionOf(this.release),
        upTimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
        location: "pulumi-oracle-sbc emulator",
        name: this.hostName,
        serialNum: "EMULATOR",
      },
    });
  }

  setRole(role: string): void {
    if (!(HA_ROLES as readonly string[]).includes(role)) {
      throw new RangeError(`role must be one of ${HA_ROLES.join(", ")}; got ${JSON.stringify(role)}`);
    }
    this.role = role as HaRole;
  }

  /** Oracle's 10.0 example, in its order; the HA fields of its schema only for a node of a pair. */
  dataXml(): string {
    const status: Record<string, unknown> = {
      uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
      hostName: this.hostName,
      systemState: "online",
      role: this.role,
      healthScorePercent: 100,
    };
    if (this.role !== "standalone") {
      Object.assign(status, { haPeerName: this.peerName, haPeerRole: PEER_ROLE[this.role], haHealthScorePercent: 100 });
    }
    return encodeTree(status);
  }
}
