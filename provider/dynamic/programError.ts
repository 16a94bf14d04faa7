/**
 * An error the program side raises on bad input (a plain-text password in stack config, an element
 * type that is not a plain string). The Node language host (@pulumi/pulumi cmd/run/run.js) prints
 * an unhandled error as `Running program … failed with an unhandled exception` and its stack
 * trace, unless it carries Pulumi's RunError mark, which it prints as its message alone: the
 * mark is set here, so that the user reads one sentence.
 */
import { BrandedError } from "../../client/errorBrand";

export class ProgramError extends BrandedError {
  static override readonly errorName: string = "ProgramError";
  /** What @pulumi/pulumi's `RunError.isInstance` looks for (by property, so any SDK copy sees it). */
  readonly __pulumiRunError = true;
}
