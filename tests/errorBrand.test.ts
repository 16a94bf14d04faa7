/**
 * Two copies of the package in one process (nested versions in a program's node_modules): the
 * provider process shares one coordinator per SBC among them, so copy B's provider code meets
 * errors thrown by copy A's client and lock session, and must still recognise them by class —
 * or a create that meets an identical element fails with 409 and a lost create is not reconciled.
 */
import type * as Errors from "../client/errors";
import type * as SdmErrors from "../client/sdm/sdmErrors";
import type * as Provider from "../provider/dynamic/elementProvider";
import type * as SessionSteps from "../provider/core/session/sessionSteps";
import type { ElementInputs } from "../provider/core/elements/elementState";
import { clientFor, useEmulator } from "./support/emulator";

const PASSWORD = "brand-Pa55word";
const emulator = useEmulator({ faults: true, users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 5 });

interface Copy {
  errors: typeof Errors;
  sdmErrors: typeof SdmErrors;
  provider: typeof Provider.elementProvider;
  sessionSteps: typeof SessionSteps;
}

/** One separately loaded copy of the SDK and the provider, as a second installed version would be. */
function loadCopy(): Copy {
  let copy: Copy | undefined;
  jest.isolateModules(() => {
    copy = {
      errors: require("../client/errors"),
      sdmErrors: require("../client/sdm/sdmErrors"),
      provider: require("../provider/dynamic/elementProvider").elementProvider,
      sessionSteps: require("../provider/core/session/sessionSteps"),
    };
  });
  return copy!;
}

const a = loadCopy();
const b = loadCopy();

function realm(identifier: string, description: string, adopt?: boolean): ElementInputs {
  return {
    elementType: "realm-config",
    attributes: { identifier, description },
    ...(adopt === undefined ? {} : { adopt }),
    connection: { host: emulator().url, username: "admin", requestTimeoutSeconds: 2, lockTimeoutSeconds: 5 },
    connectionPassword: PASSWORD,
  };
}

function running(identifier: string) {
  return emulator().sbc.store.stores.running.get("realm-config")?.find((r) => r.attributes.identifier === identifier);
}

/** An element put on the SBC by someone else, as the stack has never seen it. */
async function createOutOfBand(identifier: string, description: string): Promise<void> {
  const other = clientFor(emulator(), { password: PASSWORD });
  await other.lock();
  await other.createElement({ elementType: "realm-config", attributes: { identifier, description }, subElements: [] });
  await other.save();
  await other.activate();
  await other.unlock();
  await other.close();
}

beforeAll(async () => {
  // Copy A reaches the SBC first, so the process's coordinator (client, lock session) is copy A's.
  await a.provider.create(realm("brand-first", "made by copy A"));
});

afterEach(() => emulator().faults.clear());

test("the two copies are distinct module instances with distinct classes", () => {
  expect(a.errors.ConflictError).not.toBe(b.errors.ConflictError);
});

test("an error from copy A's classes is an instance of copy B's class and its bases, and of no other", () => {
  const err = new a.errors.ConflictError("already exists on the SBC", { status: 409, method: "POST", path: "/x", messages: ["exists"] });
  expect(err).toBeInstanceOf(b.errors.ConflictError);
  expect(err).toBeInstanceOf(b.errors.SbcError);
  expect(err).toBeInstanceOf(b.errors.ApiError);
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(b.errors.NotFoundError);
  expect(err).not.toBeInstanceOf(b.sdmErrors.SdmError);
  expect(err.name).toBe("ConflictError");
  expect(b.errors.failureReason(err)).toBe("exists [POST /x (HTTP 409)]");

  const locked = new a.sdmErrors.SdmDeviceLockedError("device is locked", { status: 400, method: "POST", path: "/y", holder: "bob" });
  expect(locked).toBeInstanceOf(b.sdmErrors.SdmDeviceLockedError);
  expect(locked).toBeInstanceOf(b.sdmErrors.SdmError);
  expect(locked).toBeInstanceOf(b.errors.ApiError);
  expect(locked).not.toBeInstanceOf(b.errors.SbcError);
  expect(locked.name).toBe("SdmDeviceLockedError");

  const reset = new a.errors.TransportError("the connection was reset", { method: "POST", path: "/z" });
  expect(b.errors.isTransientFailure(reset)).toBe(true);
  expect(b.errors.isTransientFailure(new Error("plain"))).toBe(false);
  expect(b.errors.isTransientFailure(undefined)).toBe(false);
});

test("every error class has its own fixed name", () => {
  const classes = [...Object.values(a.errors), ...Object.values(a.sdmErrors)].filter(
    (value): value is typeof Errors.ApiError => typeof value === "function" && "errorName" in value,
  );
  expect(classes.length).toBeGreaterThan(15);
  for (const type of classes) {
    expect(Object.hasOwn(type, "errorName")).toBe(true);
    expect(type.errorName).toBe(type.name);
  }
});

test("adopt: true through copy B takes over an element that copy A's client finds on the SBC", async () => {
  await createOutOfBand("brand-adopt", "not ours");
  const created = await b.provider.create(realm("brand-adopt", "ours now", true));
  expect(created.id).toBe("realm-config/identifier=brand-adopt");
  expect(running("brand-adopt")?.attributes.description).toBe("ours now");
});

test("without adopt, copy B still recognises the 409 and says to set adopt", async () => {
  await createOutOfBand("brand-refuse", "not ours");
  await expect(b.provider.create(realm("brand-refuse", "ours"))).rejects.toThrow(
    /^realm-config \[identifier=brand-refuse\]: create failed on \S+: it already exists on the SBC .*adopt: true/,
  );
  expect(running("brand-refuse")?.attributes.description).toBe("not ours");
});

test("a create whose answer copy A's client lost is reconciled by copy B's code", async () => {
  emulator().faults.add({ kind: "reset-after", times: 1, match: { method: "POST", path: "/configuration/configElements" } });
  const created = await b.provider.create(realm("brand-lost", "landed"));
  expect(created.id).toBe("realm-config/identifier=brand-lost");
  expect(emulator().faults.report().injected["reset-after"]).toBe(1);
  expect(running("brand-lost")?.attributes.description).toBe("landed");
});

test("a failed activate in copy A's lock session reads as one sentence in copy B, cause kept", async () => {
  emulator().faults.add({ kind: "activate-fail", times: 1 });
  const err: Error = await b.provider.create(realm("brand-activate", "never active")).then(
    () => {
      throw new Error("expected the create to fail");
    },
    (e: Error) => e,
  );
  expect(err.message).toMatch(/^realm-config \[identifier=brand-activate\]: activate failed on https?:\/\/[^\s/]+: activate-config failed: injected fault \[/);
  expect(err.message).not.toContain("failed on the SBC");
  expect(err.cause).toBeInstanceOf(b.sessionSteps.StepError);
  expect((err.cause as SessionSteps.StepError).step).toBe("activate");
  expect((err.cause as Error).cause).toBeInstanceOf(b.errors.OperationFailedError);
  expect(running("brand-activate")).toBeUndefined();
});
