/**
 * A refused login reads as a login failure in one sentence: which element, the SBC, the user, the
 * SBC's words, where the username and password came from, and — for refresh and destroy, which use
 * what the last `up` recorded — what to run. Provider and program errors carry no stack trace
 * into what the CLI prints.
 */
import { RunError } from "@pulumi/pulumi/errors";
import { startEmulator, EmulatorHandle } from "../emulator";
import { loginAdvice } from "../provider/core/connection/connection";
import { elementProvider } from "../provider/dynamic/elementProvider";
import { ElementInputs, ElementOutputs } from "../provider/core/elements/elementState";
import { ProgramError } from "../provider/dynamic/programError";

const WRONG = "Wr0ng-Pa55word-unit";

let sbc: EmulatorHandle;
let printed: jest.SpyInstance;
beforeAll(async () => {
  jest.spyOn(console, "log").mockImplementation(() => {});
  jest.spyOn(console, "warn").mockImplementation(() => {});
  printed = jest.spyOn(console, "error").mockImplementation(() => {});
  sbc = await startEmulator();
});
afterAll(async () => {
  await sbc.close();
  jest.restoreAllMocks();
});

function realm(password: string): ElementInputs {
  return { elementType: "realm-config", attributes: { identifier: "core" }, connection: { host: sbc.url, username: "admin" }, connectionPassword: password };
}

describe("loginAdvice names where the credentials came from", () => {
  const none = {};
  test("stack config, in up: how to set the password", () => {
    expect(loginAdvice({ resource: none, stackConfig: { username: "admin", password: "x" }, env: none }, false)).toBe(
      "check the username (stack config sbc:username) and the password (stack config sbc:password): " +
        "set it with `pulumi config set --secret sbc:password <password>`",
    );
  });
  test("stack config, in refresh or destroy: and that `pulumi up` must record it first", () => {
    expect(loginAdvice({ resource: none, stackConfig: { username: "admin", password: "x" }, env: none }, true)).toBe(
      "check the username (stack config sbc:username) and the password (stack config sbc:password): " +
        "set it with `pulumi config set --secret sbc:password <password>`, then run `pulumi up` before refresh or destroy, " +
        "which log in with the stack config that the last `pulumi up` recorded",
    );
  });
  test("the resource's connection, and the environment (read as the command runs: no up needed)", () => {
    expect(loginAdvice({ resource: { username: "ops", password: "x" }, stackConfig: none, env: none }, true)).toBe(
      "check the username (the resource's connection.username) and the password (the resource's connection.password): " +
        "correct it in the program, then run `pulumi up` before refresh or destroy, which log in with the connection that the last `pulumi up` recorded",
    );
    expect(loginAdvice({ resource: none, stackConfig: { username: "ops" }, env: { password: "x" } }, true)).toBe(
      "check the username (stack config sbc:username) and the password (SBC_PASSWORD): set SBC_PASSWORD in the environment of the pulumi command",
    );
  });
});

describe("a wrong password through the provider", () => {
  test("create says login, not lock, names user and SBC, never the password, and has no stack frames", async () => {
    const err = await elementProvider.create(realm(WRONG)).then(() => undefined, (e: Error) => e);
    expect(err?.message).toBe(
      `realm-config [identifier=core]: login to ${sbc.url} as user "admin" failed: Client not authorized [POST /rest/v1.1/auth/token (HTTP 401)]; ` +
        "check the username (the resource's connection.username) and the password (the resource's connection.password): correct it in the program",
    );
    expect(err?.stack).toBe(`Error: ${err?.message}`);
    expect(JSON.stringify([err?.message, err?.stack])).not.toContain(WRONG);
  });

  test("read (refresh) adds what to run, and the host's echo of the error is not printed", async () => {
    const olds = { ...realm(WRONG), key: { identifier: "core" }, managedAttributes: ["identifier"] } as unknown as ElementOutputs;
    const err = await elementProvider.read("realm-config/core", olds).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain(`login to ${sbc.url} as user "admin" failed`);
    expect(err?.message).toContain("then run `pulumi up` before refresh or destroy, which log in with the connection that the last `pulumi up` recorded");
    // What @pulumi/pulumi's dynamic-provider host writes before answering the engine.
    console.error(`${err}: ${err?.stack}`);
    expect(printed).not.toHaveBeenCalled();
    // Anything else still gets through.
    console.error("something else");
    expect(printed).toHaveBeenCalledWith("something else");
  });
});

test("a program-side error is a RunError to the language host, which prints its message alone", () => {
  const err = new ProgramError("stack config sbc:password is set in plain text");
  expect(RunError.isInstance(err)).toBe(true);
  expect(err).toBeInstanceOf(ProgramError);
  expect(err.name).toBe("ProgramError");
});
