/**
 * Users, bearer tokens and the exclusive configuration lock, as the SBC ties them together: a
 * token lives `tokenTtlSeconds` (ten minutes on a real SBC), the lock belongs to the token that
 * took it and is released when that token expires or is revoked, and re-authenticating with the
 * still-valid token in the body moves the lock to the new token.
 */
import { randomBytes } from "node:crypto";

export interface User {
  name: string;
  password: string;
  admin: boolean;
}

export const DEFAULT_USERS: readonly User[] = [
  { name: "admin", password: "admin", admin: true },
  { name: "monitor", password: "monitor", admin: false },
];

export interface Token {
  value: string;
  user: User;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export class Sessions {
  private readonly tokens = new Map<string, Token>();
  private lockToken?: string;
  private lockTakenAt = 0;

  constructor(
    private readonly users: readonly User[],
    public tokenTtlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user for HTTP Basic credentials, or undefined when they do not match. */
  checkPassword(name: string, password: string): User | undefined {
    return this.users.find((u) => u.name === name && u.password === password);
  }

  issue(user: User): Token {
    const issuedAt = this.now();
    const value = Buffer.from(`${user.name},${user.name},${issuedAt},${randomBytes(18).toString("hex")}`).toString("base64");
    const token: Token = { value, user, issuedAt, expiresAt: issuedAt + this.tokenTtlSeconds * 1000, revoked: false };
    this.tokens.set(value, token);
    this.pruneExpired();
    return token;
  }

  /** Re-authentication before expiry: a new token for the same user, which inherits the lock. */
  renew(user: User, previous: string): Token | undefined {
    const old = this.valid(previous);
    if (!old || old.user.name !== user.name) return undefined;
    const fresh = this.issue(user);
    if (this.lockToken === previous) this.lockToken = fresh.value;
    old.revoked = true;
    return fresh;
  }

  /** The token if it is known, unexpired and not revoked. */
  valid(value: string): Token | undefined {
    const token = this.tokens.get(value);
    if (!token || token.revoked || token.expiresAt <= this.now()) return undefined;
    return token;
  }

  revoke(value: string): void {
    const token = this.tokens.get(value);
    if (token) token.revoked = true;
  }

  /** Ends every token at once, as if their lifetime had run out (tests of expiry mid-session). */
  expireAll(): void {
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, this.now());
  }

  /** The token holding the lock, if that token is still valid; an expired holder frees the lock. */
  lockHolder(): Token | undefined {
    if (!this.lockToken) return undefined;
    const holder = this.valid(this.lockToken);
    if (!holder) this.lockToken = undefined;
    return holder;
  }

  lockHeldSince(): number | undefined {
    return this.lockHolder() ? this.lockTakenAt : undefined;
  }

  /** Takes the lock for `token`; false when another token holds it. Re-locking by the holder succeeds. */
  lock(token: Token): boolean {
    const holder = this.lockHolder();
    if (holder && holder.value !== token.value) return false;
    if (!holder) this.lockTakenAt = this.now();
    this.lockToken = token.value;
    return true;
  }

  unlock(): void {
    this.lockToken = undefined;
  }

  private pruneExpired(): void {
    const horizon = this.now() - 60_000;
    for (const [value, token] of this.tokens) {
      if (token.expiresAt < horizon && value !== this.lockToken) this.tokens.delete(value);
    }
  }
}
