/**
 * The model catalog (issue 18): how many tokens a model takes in (`contextWindow`) and may
 * write (`maxOutputTokens`). Three sources, per field, strongest first: the config's `models`
 * (an exact id beats a wildcard; among wildcards the longest pattern), values the vendors
 * report (LearnedLimits, filled by discover-limits.ts: Gemini `inputTokenLimit`/`outputTokenLimit`, an OpenAI-compatible
 * list's `context_length`, VS Code's `maxInputTokens`), and the built-in table of well-known
 * models below (the vendors' published limits). Unknown stays unknown: nothing is guessed.
 */
import type { AccountConfig, ModelLimits, ProxyConfig } from '../core/config';
import { isInProcessKind, zaiDispatchActive } from '../core/config';
import { globMatch, isWildcard, resolveAccountModel, resolveLocalModel, resolveModelMapping, zaiModelFor } from './model-mapping';

export type { ModelLimits };

/** The in-process providers' view (LocalProvider.models / limits) for an account of their kind. */
export interface LocalLimits {
  models(account: AccountConfig): string[] | undefined;
  limits?(account: AccountConfig, model: string): ModelLimits | undefined;
}

/** Most specific first: the first matching pattern wins. */
const BUILT_IN: ReadonlyArray<readonly [string, ModelLimits]> = [
  // Anthropic (200k standard window).
  ['claude-opus-4-1*', { contextWindow: 200_000, maxOutputTokens: 32_000 }],
  ['claude-opus-4-0*', { contextWindow: 200_000, maxOutputTokens: 32_000 }],
  ['claude-opus-4-2025*', { contextWindow: 200_000, maxOutputTokens: 32_000 }],
  ['claude-opus-4*', { contextWindow: 200_000, maxOutputTokens: 64_000 }],
  ['claude-sonnet-4*', { contextWindow: 200_000, maxOutputTokens: 64_000 }],
  ['claude-haiku-4*', { contextWindow: 200_000, maxOutputTokens: 64_000 }],
  ['claude-3-7-sonnet*', { contextWindow: 200_000, maxOutputTokens: 64_000 }],
  ['claude-3-5-haiku*', { contextWindow: 200_000, maxOutputTokens: 8_192 }],
  ['claude-3-5-sonnet*', { contextWindow: 200_000, maxOutputTokens: 8_192 }],
  ['claude-3-*', { contextWindow: 200_000, maxOutputTokens: 4_096 }],
  // Google.
  ['gemini-1.5-pro*', { contextWindow: 2_097_152, maxOutputTokens: 8_192 }],
  ['gemini-1.5-flash*', { contextWindow: 1_048_576, maxOutputTokens: 8_192 }],
  ['gemini-2.0-flash*', { contextWindow: 1_048_576, maxOutputTokens: 8_192 }],
  ['gemini-2.5-*', { contextWindow: 1_048_576, maxOutputTokens: 65_536 }],
  ['gemini-3*', { contextWindow: 1_048_576, maxOutputTokens: 65_536 }],
  // OpenAI.
  ['gpt-4o*', { contextWindow: 128_000, maxOutputTokens: 16_384 }],
  ['gpt-4.1*', { contextWindow: 1_047_576, maxOutputTokens: 32_768 }],
  ['gpt-4-turbo*', { contextWindow: 128_000, maxOutputTokens: 4_096 }],
  ['gpt-5*', { contextWindow: 400_000, maxOutputTokens: 128_000 }],
  ['o1*', { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  ['o3*', { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  ['o4-mini*', { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  // z.ai.
  ['glm-4.5*', { contextWindow: 128_000, maxOutputTokens: 96_000 }],
  ['glm-4.6*', { contextWindow: 200_000, maxOutputTokens: 128_000 }],
  ['glm-4.7*', { contextWindow: 200_000, maxOutputTokens: 128_000 }],
  // DeepSeek.
  ['deepseek-*', { contextWindow: 128_000, maxOutputTokens: 8_192 }],
];

const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** What vendors reported, by model id (one per server: a model's limits do not depend on the account). */
export class LearnedLimits {
  private readonly byId = new Map<string, ModelLimits>();

  /** Records limits a vendor reported for a model; invalid numbers are ignored. */
  learn(id: string, limits: ModelLimits): void {
    const clean: ModelLimits = {};
    if (valid(limits.contextWindow)) clean.contextWindow = limits.contextWindow;
    if (valid(limits.maxOutputTokens)) clean.maxOutputTokens = limits.maxOutputTokens;
    if (clean.contextWindow === undefined && clean.maxOutputTokens === undefined) return;
    const key = stripPrefix(id);
    this.byId.set(key, { ...this.byId.get(key), ...clean });
  }

  get(id: string): ModelLimits | undefined {
    return this.byId.get(stripPrefix(id));
  }
}

/** A Gemini models-list entry (`models/gemini-…` with inputTokenLimit/outputTokenLimit) → limits. */
export function limitsFromGemini(m: { name?: unknown; inputTokenLimit?: unknown; outputTokenLimit?: unknown }): [string, ModelLimits] | undefined {
  if (typeof m.name !== 'string') return undefined;
  return [stripPrefix(m.name), { contextWindow: m.inputTokenLimit as number, maxOutputTokens: m.outputTokenLimit as number }];
}

/** An OpenAI-compatible models-list entry (OpenRouter, vLLM, LM Studio list `context_length` / `max_model_len`). */
export function limitsFromOpenAI(m: { id?: unknown; context_length?: unknown; max_model_len?: unknown; top_provider?: { max_completion_tokens?: unknown } }): [string, ModelLimits] | undefined {
  if (typeof m.id !== 'string') return undefined;
  return [m.id, { contextWindow: (m.context_length ?? m.max_model_len) as number, maxOutputTokens: m.top_provider?.max_completion_tokens as number }];
}

function stripPrefix(id: string): string {
  return id.replace(/^models\//, '');
}

/** The config's entries for `id`: the exact one, then the best wildcard (per field, in that order). */
function fromConfig(config: Pick<ProxyConfig, 'models'>, id: string): Array<ModelLimits | undefined> {
  const table = config.models ?? {};
  let best: [string, ModelLimits] | undefined;
  for (const [p, lim] of Object.entries(table)) {
    if (isWildcard(p) && globMatch(p, id) && (!best || p.length > best[0].length)) best = [p, lim];
  }
  return [Object.hasOwn(table, id) ? table[id] : undefined, best?.[1]];
}

/** Lookups are memoized (ids are few; each lookup would otherwise compile a pattern per entry). */
const builtInCache = new Map<string, ModelLimits | null>();

function builtIn(id: string): ModelLimits | undefined {
  const lower = id.toLowerCase();
  let hit = builtInCache.get(lower);
  if (hit === undefined) {
    hit = BUILT_IN.find(([p]) => globMatch(p, lower))?.[1] ?? null;
    if (builtInCache.size > 10_000) builtInCache.clear();
    builtInCache.set(lower, hit);
  }
  return hit ?? undefined;
}

/** The limits known for `id` (each field from the strongest source that has it); undefined when nothing is known. */
export function modelLimits(config: Pick<ProxyConfig, 'models'>, id: string, learned?: LearnedLimits): ModelLimits | undefined {
  const sources = [...fromConfig(config, id), learned?.get(id), builtIn(id)];
  const out: ModelLimits = {};
  for (const s of sources) {
    if (out.contextWindow === undefined && valid(s?.contextWindow)) out.contextWindow = s!.contextWindow;
    if (out.maxOutputTokens === undefined && valid(s?.maxOutputTokens)) out.maxOutputTokens = s!.maxOutputTokens;
  }
  return out.contextWindow === undefined && out.maxOutputTokens === undefined ? undefined : out;
}

/**
 * The windows of the upstream models a client model would be served as, one per enabled account
 * that serves it (after `modelMapping` and the account's own mapping; the z.ai dispatcher's
 * models too). `undefined` entries are models whose window is unknown (an in-process account:
 * VS Code decides). Pure: no routing state is touched.
 */
export function servedWindows(config: ProxyConfig, clientModel: string, learned?: LearnedLimits, local?: LocalLimits): Array<number | undefined> {
  const mapped = resolveModelMapping(config.modelMapping, clientModel) ?? clientModel;
  // Accounts that serve the model itself come first in routing; stand-ins only when there are none.
  const own: Array<string | undefined> = [];
  const standIn: Array<string | undefined> = [];
  const ownWindows: number[] = [];
  const standInWindows: number[] = [];
  for (const a of config.accounts as AccountConfig[]) {
    if (!a.enabled) continue;
    if (isInProcessKind(a.kind)) {
      // VS Code's models report their own window (LocalProvider.limits); unknown otherwise.
      const offered = local?.models(a);
      const r = offered ? resolveLocalModel(offered, mapped) : undefined;
      const w = r ? local?.limits?.(a, r.upstreamModel)?.contextWindow : undefined;
      if (r && w !== undefined) (r.substitute ? standInWindows : ownWindows).push(w);
      else standIn.push(undefined);
      continue;
    }
    const r = resolveAccountModel(a, mapped, config.zai.models);
    if (r) (r.substitute ? standIn : own).push(r.upstreamModel);
  }
  if (zaiDispatchActive(config.zai)) standIn.push(zaiModelFor(mapped, config.zai.models));
  const useOwn = own.length + ownWindows.length > 0;
  const upstream = useOwn ? own : standIn;
  return [...upstream.map((m) => (m === undefined ? undefined : modelLimits(config, m, learned)?.contextWindow)), ...(useOwn ? ownWindows : standInWindows)];
}

/**
 * The window a request for `clientModel` must fit whichever account serves it: the largest of
 * the served models' windows (never refuse what some account could take); undefined when any
 * of them is unknown, or no account serves the model.
 */
export function gateWindow(config: ProxyConfig, clientModel: string, learned?: LearnedLimits, local?: LocalLimits): number | undefined {
  const w = servedWindows(config, clientModel, learned, local);
  if (w.length === 0 || w.some((x) => x === undefined)) return undefined;
  return Math.max(...(w as number[]));
}

/** The smallest known window a client model is served with (what a client must compact for: Configure Claude Code). */
export function servedWindow(config: ProxyConfig, clientModel: string, learned?: LearnedLimits, local?: LocalLimits): number | undefined {
  const w = servedWindows(config, clientModel, learned, local).filter(valid);
  return w.length > 0 ? Math.min(...w) : undefined;
}

/** Claude's own window, which Claude Code compacts for unless told otherwise. */
export const CLAUDE_CODE_WINDOW = 200_000;

/**
 * For Configure Claude Code: the `CLAUDE_CODE_AUTO_COMPACT_WINDOW` to write when the model
 * Claude Code's `model` is served as has a smaller window than Claude's (so Claude Code
 * compacts in time); undefined when it does not (nothing to write).
 */
export function claudeCodeCompactWindow(config: ProxyConfig, model: string): number | undefined {
  const w = servedWindow(config, model);
  return w !== undefined && w < CLAUDE_CODE_WINDOW ? w : undefined;
}
