import { isFlatRate, type AccountConfig, type ModelPrice } from '../core/config';
import type { RecordCost, RecordUsage } from './types';

export type { ModelPrice };

/**
 * Built-in list prices (US dollars per million tokens) of well-known models, as the vendors
 * publish them for their standard tier (Gemini Pro: prompts up to 200k tokens). Keys are model
 * ids or `*` wildcards; the most specific match wins (an exact id, then the longest pattern).
 * Absent cacheRead / cacheWrite cost the input price. Config `prices` overrides these.
 */
export const PRICE_CATALOG: Readonly<Record<string, ModelPrice>> = {
  // Anthropic (cache write: the 5-minute TTL price).
  'claude-opus-4-5*': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4*': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-3-opus*': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-4*': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-7-sonnet*': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-5-sonnet*': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4*': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku*': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'claude-3-haiku*': { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  // OpenAI (cached input; no cache-write charge).
  'gpt-4o*': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini*': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  'gpt-4.1*': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini*': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano*': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-5*': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini*': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano*': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'o1*': { input: 15, output: 60, cacheRead: 7.5 },
  'o1-mini*': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o3*': { input: 2, output: 8, cacheRead: 0.5 },
  'o3-mini*': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o4-mini*': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  // Google.
  'gemini-3-pro*': { input: 2, output: 12, cacheRead: 0.2 },
  'gemini-3-flash*': { input: 0.5, output: 3, cacheRead: 0.05 },
  'gemini-2.5-pro*': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gemini-2.5-flash*': { input: 0.3, output: 2.5, cacheRead: 0.03 },
  'gemini-2.5-flash-lite*': { input: 0.1, output: 0.4, cacheRead: 0.01 },
  'gemini-2.0-flash*': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gemini-2.0-flash-lite*': { input: 0.075, output: 0.3 },
  // DeepSeek (V3.2 API prices), z.ai GLM.
  'deepseek-chat*': { input: 0.28, output: 0.42, cacheRead: 0.028 },
  'deepseek-reasoner*': { input: 0.28, output: 0.42, cacheRead: 0.028 },
  'glm-4.5-air*': { input: 0.2, output: 1.1, cacheRead: 0.03 },
  'glm-4.5*': { input: 0.6, output: 2.2, cacheRead: 0.11 },
  'glm-4.6*': { input: 0.6, output: 2.2, cacheRead: 0.11 },
  'glm-4.7*': { input: 0.6, output: 2.2, cacheRead: 0.11 },
};

/** Wildcard keys compiled once (a record is priced per answered request: no RegExp per lookup). */
const GLOBS = new Map<string, RegExp>();

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  let re = GLOBS.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    if (GLOBS.size < 4096) GLOBS.set(pattern, re);
  }
  return re.test(value);
}

/** The entry of `table` for `model`: an exact key, else the longest matching wildcard. */
function lookupUncached(table: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  if (Object.prototype.hasOwnProperty.call(table, model) && !model.includes('*')) return table[model];
  let best: string | undefined;
  for (const k of Object.keys(table)) {
    if (k.includes('*') && globMatch(k, model) && (best === undefined || k.length > best.length)) best = k;
  }
  return best === undefined ? undefined : table[best];
}

/**
 * Lookups memoized per table object and model (tables are replaced, never mutated, when the
 * config changes; a WeakMap lets a replaced table's memo go with it). Bounded per table.
 */
const MEMO = new WeakMap<object, Map<string, ModelPrice | null>>();

function lookup(table: Readonly<Record<string, ModelPrice>> | undefined, model: string): ModelPrice | undefined {
  if (!table) return undefined;
  let memo = MEMO.get(table);
  if (!memo) MEMO.set(table, (memo = new Map()));
  const hit = memo.get(model);
  if (hit !== undefined) return hit ?? undefined;
  const found = lookupUncached(table, model);
  if (memo.size < 1024) memo.set(model, found ?? null);
  return found;
}

/** A model's price: config overrides first, then the catalog; vendor prefixes (`models/`, `anthropic/`) are ignored. */
export function priceOf(model: string, overrides?: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  const m = model.trim().toLowerCase();
  const bare = m.includes('/') ? m.slice(m.lastIndexOf('/') + 1) : m;
  return lookup(overrides, model) ?? lookup(overrides, bare) ?? lookup(PRICE_CATALOG, bare);
}

/**
 * Dollars of one usage report at `price`, rounded to the micro-dollar. Usage follows the
 * monitor's convention: `inputTokens` includes cache reads (`cachedTokens`) and cache writes
 * (`cacheWriteTokens`), so the uncached input is what remains.
 */
export function usageCostUsd(u: Pick<RecordUsage, 'inputTokens' | 'outputTokens' | 'cachedTokens' | 'cacheWriteTokens'>, price: ModelPrice): number {
  const read = u.cachedTokens;
  const write = u.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, u.inputTokens - read - write);
  const dollars =
    uncached * price.input +
    read * (price.cacheRead ?? price.input) +
    write * (price.cacheWrite ?? price.input) +
    u.outputTokens * price.output;
  return Math.round(dollars) / 1e6; // price is per million: dollars × 1e6 here, so whole units are micro-dollars
}

export interface CostContext {
  prices?: Readonly<Record<string, ModelPrice>>;
  accounts: readonly Pick<AccountConfig, 'id' | 'kind' | 'flatRate'>[];
}

/**
 * What a finished record cost: `included` on a flat-rate account (by its config, else by the
 * record's account kind), $0 without usage, undefined when the model has no known price.
 */
export function recordCost(
  r: { usage?: RecordUsage; upstreamModel?: string; clientModel?: string; accountId?: string; accountKind?: AccountConfig['kind'] },
  ctx: CostContext,
): RecordCost | undefined {
  const account = ctx.accounts.find((a) => a.id === r.accountId);
  const kind = account?.kind ?? r.accountKind;
  const estimated = r.usage?.estimated || undefined;
  if (kind && isFlatRate({ kind, flatRate: account?.flatRate })) return { usd: 0, included: true, ...(estimated ? { estimated } : {}) };
  if (!r.usage) return { usd: 0 };
  const price = priceOf(r.upstreamModel || r.clientModel || '', ctx.prices);
  if (!price) return undefined;
  return { usd: usageCostUsd(r.usage, price), ...(estimated ? { estimated } : {}) };
}
