/**
 * The dynamic provider every ConfigElement resource names in its `__provider`: this module's own
 * exports are the provider's seven methods. Pulumi serializes a provider object that is a module's
 * exports as a `require` of that module (its package export `pulumi-oracle-sbc/serialized-provider`),
 * about 270 characters the same for every resource and every release — no spurious diffs after an
 * upgrade, no code in state — where an object literal of methods costs ~2,300 characters, stored in
 * each resource's inputs and again in its outputs. Each method loads the implementation by package
 * name at call time, so the provider process runs today's code and nothing here is captured by value
 * (where the package is linked rather than installed, Pulumi serializes this module by value: the
 * package-name requires keep that working). Keep this export: state written by any version names it.
 */
import type * as pulumi from "@pulumi/pulumi";

export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  return require("pulumi-oracle-sbc/runtime").elementProvider.configure(req);
}

export function check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  return require("pulumi-oracle-sbc/runtime").elementProvider.check(olds, news);
}

export function diff(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
  return require("pulumi-oracle-sbc/runtime").elementProvider.diff(id, olds, news);
}

export function create(inputs: unknown): Promise<pulumi.dynamic.CreateResult> {
  return require("pulumi-oracle-sbc/runtime").elementProvider.create(inputs);
}

export function update(id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult> {
  return require("pulumi-oracle-sbc/runtime").elementProvider.update(id, olds, news);
}

// `delete` is a keyword: the export is named apart from the function.
function deleteElement(id: string, props: unknown): Promise<void> {
  return require("pulumi-oracle-sbc/runtime").elementProvider.delete(id, props);
}
export { deleteElement as delete };

export function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  return require("pulumi-oracle-sbc/runtime").elementProvider.read(id, props);
}
