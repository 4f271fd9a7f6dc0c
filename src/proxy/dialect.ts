/** The four wire dialects the proxy speaks, to clients and to upstreams. */
export type Dialect = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** Error body family: the two OpenAI dialects share one error shape. */
export type ErrorDialect = 'openai' | 'anthropic' | 'gemini';

export function errorDialectOf(d: Dialect): ErrorDialect {
  return d === 'anthropic' ? 'anthropic' : d === 'gemini' ? 'gemini' : 'openai';
}

/** Best guess of the caller's dialect from the path and headers, for errors before routing. */
export function guessErrorDialect(path: string, headers: Record<string, string | string[] | undefined>): ErrorDialect {
  if (path.includes('/v1beta') || headers['x-goog-api-key'] !== undefined) return 'gemini';
  if (/\/messages(\/|$)/.test(path) || headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}
