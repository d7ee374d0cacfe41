import { createHash } from 'node:crypto';

const REDACTED = '***';
/** Tokens are remembered so that old ones can still be scrubbed; bounded for multi-hour runs. */
const MAX_REMEMBERED = 64;

/** Header names whose values are secrets (lower case). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  'authorization',
  'cookie',
  'set-cookie',
  'openstack-auth-receipt',
]);

/** JSON keys whose values are secrets. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'secret',
  'token',
  'auth_key',
  'adminPass',
  'passcode',
]);

/**
 * Every secret value the HTTP layer has seen (passwords, application-credential secrets, issued
 * tokens, `adminPass`, transfer `auth_key`), so it can be scrubbed from any text it builds: error
 * messages, URLs, server messages. Scrubs the raw value and its URL-encoded and base64 forms.
 */
export class SecretRegistry {
  readonly #forms = new Map<string, string[]>();
  /** Long-lived credentials: never forgotten, however many tokens follow. */
  readonly #kept = new Set<string>();

  /** Registers a secret (values shorter than 4 characters are ignored: too common to scrub). */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < 4 || this.#forms.has(secret)) return;
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ]);
    this.#forms.set(
      secret,
      [...forms].filter((f) => f.length >= 4),
    );
    if (this.#forms.size > MAX_REMEMBERED + this.#kept.size) {
      // Forget the oldest token or server-issued secret, never a kept credential.
      for (const oldest of this.#forms.keys()) {
        if (this.#kept.has(oldest)) continue;
        this.#forms.delete(oldest);
        break;
      }
    }
  }

  /**
   * Registers a long-lived credential (password, application-credential secret): unlike tokens and
   * server-issued secrets it is never forgotten to bound memory.
   */
  keep(secret: string | undefined): void {
    if (secret === undefined || secret.length < 4) return;
    this.add(secret);
    this.#kept.add(secret);
  }

  /** Keeps the password of `url`'s userinfo, raw and percent-decoded (nothing for a bad URL). */
  addUserinfoOf(url: string | URL): void {
    let password: string;
    try {
      password = new URL(url).password;
    } catch {
      return;
    }
    if (password === '') return;
    this.keep(password);
    try {
      this.keep(decodeURIComponent(password));
    } catch {
      // A malformed escape: the raw form registered above is what any text would carry.
    }
  }

  /** Marks `secret` as still in use (moves it to the newest end). */
  touch(secret: string): void {
    const forms = this.#forms.get(secret);
    if (!forms) return;
    this.#forms.delete(secret);
    this.#forms.set(secret, forms);
  }

  /** `text` with every known secret (in any of its forms) replaced by `***`. */
  scrub(text: string): string {
    let out = text;
    for (const forms of this.#forms.values()) {
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return scrubUrlSecrets(out);
  }

  /** A URL fit for messages: userinfo removed, token-like query values and known secrets redacted. */
  scrubUrl(url: string): string {
    return this.scrub(url);
  }

  toJSON(): string {
    return `SecretRegistry(${this.#forms.size} secrets)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}

/**
 * A registry holding the userinfo secrets of `url` (its password, raw and percent-decoded), for the
 * texts a transport builds about a request before any session registry can see them.
 */
export function secretsOfUrl(url: URL): SecretRegistry {
  const registry = new SecretRegistry();
  registry.addUserinfoOf(url);
  return registry;
}

/**
 * A copy of `error` fit to travel as an error's `cause`: its name, `code` and `errno`, with its
 * message and stack passed through `scrub`, and its own cause copied the same way (at most `depth`
 * levels). Everything else the original held (requests, sockets, headers) is dropped, because
 * `util.inspect` and loggers print a cause chain whole.
 */
export function scrubbedError(error: unknown, scrub: (text: string) => string, depth = 3): Error {
  if (!(error instanceof Error)) return new Error(scrub(String(error)));
  const inner = (error as { cause?: unknown }).cause;
  const copy =
    inner !== undefined && depth > 1
      ? new Error(scrub(error.message), { cause: scrubbedError(inner, scrub, depth - 1) })
      : new Error(scrub(error.message));
  copy.name = error.name;
  copy.stack = scrub(error.stack ?? `${error.name}: ${error.message}`);
  for (const key of ['code', 'errno'] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number')
      (copy as unknown as Record<string, unknown>)[key] = typeof value === 'string' ? scrub(value) : value;
  }
  return copy;
}

/** Removes userinfo from URLs and redacts token-like query values, wherever they appear in `text`. */
export function scrubUrlSecrets(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+(?::[^/@\s]*)?@/gi, '$1')
    .replace(/([?&](?:token|auth_token|password|secret|key|signature|sig)=)[^&#\s]*/gi, `$1${REDACTED}`);
}

/** The keystoneauth form of a token for debug lines: `{SHA256}<hex>`, correlatable, never reversible. */
export function hashToken(token: string): string {
  return `{SHA256}${createHash('sha256').update(token).digest('hex')}`;
}

/** Headers with secret values replaced by their `{SHA256}` form, for debug logging. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? hashToken(value) : value;
  return out;
}

/** A JSON value with secret keys masked, for debug logging of bodies (token catalogs removed). */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBody);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) out[key] = REDACTED;
    else if (key === 'catalog') out[key] = '<removed>';
    else out[key] = redactBody(inner);
  }
  return out;
}
