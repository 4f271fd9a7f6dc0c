/**
 * Warn-mode budgets (issue 20), as a pure state machine the host drives: which threshold a
 * spend has crossed (80 %, 100 %), which notifications are due (each threshold once per day,
 * once per session), and what the status bar shows. No `vscode`, no clock of its own.
 */
export type BudgetLevel = 'ok' | 'near' | 'over';

/** 80 % of the limit: the early warning. */
export const NEAR_FRACTION = 0.8;

export function budgetLevel(spentUsd: number, limitUsd: number | undefined): BudgetLevel {
  if (limitUsd === undefined || !(limitUsd > 0)) return 'ok';
  if (spentUsd >= limitUsd) return 'over';
  return spentUsd >= limitUsd * NEAR_FRACTION ? 'near' : 'ok';
}

export interface BudgetLimits {
  dailyUsd?: number;
  sessionUsd?: number;
}

export interface SpendSnapshot {
  /** Local day YYYY-MM-DD the `todayUsd` belongs to. */
  day: string;
  todayUsd: number;
  /** Sessions that spent since the last check (id → dollars so far). */
  sessions?: readonly { id: string; usd: number }[];
}

export interface BudgetAlert {
  budget: 'daily' | 'session';
  level: Exclude<BudgetLevel, 'ok'>;
  spentUsd: number;
  limitUsd: number;
  /** The session, for a session budget. */
  sessionId?: string;
  message: string;
}

export interface BudgetStatus {
  /** The worst level of today's and the latest sessions' spend. */
  level: BudgetLevel;
  /** One line for the status bar tooltip; empty when no budget is set. */
  text: string;
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const MAX_SESSIONS_TRACKED = 500;

/** Remembers which alerts were shown: a threshold fires once per day (daily) or per session. */
export class BudgetAlerts {
  private day = '';
  private readonly dayFired = new Set<BudgetLevel>();
  private readonly sessionFired = new Map<string, Set<BudgetLevel>>();
  private worstSession: BudgetLevel = 'ok';

  /** The notifications due for this snapshot (none twice), and the status bar state. */
  check(limits: BudgetLimits, spend: SpendSnapshot): { alerts: BudgetAlert[]; status: BudgetStatus } {
    if (spend.day !== this.day) {
      this.day = spend.day;
      this.dayFired.clear();
      this.worstSession = 'ok';
    }
    const alerts: BudgetAlert[] = [];
    const daily = budgetLevel(spend.todayUsd, limits.dailyUsd);
    if (daily !== 'ok' && limits.dailyUsd !== undefined && this.fire(this.dayFired, daily)) {
      alerts.push({
        budget: 'daily', level: daily, spentUsd: spend.todayUsd, limitUsd: limits.dailyUsd,
        message: daily === 'over'
          ? `Daily budget of ${usd(limits.dailyUsd)} reached: ${usd(spend.todayUsd)} spent today.`
          : `80 % of the daily budget used: ${usd(spend.todayUsd)} of ${usd(limits.dailyUsd)}.`,
      });
    }
    for (const s of spend.sessions ?? []) {
      const level = budgetLevel(s.usd, limits.sessionUsd);
      if (level === 'ok' || limits.sessionUsd === undefined) continue;
      this.worstSession = worst(this.worstSession, level);
      let fired = this.sessionFired.get(s.id);
      if (!fired) {
        fired = new Set();
        this.sessionFired.set(s.id, fired);
        if (this.sessionFired.size > MAX_SESSIONS_TRACKED) this.sessionFired.delete(this.sessionFired.keys().next().value as string);
      }
      if (this.fire(fired, level)) {
        alerts.push({
          budget: 'session', level, spentUsd: s.usd, limitUsd: limits.sessionUsd, sessionId: s.id,
          message: level === 'over'
            ? `Session budget of ${usd(limits.sessionUsd)} reached: ${usd(s.usd)} spent in session ${s.id}.`
            : `80 % of the session budget used: ${usd(s.usd)} of ${usd(limits.sessionUsd)} in session ${s.id}.`,
        });
      }
    }
    const level = worst(daily, this.worstSession);
    const parts: string[] = [];
    if (limits.dailyUsd !== undefined) parts.push(`Today: ${usd(spend.todayUsd)} of ${usd(limits.dailyUsd)}`);
    if (limits.sessionUsd !== undefined) parts.push(`Session budget: ${usd(limits.sessionUsd)}`);
    return { alerts, status: { level, text: parts.join(' · ') } };
  }

  /** A new session starts fresh (the host calls this when the day changes or budgets change). */
  resetSessions(): void {
    this.worstSession = 'ok';
  }

  /** True when `level` was not yet shown; 100 % implies 80 % (no late 80 % after 100 %). */
  private fire(fired: Set<BudgetLevel>, level: BudgetLevel): boolean {
    if (fired.has(level)) return false;
    fired.add(level);
    if (level === 'over') fired.add('near');
    return true;
  }
}

function worst(a: BudgetLevel, b: BudgetLevel): BudgetLevel {
  const rank = { ok: 0, near: 1, over: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}
