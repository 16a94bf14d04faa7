/** Assertions on the SDK's typed errors, shared by the SBC and SDM client tests. */

/** The error `promise` rejects with, which must be exactly of class `type`. */
export async function rejection<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    expect((err as Error).constructor).toBe(type);
    expect((err as Error).name).toBe(type.name);
    return err as T;
  }
  throw new Error(`expected ${type.name}, but the call succeeded with ${JSON.stringify(outcome)}`);
}

/** An SBC error (`sbcMessages`) or an SDM error (`sdmMessages`). */
type ServerError = Error & { status?: number; method: string; path: string } & ({ sbcMessages: string[] } | { sdmMessages: string[] });

/** Status, method, path and the server's messages on the error, and all of them in its message. */
export function expectDetails(err: ServerError, status: number | undefined, method: string, path: string, serverMessages?: string[]): void {
  const messages = "sbcMessages" in err ? err.sbcMessages : err.sdmMessages;
  expect({ status: err.status, method: err.method, path: err.path }).toEqual({ status, method, path });
  if (serverMessages) expect(messages).toEqual(serverMessages);
  for (const message of messages) expect(err.message).toContain(message);
  expect(err.message).toContain(`${method} ${path}`);
  if (status !== undefined) expect(err.message).toContain(`HTTP ${status}`);
}
