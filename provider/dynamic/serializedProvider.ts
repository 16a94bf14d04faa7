/**
 * The provider object Pulumi serializes into every resource's `__provider`. Each method only
 * `require`s the implementation by package name at call time, so the stored text is a few lines
 * that capture nothing (no client, no credentials, no catalog), stays the same across releases —
 * no spurious diffs after an upgrade — and `refresh`/`destroy` from old state run today's code.
 */
import type * as pulumi from "@pulumi/pulumi";

export const serializedProvider: pulumi.dynamic.ResourceProvider = {
  configure(req) {
    return require("pulumi-oracle-sbc/runtime").elementProvider.configure(req);
  },
  check(olds, news) {
    return require("pulumi-oracle-sbc/runtime").elementProvider.check(olds, news);
  },
  diff(id, olds, news) {
    return require("pulumi-oracle-sbc/runtime").elementProvider.diff(id, olds, news);
  },
  create(inputs) {
    return require("pulumi-oracle-sbc/runtime").elementProvider.create(inputs);
  },
  update(id, olds, news) {
    return require("pulumi-oracle-sbc/runtime").elementProvider.update(id, olds, news);
  },
  delete(id, props) {
    return require("pulumi-oracle-sbc/runtime").elementProvider.delete(id, props);
  },
  read(id, props) {
    return require("pulumi-oracle-sbc/runtime").elementProvider.read(id, props);
  },
};
