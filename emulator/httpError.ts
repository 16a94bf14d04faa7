/** An SBC answer other than success: the router sends `status` with `messages` in the envelope. */
export class HttpError extends Error {
  readonly messages: string[];
  constructor(readonly status: number, messages: string | string[]) {
    const list = Array.isArray(messages) ? messages : [messages];
    super(list.join("; "));
    this.messages = list;
  }
}
