import type { IrEffort, IrReasoningConfig } from '../../ir';

/**
 * Effort ↔ budget conversions, used when the client speaks in one and the upstream in the
 * other. The budgets follow the vendors' documented guidance (Anthropic minimum 1024;
 * Gemini 2.5 dynamic = -1, max 32768 for Pro, 24576 for Flash).
 */
const BUDGET: Record<IrEffort, number> = {
  none: 0,
  minimal: 1024,
  low: 4096,
  medium: 10240,
  high: 24576,
  xhigh: 32000,
  max: 32000,
};

function effortToBudget(effort: IrEffort): number {
  return BUDGET[effort];
}

export function budgetToEffort(budget: number): IrEffort {
  if (budget === 0) return 'none';
  if (budget < 0) return 'medium'; // dynamic
  if (budget <= 2048) return 'minimal';
  if (budget <= 6144) return 'low';
  if (budget <= 16384) return 'medium';
  return 'high';
}

export function parseEffort(v: unknown): IrEffort | undefined {
  return typeof v === 'string' && v in BUDGET ? (v as IrEffort) : undefined;
}

/** True when the client explicitly turned thinking off. */
export function reasoningDisabled(r: IrReasoningConfig | undefined): boolean {
  return !!r && (r.enabled === false || r.effort === 'none' || r.budgetTokens === 0);
}

/** True when the client asked for thinking in any form. */
export function reasoningRequested(r: IrReasoningConfig | undefined): boolean {
  if (!r || reasoningDisabled(r)) return false;
  return r.enabled === true || r.adaptive === true || r.effort !== undefined || (r.budgetTokens !== undefined && r.budgetTokens !== 0);
}

/** The budget to send to a budget-based upstream (Anthropic), or undefined for "no thinking". */
export function reasoningBudget(r: IrReasoningConfig | undefined): number | undefined {
  if (!reasoningRequested(r)) return undefined;
  if (r!.budgetTokens !== undefined && r!.budgetTokens > 0) return r!.budgetTokens;
  return effortToBudget(r!.effort ?? 'medium');
}

/** The effort to send to an effort-based upstream (OpenAI), or undefined. */
export function reasoningEffort(r: IrReasoningConfig | undefined): IrEffort | undefined {
  if (!r) return undefined;
  if (reasoningDisabled(r)) return r.effort === 'none' ? 'none' : undefined;
  if (r.effort) return r.effort;
  if (r.budgetTokens !== undefined) return budgetToEffort(r.budgetTokens);
  if (r.enabled || r.adaptive) return 'medium';
  return undefined;
}
