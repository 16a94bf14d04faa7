/**
 * Telling plain program values from Outputs and promises. Every Output or promise the SDK makes
 * captures a stack trace (source-mapped under ts-node), which dominates a program's time once it
 * registers hundreds of elements, so values the program wrote out plainly are converted directly.
 */
import * as pulumi from "@pulumi/pulumi";

/** Neither an Output nor a promise, all the way down. */
export function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || typeof (value as PromiseLike<unknown> | undefined)?.then === "function") return false;
  return typeof value !== "object" || value === null || Object.values(value).every(isPlain);
}
