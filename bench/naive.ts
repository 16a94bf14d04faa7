/**
 * The benchmark's baseline: what a provider without group commit does — every element alone, in
 * wave order, each in its own lock → create → verify → save → activate → unlock.
 */
import { EmulatorHandle } from "../emulator";
import { SbcClient } from "../client/client";
import { ConfigElement } from "../client/types";
import { commitByHand } from "../tests/support/emulator";

export async function naive(e: EmulatorHandle, elements: ConfigElement[]): Promise<void> {
  const client = new SbcClient({ host: e.url, username: "admin", password: "admin" });
  try {
    for (const element of elements) await commitByHand(client, (c) => c.createElement(element));
  } finally {
    await client.close();
  }
}
