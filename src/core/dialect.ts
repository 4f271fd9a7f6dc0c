/** The four wire dialects the proxy speaks, to clients and to upstreams. */
export type Dialect = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** Error body family: the two OpenAI dialects share one error shape. */
export type ErrorDialect = 'openai' | 'anthropic' | 'gemini';

export function errorDialectOf(d: Dialect): ErrorDialect {
  return d === 'anthropic' ? 'anthropic' : d === 'gemini' ? 'gemini' : 'openai';
}
