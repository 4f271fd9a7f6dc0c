/**
 * Sessions and usage groupings from monitor records (issue 20): what one coding session did,
 * as a tree of main agent → subagents, and usage rows grouped by session. Pure functions over
 * records; the HTTP API (src/proxy/routes/api.ts) and the status line read them.
 */
import type { RequestRecord, UsageSums } from './types';
import { addInto, emptySums } from './usage-view';

/** A session's or agent's counts: the same sums as a usage row (usage-view.ts), `costUsd` included. */
export type Totals = UsageSums;

export interface AgentNode {
  /** Absent for the main agent when it sent no agent id. */
  agentId?: string;
  parentAgentId?: string;
  /** This agent's own requests. */
  own: Totals;
  /** Own plus every descendant's. */
  total: Totals;
  children: AgentNode[];
}

export interface SessionView {
  id: string;
  totals: Totals;
  firstAt: number;
  lastAt: number;
  /** From the first request's start to the last one's end. */
  durationMs: number;
  /** Models the session was served with (upstream, else client model), most used first. */
  models: string[];
  /** The model of the newest request. */
  lastModel?: string;
  main: AgentNode;
}

export function emptyTotals(): Totals {
  return emptySums();
}

export function addRecord(t: Totals, r: RequestRecord): void {
  t.requests++;
  if (r.status >= 400 || r.errorType) t.errors++;
  t.inputTokens += r.usage?.inputTokens ?? 0;
  t.outputTokens += r.usage?.outputTokens ?? 0;
  t.cachedTokens += r.usage?.cachedTokens ?? 0;
  t.reasoningTokens += r.usage?.reasoningTokens ?? 0;
  if (r.cost && Number.isFinite(r.cost.usd)) t.costUsd = round6((t.costUsd ?? 0) + r.cost.usd);
}

/** Micro-dollars: sums of many small costs must not grow float noise. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * The session `id` from records (any order), or undefined when none carries it. The tree:
 * an agent whose parent is known hangs under it; agents without a known parent hang under the
 * main agent (the requests without an agent id), unless there is exactly one such top agent and
 * no request without an agent id — then that agent is the main one.
 */
export function sessionView(records: readonly RequestRecord[], id: string): SessionView | undefined {
  const mine = records.filter((r) => r.sessionId === id).sort((a, b) => a.time - b.time);
  if (mine.length === 0) return undefined;
  const nodes = new Map<string, AgentNode>();
  const MAIN = '\u0000main';
  const nodeOf = (agentId: string | undefined) => {
    const key = agentId ?? MAIN;
    let n = nodes.get(key);
    if (!n) nodes.set(key, (n = { ...(agentId ? { agentId } : {}), own: emptyTotals(), total: emptyTotals(), children: [] }));
    return n;
  };
  const totals = emptyTotals();
  const modelCount = new Map<string, number>();
  let lastEnd = 0;
  for (const r of mine) {
    const n = nodeOf(r.agentId);
    if (r.agentId && r.parentAgentId && !n.parentAgentId) n.parentAgentId = r.parentAgentId;
    addRecord(n.own, r);
    addRecord(totals, r);
    const model = r.upstreamModel ?? r.clientModel;
    if (model) modelCount.set(model, (modelCount.get(model) ?? 0) + 1);
    lastEnd = Math.max(lastEnd, r.time + r.durationMs);
  }
  const tops: AgentNode[] = [];
  for (const [key, n] of nodes) {
    if (key === MAIN) continue;
    const parent = n.parentAgentId !== undefined && n.parentAgentId !== n.agentId ? nodes.get(n.parentAgentId) : undefined;
    if (parent && !isDescendant(parent, n, nodes)) parent.children.push(n);
    else tops.push(n);
  }
  let main: AgentNode;
  if (!nodes.has(MAIN) && tops.length === 1) main = tops[0];
  else {
    main = nodeOf(undefined);
    main.children.push(...tops);
  }
  sumTree(main);
  const last = mine[mine.length - 1];
  return {
    id,
    totals,
    firstAt: mine[0].time,
    lastAt: last.time,
    durationMs: Math.max(0, lastEnd - mine[0].time),
    models: [...modelCount.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m),
    lastModel: last.upstreamModel ?? last.clientModel,
    main,
  };
}

/** Guards against a parent cycle (a → b → a) sent by a client: such an agent becomes a top agent. */
function isDescendant(candidateParent: AgentNode, node: AgentNode, nodes: Map<string, AgentNode>): boolean {
  let p: AgentNode | undefined = candidateParent;
  for (let i = 0; p && i < nodes.size + 1; i++) {
    if (p === node) return true;
    p = p.parentAgentId !== undefined ? nodes.get(p.parentAgentId) : undefined;
  }
  return false;
}

function sumTree(n: AgentNode): Totals {
  n.total = { ...n.own };
  for (const c of n.children) addInto(n.total, sumTree(c));
  return n.total;
}

export interface SessionUsageRow extends Totals {
  sessionId: string;
  firstAt: number;
  lastAt: number;
}

/** Usage grouped by session (records without a session are left out), newest session first. */
export function usageBySession(records: readonly RequestRecord[]): SessionUsageRow[] {
  const rows = new Map<string, SessionUsageRow>();
  for (const r of records) {
    if (!r.sessionId) continue;
    let row = rows.get(r.sessionId);
    if (!row) rows.set(r.sessionId, (row = { sessionId: r.sessionId, firstAt: r.time, lastAt: r.time, ...emptyTotals() }));
    addRecord(row, r);
    row.firstAt = Math.min(row.firstAt, r.time);
    row.lastAt = Math.max(row.lastAt, r.time);
  }
  return [...rows.values()].sort((a, b) => b.lastAt - a.lastAt);
}
