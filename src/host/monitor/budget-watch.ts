/**
 * Warn-mode budgets in the window (issue 20): after each batch of finished records, today's and
 * the batch's sessions' spend go through `BudgetAlerts` (pure, src/shared/budget-alerts.ts);
 * due alerts become notifications, the status feeds the status bar. No `vscode` here: the
 * container injects `notify` and `changed`.
 */
import type { BudgetsSection } from '../../core/config';
import type { Monitor, RequestRecord } from '../../monitor/types';
import { dayKey } from '../../monitor/usage-totals';
import { BudgetAlerts, type BudgetAlert, type BudgetStatus } from '../../shared/budget-alerts';

export interface BudgetWatchDeps {
  budgets(): BudgetsSection | undefined;
  notify(alert: BudgetAlert): void;
  /** The status bar state changed. */
  changed(): void;
  now(): number;
}

export class BudgetWatch {
  private readonly alerts = new BudgetAlerts();
  private current: BudgetStatus | undefined;

  constructor(private readonly deps: BudgetWatchDeps) {}

  /** What the status bar shows; undefined when no budget is set. */
  get status(): BudgetStatus | undefined {
    return this.current;
  }

  /** Watches a monitor's finished records; returns unsubscribe. */
  attach(m: Monitor): () => void {
    void m.ready().then(() => this.evaluate(m, []), () => undefined);
    return m.subscribe((batch) => this.evaluate(m, batch));
  }

  evaluate(m: Monitor, batch: readonly RequestRecord[]): void {
    const budgets = this.deps.budgets();
    const before = JSON.stringify(this.current);
    if (!budgets || (budgets.dailyUsd === undefined && budgets.sessionUsd === undefined)) {
      this.current = undefined;
    } else {
      const spend = m.spend();
      const ids = [...new Set(batch.map((r) => r.sessionId).filter((s): s is string => !!s))];
      const { alerts, status } = this.alerts.check(budgets, {
        day: dayKey(this.deps.now()),
        todayUsd: spend.todayUsd,
        sessions: ids.map((id) => ({ id, usd: spend.sessionUsd(id) })),
      });
      this.current = status;
      for (const a of alerts) this.deps.notify(a);
    }
    if (JSON.stringify(this.current) !== before) this.deps.changed();
  }
}
