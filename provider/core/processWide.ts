/**
 * One value per process, shared by every copy of this package loaded in it: a program's
 * node_modules may hold two versions, and each deserialized provider may load its own copy, but
 * they must agree on coordinators, key claims and the engine-gone watch. Kept on globalThis under
 * a registered symbol, `pulumi-oracle-sbc.<name>`; a name, once used, keeps its shape.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`pulumi-oracle-sbc.${name}`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  holder[key] ??= create();
  return holder[key]!;
}
