/**
 * Redaction of secrets in any text that reaches the monitor (paths, messages, bodies, user
 * agents). Two layers: every configured secret, literally (and URL-encoded); and anything that
 * looks like a credential — auth header values, `key=` query parameters, bearer tokens and the
 * well-known key shapes — even when it is not configured (a client's wrong key, say).
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
const KEY_SHAPES = /\b(?:sk-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{30,})/g;

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

export type Redactor = (text: string) => string;

/** Every credential shape above contains one of these: text without any skips four regex passes. */
const MAY_HOLD_CREDENTIAL = /key|auth|token|bearer|sk-|AIza/i;

export function redactWith(pattern: RegExp | undefined, text: string): string {
  let out = pattern ? text.replace(pattern, REDACTED) : text;
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

/**
 * A redactor over the secrets `secrets()` returns now. The compiled pattern is cached and
 * rebuilt only when the list changes (callers may create one per finished record).
 */
export function createRedactorCache(): (secrets: readonly string[]) => Redactor {
  let lastKey: string | undefined;
  let pattern: RegExp | undefined;
  return (secrets) => {
    const key = secrets.join('\u0000');
    if (key !== lastKey) {
      lastKey = key;
      pattern = configuredPattern(secrets);
    }
    const p = pattern;
    return (text) => redactWith(p, text);
  };
}

/** One-shot convenience. */
export function redact(text: string, secrets: readonly string[] = []): string {
  return redactWith(configuredPattern(secrets), text);
}
