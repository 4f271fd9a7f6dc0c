import type { Json } from '../shared/json';

/**
 * Prompt caching for clients that cannot ask for it in Anthropic's words (OpenAI chat, Responses,
 * Gemini) when an Anthropic-kind account serves them: `cache_control: {type: 'ephemeral'}` on the
 * last tool, the last system block and the last stable turn — the message before the newest user
 * turn, whose prefix the next request repeats. Anthropic allows at most 4 breakpoints per request;
 * existing ones count, and thinking blocks cannot carry one.
 */
export const MAX_CACHE_BREAKPOINTS = 4;
const EPHEMERAL = { type: 'ephemeral' } as const;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function countBreakpoints(body: Json): number {
  let n = 0;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v)) {
      if (isObj(v.cache_control)) n++;
      for (const k of ['tools', 'system', 'messages', 'content']) if (k in v && typeof v[k] === 'object') visit(v[k]);
    }
  };
  visit(body);
  return n;
}

/** The last block of `blocks` that may carry cache_control (not thinking). */
function lastCacheable(blocks: unknown): Json | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    if (isObj(b) && b.type !== 'thinking' && b.type !== 'redacted_thinking') return b;
  }
  return undefined;
}

/** Adds the breakpoints to an Anthropic Messages body in place; returns how many were added. */
export function addCacheBreakpoints(body: Json): number {
  let budget = MAX_CACHE_BREAKPOINTS - countBreakpoints(body);
  let added = 0;
  const mark = (b: Json | undefined) => {
    if (!b || budget <= 0 || isObj(b.cache_control)) return;
    b.cache_control = { ...EPHEMERAL };
    budget--;
    added++;
  };
  if (Array.isArray(body.tools)) mark(body.tools.filter(isObj).at(-1));
  if (typeof body.system === 'string' && body.system) body.system = [{ type: 'text', text: body.system }];
  if (Array.isArray(body.system)) mark(lastCacheable(body.system));
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  const newestUser = messages.map((m) => m.role === 'user').lastIndexOf(true);
  const stable = newestUser > 0 ? messages[newestUser - 1] : undefined;
  if (stable) {
    if (typeof stable.content === 'string' && stable.content) stable.content = [{ type: 'text', text: stable.content }];
    mark(lastCacheable(stable.content));
  }
  return added;
}
