/**
 * Every top-level type of the catalog through the provider's element operations against the
 * emulator, from the type's own example, with nothing listed here: what the example references is
 * created first (the referenced types' examples, keyed as referenced, each once), then the example
 * with its sub-elements; it is read back, one parameter is changed in place to another value its
 * catalog entry accepts, read back again, and deleted — or, for a single-instance type, released:
 * it stays, and what the program set is back at its default. After the create and after the
 * update a read shows no difference from the program's inputs (no perpetual diff) and the running
 * configuration holds every value. A type whose example cannot go through fails its own test,
 * naming the type, the step and the SBC's message.
 *
 * Each type gets an emulator of its own, so that the types run side by side: a commit waits for
 * the lock session's batch window, and one after the other they would take minutes.
 */
import { EmulatorHandle, startEmulator } from "../emulator";
import { builtinCatalog } from "../client/catalog/catalog";
import { ElementTypeSpec, defaultOf, keyAttributes, keyOf, subElementSpec } from "../client/catalog/schema";
import { Attributes, ConfigElement, sameValue } from "../client/types";
import { elementOperations } from "../provider/core/elements/elementOperations";
import { changedPaths } from "../provider/core/elements/diff";
import { ElementInputs, ElementOutputs, fromConfigElement } from "../provider/core/elements/elementState";
import { splitAttributes, withSecretsJoined } from "../provider/core/elements/secretAttributes";
import { registry } from "../provider/core/session/coordinator";
import { setCoreLog } from "../provider/core/log";
import { changeOf, dependenciesOf } from "./support/examplePlans";

const catalog = builtinCatalog;
const TYPES = catalog.types();
/** Types run at once; each has its own emulator and lock session. */
const PARALLEL = 24;

const released: string[] = [];
setCoreLog({ info: (message) => void released.push(message), warn: () => undefined });

/** The inputs a program gives for `element`: secret attributes apart, sub-elements managed when it has any. */
function programInputs(emulator: EmulatorHandle, element: ConfigElement): ElementInputs {
  const spec = catalog.get(element.elementType)!;
  const { attributes, secret } = splitAttributes(element.attributes, spec.attributes.filter((a) => a.secret).map((a) => a.name));
  return {
    elementType: element.elementType,
    attributes,
    ...(secret ? { secretAttributes: secret } : {}),
    ...(element.subElements.length > 0 ? { subElements: element.subElements.map(fromConfigElement) } : {}),
    connection: { host: emulator.url, username: "admin" },
    connectionPassword: "admin",
  };
}

/** What differs between what the program set and what the running configuration holds, one line per value. */
function notHeld(spec: ElementTypeSpec, wanted: ConfigElement, live: ConfigElement, where = ""): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(wanted.attributes)) {
    if (!sameValue(live.attributes[name], value)) out.push(`${where}${name}: set ${JSON.stringify(value)}, running ${JSON.stringify(live.attributes[name])}`);
  }
  const seen = new Map<string, number>();
  for (const sub of wanted.subElements) {
    const n = seen.get(sub.elementType) ?? 0;
    seen.set(sub.elementType, n + 1);
    const liveSub = live.subElements.filter((s) => s.elementType === sub.elementType)[n];
    const here = `${where}${sub.elementType}[${n}].`;
    if (!liveSub) out.push(`${here} is not in the running configuration`);
    else out.push(...notHeld(subElementSpec(spec, sub.elementType)!, sub, liveSub, here));
  }
  return out;
}

function running(emulator: EmulatorHandle, spec: ElementTypeSpec, attributes: Attributes): ConfigElement | undefined {
  const list = emulator.sbc.store.stores.running.get(spec.name) ?? [];
  if (spec.singleton) return list[0];
  const key = keyOf(spec, attributes);
  return list.find((e) => keyAttributes(spec).every((k) => sameValue(e.attributes[k.name], key[k.name])));
}

/** Fails with the type and the step in front of the provider's message (which names the element, the SBC and its words). */
async function step<T>(spec: ElementTypeSpec, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new Error(`${spec.name}: ${what}: ${(err as Error).message}`, { cause: err });
  }
}

function expectClean(spec: ElementTypeSpec, what: string, problems: string[]): void {
  if (problems.length > 0) throw new Error(`${spec.name}: ${what}:\n  ${problems.join("\n  ")}`);
}

/** After a create or an update: a read shows what the program set, and so does the running configuration. */
async function readBack(emulator: EmulatorHandle, spec: ElementTypeSpec, id: string, outs: ElementOutputs, inputs: ElementInputs, element: ConfigElement, after: string): Promise<ElementOutputs> {
  const read = await step(spec, `read after the ${after}`, () => elementOperations.read(id, outs));
  if (!read.props) throw new Error(`${spec.name}: read after the ${after}: the element is not on the SBC`);
  expectClean(spec, `read after the ${after} differs from the program (a perpetual diff)`, changedPaths(withSecretsJoined(read.props), withSecretsJoined(inputs)));
  const diff = await elementOperations.diff(id, read.props, inputs);
  if (diff.changes) throw new Error(`${spec.name}: diff after the ${after} reports changes (replaces: ${diff.replaces.join(", ") || "none"})`);
  const live = running(emulator, spec, element.attributes);
  if (!live) throw new Error(`${spec.name}: after the ${after}, the running configuration does not hold it`);
  expectClean(spec, `after the ${after}, the running configuration does not hold what the program set`, notHeld(spec, element, live));
  return read.props;
}

interface Lifecycle {
  /** How many elements its example needed created first. */
  dependencies: number;
}

async function lifecycle(spec: ElementTypeSpec): Promise<Lifecycle> {
  const example = spec.example!;
  const change = changeOf(spec, example);
  if (!change) throw new Error(`${spec.name}: its catalog entry allows no other value for any parameter of its example`);
  const emulator = await startEmulator();
  try {
    const inputs = programInputs(emulator, example);
    const deps = dependenciesOf(catalog, spec, example);
    const all = [...deps.elements, example];
    const failures = (await Promise.all(all.map((e) => elementOperations.check({}, programInputs(emulator, e) as unknown as Record<string, unknown>))))
      .flatMap((r, i) => (r.failures ?? []).map((f) => `${all[i].elementType} ${f.property}: ${f.reason}`));
    expectClean(spec, "check refuses the example or what it references", failures);

    const create = (element: ConfigElement) => elementOperations.create(programInputs(emulator, element));
    // Those that name the example's own element are committed with it: verify would refuse them alone.
    if (!deps.namesTheExample) await step(spec, "creating what its example references", () => Promise.all(deps.elements.map(create)));
    const [created] = await step(spec, "create", () => Promise.all([create(example), ...(deps.namesTheExample ? deps.elements.map(create) : [])]));
    let props = await readBack(emulator, spec, created.id, created.outs, inputs, example, "create");

    const updated = programInputs(emulator, change.element);
    const planned = await elementOperations.diff(created.id, props, updated);
    if (!planned.changes || planned.replaces.length > 0) {
      throw new Error(`${spec.name}: changing ${change.path} from "${change.from}" to "${change.to}" is ${planned.changes ? `a replacement (${planned.replaces.join(", ")})` : "no change"}, not an update`);
    }
    const update = await step(spec, `update of ${change.path} from "${change.from}" to "${change.to}"`, () => elementOperations.update(created.id, props, updated));
    props = await readBack(emulator, spec, created.id, update.outs, updated, change.element, "update");

    await step(spec, spec.singleton ? "release" : "delete", () => elementOperations.delete(created.id, props));
    const left = running(emulator, spec, example.attributes);
    if (spec.singleton) {
      if (!left) throw new Error(`${spec.name}: released, it is gone from the running configuration; a single-instance element stays`);
      const notReset = Object.keys(change.element.attributes).filter((name) => {
        const attr = spec.attributes.find((a) => a.name === name)!;
        return !sameValue(left.attributes[name], defaultOf(attr));
      });
      expectClean(spec, "released, what the program set is not back at its default", notReset);
    } else if (left) {
      throw new Error(`${spec.name}: deleted, it is still in the running configuration`);
    }
    return { dependencies: deps.elements.length };
  } finally {
    await emulator.close();
  }
}

const outcomes = new Map<string, { ok: true; value: Lifecycle } | { ok: false; error: Error }>();

beforeAll(async () => {
  const queue = [...TYPES];
  const worker = async (): Promise<void> => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      const current = spec;
      await lifecycle(current).then(
        (value) => outcomes.set(current.name, { ok: true, value }),
        (error: Error) => outcomes.set(current.name, { ok: false, error }),
      );
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}, 120_000);

afterAll(async () => {
  await Promise.all([...registry().coordinators.values()].map((c) => c.client.close()));
});

test("the catalog's types are all here, from its examples", () => {
  expect(TYPES.length).toBeGreaterThanOrEqual(100);
  expect(TYPES.filter((t) => !t.example).map((t) => t.name)).toEqual([]);
});

test.each(TYPES.map((t) => [t.singleton ? "released" : "deleted", t.name]))("created from its example, read, updated in place, read, %s: %s", (_, name) => {
  const outcome = outcomes.get(name)!;
  if (!outcome.ok) throw outcome.error;
  const spec = catalog.get(name)!;
  if (spec.singleton) expect(released.some((m) => m.startsWith(`${name} is a single-instance element`))).toBe(true);
});

test("references were followed: most types need others created first", () => {
  const needing = [...outcomes.values()].filter((o) => o.ok && o.value.dependencies > 0).length;
  expect(needing).toBeGreaterThanOrEqual(30);
});
