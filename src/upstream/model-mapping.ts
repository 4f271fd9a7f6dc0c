/**
 * Client model → upstream model. Two layers:
 *  1. `modelMapping` rules from the config (exact beats wildcard; among wildcards the one with
 *     the most literal characters wins; ties go to the rule listed first).
 *  2. Per account: does the account serve the result, and under which name? See
 *     `resolveAccountModel` and the default table below.
 * Matching is case-insensitive; `*` matches any run of characters, including none.
 */
import type { AccountConfig, AccountKind, ZaiSection } from '../core/config';
import { providerOf } from './providers/registry';

export type ModelFamily = 'claude' | 'gemini' | 'openai' | 'glm';
export type ModelTier = 'opus' | 'sonnet' | 'haiku';

/**
 * Stand-ins per account kind (each provider's `defaultModels`, src/upstream/providers/), used
 * when a client asks for a model of *another* vendor's family (Claude Code's `claude-*` on a
 * Gemini-only pool, Codex's `gpt-5` on an Anthropic-only pool, the Gemini CLI's `gemini-*` on an
 * OpenAI-only pool). The client model's tier picks the row: `opus` = names containing "opus";
 * `haiku` = small models (haiku, mini, nano, flash, lite, air, small); `sonnet` = everything else.
 *
 * A model of the account's own family (the provider's `nativeFamily`: gemini-* on gemini,
 * gpt-* / o<N>* on openai, claude-* on anthropic, glm-* on zai) and a model of no known family
 * (llama3, deepseek-chat, vendor/model on OpenRouter) pass through unchanged.
 */

/** Who makes a model, for `/v1/models` `owned_by`. */
export const FAMILY_OWNER: Record<ModelFamily, string> = {
  claude: 'anthropic',
  gemini: 'google',
  openai: 'openai',
  glm: 'z.ai',
};

export function familyOf(model: string): ModelFamily | undefined {
  const m = model.toLowerCase().replace(/^models\//, '');
  if (m.startsWith('claude-')) return 'claude';
  if (m.startsWith('gemini-') || m.startsWith('gemma-')) return 'gemini';
  if (m.startsWith('glm-')) return 'glm';
  if (/^(gpt-|chatgpt-|codex-|o\d+(-|$))/.test(m)) return 'openai';
  return undefined;
}

export function tierOf(model: string): ModelTier {
  const m = model.toLowerCase();
  if (m.includes('opus')) return 'opus';
  if (/haiku|mini|nano|flash|lite|air|small/.test(m)) return 'haiku';
  return 'sonnet';
}

function escapeRe(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export function isWildcard(pattern: string): boolean {
  return pattern.includes('*');
}

export function globMatch(pattern: string, value: string): boolean {
  if (!isWildcard(pattern)) return pattern.toLowerCase() === value.toLowerCase();
  const re = new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`, 'i');
  return re.test(value);
}

/** The target of the best `modelMapping` rule for `model`, or undefined when none matches. */
export function resolveModelMapping(rules: Record<string, string>, model: string): string | undefined {
  let best: { target: string; literal: number } | undefined;
  for (const [pattern, target] of Object.entries(rules)) {
    if (!target || !globMatch(pattern, model)) continue;
    if (!isWildcard(pattern)) return target;
    const literal = pattern.replace(/\*/g, '').length;
    if (!best || literal > best.literal) best = { target, literal };
  }
  return best?.target;
}

export function matchesAny(patterns: readonly string[], model: string): boolean {
  return patterns.some((p) => globMatch(p, model));
}

/** z.ai: opus/sonnet/haiku families to the configured GLM models; glm-* passes through. */
export function zaiModelFor(model: string, models: ZaiSection['models']): string {
  if (familyOf(model) === 'glm') return model;
  return models[tierOf(model)];
}

/** The kind's stand-in for a client model of another family (the provider's `defaultModels`). */
export function kindDefaultModel(kind: Exclude<AccountKind, 'vscode-lm' | 'demo'>, model: string, zaiModels: ZaiSection['models']): string {
  if (kind === 'zai') return zaiModelFor(model, zaiModels);
  return providerOf(kind).defaultModels(zaiModels)![tierOf(model)];
}

export interface AccountModel {
  upstreamModel: string;
  /**
   * True when the account serves only a stand-in (a default of its kind for another vendor's
   * model): such accounts are tried after those serving the model itself.
   */
  substitute: boolean;
}

/**
 * Whether `account` can serve `model` (already passed through `modelMapping`), and as what.
 * - With an allow-list (`models`, wildcards allowed): the model itself if listed; else, for a
 *   model of another vendor's family, the kind default if listed, else the first literal entry
 *   of the list (so Claude Code works on an account limited to e.g. `deepseek-chat`).
 * - Without one: own-family and unknown-family models pass through; another vendor's family
 *   gets the kind default.
 */
export function resolveAccountModel(
  account: Pick<AccountConfig, 'kind' | 'models'>,
  model: string,
  zaiModels: ZaiSection['models'],
): AccountModel | undefined {
  if (account.kind === 'vscode-lm' || account.kind === 'demo') return undefined;
  const kind = account.kind;
  const family = familyOf(model);
  const foreign = family !== undefined && family !== providerOf(kind).nativeFamily;
  const allow = (account.models ?? []).filter((p) => p.trim().length > 0);
  if (allow.length > 0) {
    if (matchesAny(allow, model)) return { upstreamModel: model, substitute: false };
    if (!foreign) return undefined;
    const fallback = kindDefaultModel(kind, model, zaiModels);
    if (matchesAny(allow, fallback)) return { upstreamModel: fallback, substitute: true };
    const literal = allow.find((p) => !isWildcard(p));
    return literal ? { upstreamModel: literal, substitute: true } : undefined;
  }
  if (!foreign) return { upstreamModel: model, substitute: false };
  return { upstreamModel: kindDefaultModel(kind, model, zaiModels), substitute: true };
}

/**
 * Which of the models a `vscode-lm` account offers (what VS Code lists for its vendor/family)
 * serves `model`: the same model (case-insensitive id) as itself; otherwise a stand-in — the
 * first offered model of the same family and tier, else of the same family, else of the same
 * tier, else the first one — so any client (Claude Code's `claude-*`, Codex's `gpt-5`) can use
 * the models the user has. Stand-ins are tried after accounts serving the model itself.
 */
export function resolveLocalModel(offered: readonly string[], model: string): AccountModel | undefined {
  const list = offered.filter((m) => m.trim().length > 0);
  if (list.length === 0) return undefined;
  const exact = list.find((m) => m.toLowerCase() === model.toLowerCase());
  if (exact) return { upstreamModel: exact, substitute: false };
  const family = familyOf(model);
  const tier = tierOf(model);
  const sameFamily = family ? list.filter((m) => familyOf(m) === family) : [];
  const pick = sameFamily.find((m) => tierOf(m) === tier) ?? sameFamily[0] ?? list.find((m) => tierOf(m) === tier) ?? list[0]!;
  return { upstreamModel: pick, substitute: true };
}
