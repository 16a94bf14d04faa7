/**
 * The emulator's backup files as Oracle documents them: `POST configuration/management?action=backup`
 * writes one, `DELETE configuration/management/files?filename=F` removes it (204, under the lock;
 * 404 for no such file, 400 for a path), and the client's backup/restoreBackup/deleteBackup use them.
 */
import { NotFoundError, NoLockError } from "../client/errors";
import { clientFor, element, login, raw, useEmulator } from "./support/emulator";

const emulator = useEmulator({ activateMs: 20 });

test("a backup restores what it saved, and deleting it removes the file", async () => {
  const h = emulator();
  const client = clientFor(h);
  try {
    await client.lock();
    await client.backup("before-change");
    await client.createElement(element("realm-config", { identifier: "backup-r1" }));
    await client.restoreBackup("before-change");
    const editing = (h.sbc.store.stores.editing.get("realm-config") ?? []).map((e) => e.attributes.identifier);
    expect(editing).not.toContain("backup-r1");
    await client.deleteBackup("before-change");
    expect(h.sbc.store.backups.has("before-change")).toBe(false);
    await expect(client.deleteBackup("before-change")).rejects.toThrow(NotFoundError);
    await expect(client.deleteBackup("before-change")).rejects.toThrow(/backup file before-change not found/);
    await client.unlock();
    h.sbc.store.backups.set("kept", new Map());
    await expect(client.deleteBackup("kept")).rejects.toThrow(NoLockError);
    expect(h.sbc.store.backups.has("kept")).toBe(true);
  } finally {
    await client.close();
  }
});

test("a filename with a path is refused", async () => {
  const h = emulator();
  const token = await login(h.url);
  await raw(h.url, "POST", "/rest/v1.1/configuration/lock", { token });
  const res = await raw(h.url, "DELETE", "/rest/v1.1/configuration/management/files?filename=..%2Fboot", { token });
  expect(res.status).toBe(400);
  expect(res.messages.join(" ")).toMatch(/filename must be a file name in \/code\/bkups, not a path: \.\.\/boot/);
  await raw(h.url, "POST", "/rest/v1.1/configuration/unlock", { token });
});
