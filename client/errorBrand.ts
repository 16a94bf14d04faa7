/**
 * Errors that are recognised by `instanceof` across copies of this package. A program's
 * node_modules may hold two versions (nested under different dependants), and the provider
 * process shares one SBC coordinator among them (on globalThis), so copy B's code must catch copy
 * A's ConflictError. Class identity cannot do that; a brand can: every instance carries, under a
 * registry-wide symbol, the fixed names of its classes, and `instanceof` asks for the name.
 */

const KINDS = Symbol.for("pulumi-oracle-sbc.error-kinds.v1");

type Branded = { readonly [KINDS]?: unknown };

export class BrandedError extends Error {
  /**
   * The class's fixed name: its `name`, and what `instanceof` looks for. Every subclass declares
   * its own, written out, so that bundlers renaming classes cannot break the match.
   */
  static readonly errorName: string = "BrandedError";

  static override [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    const kinds = (value as Branded | null | undefined)?.[KINDS];
    return Array.isArray(kinds) && kinds.includes((this as unknown as typeof BrandedError).errorName);
  }

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, "errorName")) kinds.push((c as typeof BrandedError).errorName);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds) });
    this.name = kinds[0];
  }
}
