/**
 * Add Account's steps as data (pure, no `vscode`): which steps a preset asks, in the order users
 * and tests know (kind → base URL → key → name → verify → models; vscode-lm: kind → vendor →
 * family → name), and the runner that walks them with Back.
 */
import type { AccountKind } from '../../core/config';

export type AddStep = 'kind' | 'url' | 'key' | 'name' | 'verify' | 'models' | 'vendor' | 'family';
export type StepResult = 'next' | 'back' | 'cancel';

export interface PlanInput {
  /** False when the preset was given (the walkthrough's link): no kind step. */
  askKind: boolean;
  /** The chosen kind; undefined before the kind step (the common path is assumed). */
  kind?: AccountKind;
  /** Models were listed and there is something to pick. */
  pickModels?: boolean;
}

export function addAccountPlan(p: PlanInput): AddStep[] {
  const rest: AddStep[] = p.kind === 'vscode-lm'
    ? ['vendor', 'family', 'name']
    : ['url', 'key', 'name', 'verify', ...(p.pickModels ? ['models' as const] : [])];
  return p.askKind ? ['kind', ...rest] : rest;
}

/**
 * Walks the plan: `next` moves on, `back` returns to the previous step (the first step has no
 * Back), `cancel` ends the flow. The plan is re-read before every step, since answers change it
 * (the kind picks the steps; the verify step adds the model pick). Resolves true when every step
 * answered `next`.
 */
export async function runSteps<Id extends string>(plan: () => readonly Id[], run: (id: Id, step: number, total: number) => Promise<StepResult>): Promise<boolean> {
  let i = 0;
  for (;;) {
    const steps = plan();
    if (i >= steps.length) return true;
    const result = await run(steps[i]!, i + 1, steps.length);
    if (result === 'cancel') return false;
    i = result === 'back' ? Math.max(0, i - 1) : i + 1;
  }
}

/**
 * The name offered at the name step: the user's own name stays; a name that was only the default
 * follows the current default (the user went back and changed the URL).
 */
export function offeredName(typed: string | undefined, lastOffered: string | undefined, fresh: string): string {
  return typed !== undefined && typed !== lastOffered ? typed : fresh;
}

/** The models to save from a pick where all were pre-selected: every one ticked means "all" (no list). */
export function modelsToSave(found: readonly string[], picked: readonly string[]): string[] | undefined {
  if (picked.length === 0 || picked.length === found.length) return undefined;
  return [...picked];
}
