import type { ErrorDialect } from '../../core/dialect';

/**
 * Path forgiveness (DESIGN §2): clients given a base URL with the wrong `/v1` suffix call
 * bare or doubled paths. Those are served as their canonical route; only truly unknown
 * paths get a 404, with the base URL to use when it can be told.
 */
export function canonicalPath(path: string): string {
  // Collapse runs of slashes first, then drop a trailing one: `//` is `/`, never the empty path.
  let p = path.replace(/\/{2,}/g, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/^(\/v1beta)(\/v1beta)+(?=\/|$)/, '$1').replace(/^(\/v1)(\/v1)+(?=\/|$)/, '$1');
  // A Gemini client whose base URL ends with /v1 (or none at all).
  const gem = /^(?:\/v1)?\/models\/([^/]+:[A-Za-z]+)$/.exec(p);
  if (gem) return `/v1beta/models/${gem[1]}`;
  if (/^\/(chat\/completions|responses|messages(\/count_tokens)?|models(\/[^/]+)?)$/.test(p)) return `/v1${p}`;
  if (p === '/api/event_logging/batch') return '/v1/api/event_logging/batch';
  return p;
}

/** The dialect an error on this path must be written in. */
export function dialectOfPath(path: string, headers: Record<string, string | string[] | undefined>): ErrorDialect {
  if (path.startsWith('/v1beta')) return 'gemini';
  if (path.startsWith('/v1/messages')) return 'anthropic';
  // The route names the caller's dialect; stray vendor headers (an SDK's defaults) must not change it.
  if (/^\/v1\/(chat\/completions|responses)(\/|$)/.test(path)) return 'openai';
  if (path.startsWith('/v1/models') && headers['anthropic-version'] !== undefined) return 'anthropic';
  if (headers['x-goog-api-key'] !== undefined) return 'gemini';
  if (headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

const ENDPOINTS: { suffix: string; base: string; dialect: ErrorDialect }[] = [
  { suffix: '/v1/chat/completions', base: '/v1', dialect: 'openai' },
  { suffix: '/v1/responses', base: '/v1', dialect: 'openai' },
  { suffix: '/v1/messages', base: '', dialect: 'anthropic' },
  { suffix: '/v1beta/models', base: '', dialect: 'gemini' },
  { suffix: '/chat/completions', base: '/v1', dialect: 'openai' },
  { suffix: '/responses', base: '/v1', dialect: 'openai' },
  { suffix: '/messages', base: '', dialect: 'anthropic' },
];

/** For an unknown path: the base URL the client should have been given, when it can be told. */
export function suggestBaseUrl(path: string, origin: string): { base: string; dialect: ErrorDialect } | undefined {
  for (const e of ENDPOINTS) {
    const i = path.indexOf(e.suffix);
    if (i < 0) continue;
    const after = path.slice(i + e.suffix.length);
    // Either something was appended to a full endpoint URL, or a prefix was put before it.
    if (after.startsWith('/') || i > 0) return { base: `${origin}${e.base}`, dialect: e.dialect };
  }
  return undefined;
}
