/**
 * The bearer token of one client: HTTP Basic in, token out, one request in flight at a time, and
 * renewed before its ten-minute life ends. Renewal sends the still-valid token along (form field
 * `token`), which is how the SBC moves the configuration lock to the new token; a token that has
 * already expired is replaced by a fresh login instead. Credentials the SBC refused are not tried
 * again by this client: every later request fails with the same LoginError at once, instead of
 * adding failed logins to the SBC's count (some lock the account) and minutes to the run.
 */
import { afterRetries, isTransientFailure, LoginError, SbcError, scrubSecrets, UnexpectedResponseError } from "./errors";
import { errorForResponse, sbcMessages } from "./responseErrors";
import { RetryPolicy, withRetries } from "./retry";
import { HttpResponse, Transport } from "./transport";
import { asArray, decodeEnvelope, textOf } from "./xmlCodec";

export interface TokenManagerOptions {
  transport: Transport;
  apiVersion: string;
  username: string;
  password: string;
  /** The SBC documents ten minutes; the emulator's can be set shorter. */
  tokenLifetimeSeconds: number;
  /** Logging in is repeatable: transport failures and 5xx are retried within this policy. */
  retry: RetryPolicy;
  /** Called after every HTTP exchange, for metrics and logs. */
  onExchange: (method: string, path: string, res: HttpResponse | undefined, startedAt: number) => void;
}

export class TokenManager {
  private token?: string;
  private issuedAt = 0;
  private pending?: Promise<string>;
  private refused?: LoginError;

  constructor(private readonly options: TokenManagerOptions) {}

  private get lifetimeMs(): number {
    return this.options.tokenLifetimeSeconds * 1000;
  }

  /** Renew once this much of the lifetime is left: a fifth of it, at least 5 s. */
  private get renewMarginMs(): number {
    return Math.max(5_000, this.lifetimeMs / 5);
  }

  /** A token good for at least the renewal margin. */
  async current(): Promise<string> {
    if (this.token && Date.now() - this.issuedAt < this.lifetimeMs - this.renewMarginMs) return this.token;
    return this.refresh();
  }

  /** Forget the token (the SBC answered 401 to it) so that the next call logs in again. */
  invalidate(rejected: string): void {
    if (this.token === rejected) this.token = undefined;
  }

  /** The secrets to scrub from any text that leaves the client. */
  secrets(): string[] {
    return this.token ? [this.options.password, this.token] : [this.options.password];
  }

  private refresh(): Promise<string> {
    if (this.refused) return Promise.reject(this.refused);
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const stillValid = this.token && Date.now() - this.issuedAt < this.lifetimeMs ? this.token : undefined;
    try {
      return await this.login(stillValid).catch((err: unknown) => {
        // A renewal the SBC refuses (the old token just lapsed) falls back to a plain login.
        if (stillValid && err instanceof SbcError && err.status === 401) return this.login(undefined);
        throw err;
      });
    } catch (err) {
      if (err instanceof LoginError) this.refused = err;
      throw err;
    }
  }

  private async login(previous: string | undefined): Promise<string> {
    const { transport, apiVersion, username, password } = this.options;
    const path = `/rest/${apiVersion}/auth/token`;
    const headers: Record<string, string> = {
      Authorization: `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`,
      Accept: "application/xml",
    };
    let body: string | undefined;
    if (previous) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams({ token: previous }).toString();
    }
    const startedAt = Date.now();
    const res = await withRetries(
      this.options.retry,
      async () => {
        const attemptAt = Date.now();
        let answer: HttpResponse | undefined;
        try {
          answer = await transport.request({ method: "POST", path, headers, body });
        } finally {
          this.options.onExchange("POST", path, answer, attemptAt);
        }
        if (answer.status === 401 && !previous) {
          const messages = sbcMessages(answer).map((m) => scrubSecrets(m, this.secrets()));
          throw new LoginError(username, { method: "POST", path, status: 401, messages });
        }
        if (answer.status !== 200) throw errorForResponse("POST", path, answer, this.secrets());
        return answer;
      },
      isTransientFailure,
      afterRetries,
    );
    let token = "";
    try {
      token = asArray(decodeEnvelope(res.body).data.accessToken).map(textOf)[0] ?? "";
    } catch {
      token = "";
    }
    if (!token) {
      throw new UnexpectedResponseError("the SBC's token answer has no <accessToken>", { method: "POST", path, status: res.status });
    }
    this.token = token;
    this.issuedAt = startedAt;
    return token;
  }
}
