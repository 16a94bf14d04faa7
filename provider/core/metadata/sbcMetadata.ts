/**
 * What one SBC says of itself, asked only when the catalog cannot decide and at most once per SBC
 * per provider process (one `pulumi` run): its release (`system/information`), its list of element
 * types (`configuration/elementTypes`, which the check for staged changes reads) and the metadata
 * of the element types a program names (`elementTypes/metadata?elementType=T`). Answers are kept for
 * the run and never written anywhere, so each run asks again: an SBC upgraded between two runs is
 * seen by the next one. A failed request is not kept, so a later call may succeed.
 */
import { SbcClient } from "../../../client/client";
import { NotFoundError } from "../../../client/errors";
import { parseRelease } from "../../../client/catalog/releases";
import { ElementTypeSpec } from "../../../client/catalog/schema";

export class SbcMetadata {
  private releaseAnswer?: Promise<string | undefined>;
  private typeList?: Promise<string[]>;
  private readonly specs = new Map<string, Promise<ElementTypeSpec | undefined>>();

  constructor(private readonly client: SbcClient) {}

  get origin(): string {
    return this.client.origin;
  }

  /** The SBC's release (`S-Cz9.3.0`); undefined when it does not say (no system/information, or a build it does not name). */
  release(): Promise<string | undefined> {
    this.releaseAnswer ??= this.client.systemInformation().then(
      (info) => parseRelease(info.buildVersion ?? ""),
      (err: unknown) => {
        if (err instanceof NotFoundError) return undefined;
        this.releaseAnswer = undefined;
        throw err;
      },
    );
    return this.releaseAnswer;
  }

  /** The names of every element type the SBC has, in its order. */
  typeNames(): Promise<string[]> {
    this.typeList ??= this.client.elementTypes().then(
      (types) => types.map((t) => t.name),
      (err: unknown) => {
        this.typeList = undefined;
        throw err;
      },
    );
    return this.typeList;
  }

  /** The SBC's metadata of `elementType`; undefined when the SBC has no such type. */
  spec(elementType: string): Promise<ElementTypeSpec | undefined> {
    let answer = this.specs.get(elementType);
    if (!answer) {
      answer = this.client.metadata(elementType).catch((err: unknown) => {
        if (err instanceof NotFoundError) return undefined;
        this.specs.delete(elementType);
        throw err;
      });
      this.specs.set(elementType, answer);
    }
    return answer;
  }
}
