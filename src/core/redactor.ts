/**
 * The one redactor: every text that leaves the proxy toward a client, a log, the monitor or an
 * error passes it (paths, messages, bodies, user agents). Two layers: every configured secret, literally (and URL-encoded); and anything that
 * looks like a credential — auth header values, `key=` query parameters, bearer tokens, the
 * password of a `scheme://user:password@host` URL and the well-known key shapes — even when it
 * is not configured (a client's wrong key, say).
 * It is the only redaction in the code base: one marker (`REDACTED`), one minimum secret length.
 */
export const REDACTED = '[REDACTED]';

/** Shorter configured "secrets" are ignored: redacting "a" would wreck every text. */
const MIN_SECRET_LENGTH = 6;

// `authorization: Bearer x`, `"x-api-key": "x"`, `x-goog-api-key=x` — header or JSON shapes.
const HEADER_VALUE =
  /((?:proxy-)?authorization|x-api-key|x-goog-api-key|api-key|anthropic-api-key)(["']?\s*[:=]\s*["']?)((?:bearer|basic|token)\s+)?([^\s"',;&}]+)/gi;
// `?key=x`, `&api_key=x`, `access_token=x` (not `monkey=`: the name must start at a boundary).
const QUERY_PARAM = /(^|[^A-Za-z0-9_-])(key|api_key|apikey|api-key|access_token|token)=([^&\s"'#,;]+)/gi;
const BEARER = /\b(bearer)\s+([A-Za-z0-9._~+/=-]{6,})/gi;
// Well-known key shapes: OpenAI/Anthropic/z.ai `sk-…`, Google `AIza…`.
const KEY_SHAPES = /\b(?:sk-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,})/g;
// `http://user:password@proxy:3128`: the user name stays (it says which login), the password goes.
const URL_PASSWORD = /(\/\/[^:/@\s]*):([^@/\s]+)@/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function configuredPattern(secrets: readonly string[]): RegExp | undefined {
  const variants = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < MIN_SECRET_LENGTH) continue;
    variants.add(s);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) variants.add(encoded);
    const json = JSON.stringify(s).slice(1, -1);
    if (json !== s) variants.add(json);
  }
  if (variants.size === 0) return undefined;
  // Longest first, so a secret containing another is replaced whole.
  const sorted = [...variants].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(sorted.join('|'), 'g');
}

/** Redacts one text (configured secrets and credential shapes). */
export type RedactText = (text: string) => string;

/** Every credential shape above contains one of these: text without any skips four regex passes. */
const MAY_HOLD_CREDENTIAL = /key|auth|token|bearer|sk-|AIza/i;

export function redactWith(pattern: RegExp | undefined, text: string): string {
  let out = pattern ? text.replace(pattern, REDACTED) : text;
  if (out.includes('@')) out = out.replace(URL_PASSWORD, (_m, user: string, pass: string) => (pass === REDACTED ? _m : `${user}:${REDACTED}@`));
  if (!MAY_HOLD_CREDENTIAL.test(out)) return out;
  out = out.replace(HEADER_VALUE, (_m, name: string, sep: string, scheme: string | undefined, value: string) =>
    value === REDACTED ? _m : `${name}${sep}${scheme ?? ''}${REDACTED}`,
  );
  out = out.replace(QUERY_PARAM, (_m, pre: string, name: string, value: string) =>
    value === REDACTED ? _m : `${pre}${name}=${REDACTED}`,
  );
  out = out.replace(BEARER, (_m, word: string, value: string) => (value.startsWith('[') ? _m : `${word} ${REDACTED}`));
  return out.replace(KEY_SHAPES, REDACTED);
}

const SHORT_TEXT = 256;
const SHORT_TEXTS_KEPT = 1024;

/**
 * A redactor over the secrets `secrets()` returns now. The compiled pattern is cached and
 * rebuilt only when the list changes (callers may create one per finished record).
 */
export function createRedactorCache(): (secrets: readonly string[]) => RedactText {
  let lastKey: string | undefined;
  let pattern: RegExp | undefined;
  // Short texts repeat from record to record (model names, account labels, paths, user
  // agents): their redaction is remembered while the secrets stay the same (bounded).
  let seen = new Map<string, string>();
  return (secrets) => {
    const key = secrets.join('\u0000');
    if (key !== lastKey) {
      lastKey = key;
      pattern = configuredPattern(secrets);
      seen = new Map();
    }
    const p = pattern;
    const memo = seen;
    return (text) => {
      if (text.length > SHORT_TEXT) return redactWith(p, text);
      let out = memo.get(text);
      if (out === undefined) {
        out = redactWith(p, text);
        if (memo.size >= SHORT_TEXTS_KEPT) memo.clear();
        memo.set(text, out);
      }
      return out;
    };
  };
}

/** One-shot convenience. */
export function redact(text: string, secrets: readonly string[] = []): string {
  return redactWith(configuredPattern(secrets), text);
}

/**
 * Scrubs configured secrets from a byte stream bound for a client. A secret split across
 * chunks is caught: the tail of a chunk that could be the start of a secret is held back until
 * the next chunk (or the end) says whether it is one. Nothing else is delayed.
 */
export interface ByteScrubber {
  push(chunk: Uint8Array): Buffer;
  /** What is still held back, at the end of the stream. */
  flush(): Buffer;
}

const MASK = Buffer.from(REDACTED);

function asBuffer(c: Uint8Array): Buffer {
  return Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

function replaceAll(buf: Buffer, needles: readonly Buffer[]): Buffer {
  let out = buf;
  for (const needle of needles) {
    let i = out.indexOf(needle);
    if (i < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (i >= 0) {
      parts.push(out.subarray(from, i), MASK);
      from = i + needle.length;
      i = out.indexOf(needle, from);
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
  }
  return out;
}

/** Start of the shortest tail of `buf` that is a proper prefix of a needle (buf.length when none). */
function heldFrom(buf: Buffer, needles: readonly Buffer[], longest: number): number {
  for (let i = Math.max(0, buf.length - longest + 1); i < buf.length; i++) {
    const tail = buf.subarray(i);
    if (needles.some((n) => n.length > tail.length && n.subarray(0, tail.length).equals(tail))) return i;
  }
  return buf.length;
}

export function createByteScrubber(secrets: readonly string[]): ByteScrubber {
  const needles = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))]
    .sort((a, b) => b.length - a.length)
    .map((s) => Buffer.from(s));
  if (needles.length === 0) return { push: asBuffer, flush: () => Buffer.alloc(0) };
  const longest = needles[0]!.length;
  let carry: Buffer | undefined;
  return {
    push(chunk) {
      const buf = replaceAll(carry ? Buffer.concat([carry, asBuffer(chunk)]) : asBuffer(chunk), needles);
      const at = heldFrom(buf, needles, longest);
      carry = at < buf.length ? Buffer.from(buf.subarray(at)) : undefined;
      return at < buf.length ? buf.subarray(0, at) : buf;
    },
    flush() {
      const rest = carry ?? Buffer.alloc(0);
      carry = undefined;
      return rest;
    },
  };
}

/** The proxy's redactor over the secrets it knows now (proxy key, account keys). */
export interface Redactor {
  /** For text: configured secrets (also URL- and JSON-escaped) and credential shapes. */
  text(text: string): string;
  /** For a byte stream to a client: configured secrets only, split-safe. */
  bytes(): ByteScrubber;
}

export function createRedactor(secrets: () => readonly string[]): Redactor {
  const cache = createRedactorCache();
  return {
    text: (t) => cache(secrets())(t),
    bytes: () => createByteScrubber(secrets()),
  };
}
