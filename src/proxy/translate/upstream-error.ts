import type { Dialect } from '../dialect';
import { asObject, asString, tryParse } from '../codecs/shared/json';

/**
 * The human-readable message of a vendor error body, or undefined when there is none:
 * Anthropic `{"type":"error","error":{"message"}}`, OpenAI `{"error":{"message"}}` (or a bare
 * string `error`), Gemini `{"error":{"message"}}` also wrapped in a JSON array (streams).
 * Short non-JSON, non-HTML text is returned trimmed (some gateways answer in plain text).
 */
export function upstreamErrorMessage(wire: Dialect, bodyText: string): string | undefined {
  const text = bodyText.trim();
  if (!text) return undefined;
  let parsed = tryParse(text);
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (parsed === undefined) {
    if (text.startsWith('<') || text.length > 500) return undefined;
    return text;
  }
  const o = asObject(parsed);
  const err = o.error;
  if (typeof err === 'string') return err;
  const message = asString(asObject(err).message) ?? asString(o.message) ?? asString(o.detail);
  if (message) return message;
  if (wire === 'openai-chat' || wire === 'openai-responses') return asString(asObject(err).code);
  return undefined;
}
