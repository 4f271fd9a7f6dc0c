/**
 * Sessions view of the Proxy Monitor (issue 20): records grouped by client session
 * (`sessionId`), each with its totals, and a session's tree of main agent → subagents
 * (`agentId` / `parentAgentId`). Pure: no Node or DOM APIs; display strings precomputed.
 */
import { formatDateTime, formatMs, formatTokens } from './format';
import type { RequestRecord } from './types';

/** Sums over a set of records. */
export interface SessionTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** Sum of `cost.usd` over the records that have a cost. */
  costUsd: number;
  /** Records with a cost; all of them `included` (flat-rate) → shown as "included". */
  costed: number;
  included: number;
  /** Some cost came from estimated usage. */
  estimated: boolean;
  /** Records that needed more than one attempt. */
  failovers: number;
  errors: number;
  firstSeen: number;
  lastEnd: number;
}

/** Display strings of a SessionTotals. */
export interface SessionCells {
  requests: string;
  tokensIn: string;
  tokensOut: string;
  cost: string;
  cacheHit: string;
  failovers: string;
  duration: string;
}

export interface SessionRow {
  id: string;
  firstSeen: string;
  cells: SessionCells;
  totals: SessionTotals;
}

export interface AgentNode {
  /** '' for requests without an agent id (the main agent of clients that send none). */
  agentId: string;
  label: string;
  cells: SessionCells;
  totals: SessionTotals;
  children: AgentNode[];
}

export interface SessionTree {
  id: string;
  cells: SessionCells;
  totals: SessionTotals;
  /** Root agents (usually one: the main agent), subagents below. */
  agents: AgentNode[];
}

function emptyTotals(): SessionTotals {
  return { requests: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, costed: 0, included: 0, estimated: false, failovers: 0, errors: 0, firstSeen: Infinity, lastEnd: 0 };
}

function add(t: SessionTotals, r: RequestRecord): void {
  t.requests++;
  t.inputTokens += r.usage?.inputTokens ?? 0;
  t.outputTokens += r.usage?.outputTokens ?? 0;
  t.cachedTokens += r.usage?.cachedTokens ?? 0;
  if (r.cost) {
    t.costed++;
    t.costUsd += r.cost.usd;
    if (r.cost.included) t.included++;
    if (r.cost.estimated) t.estimated = true;
  }
  if (r.attempts.length > 1) t.failovers++;
  if (r.status >= 400 || r.errorType !== undefined) t.errors++;
  t.firstSeen = Math.min(t.firstSeen, r.time);
  t.lastEnd = Math.max(t.lastEnd, r.time + Math.max(0, r.durationMs));
}

function merge(into: SessionTotals, t: SessionTotals): void {
  for (const k of ['requests', 'inputTokens', 'outputTokens', 'cachedTokens', 'costUsd', 'costed', 'included', 'failovers', 'errors'] as const) into[k] += t[k];
  into.estimated ||= t.estimated;
  into.firstSeen = Math.min(into.firstSeen, t.firstSeen);
  into.lastEnd = Math.max(into.lastEnd, t.lastEnd);
}

/** "$0.012345" below a cent, "$1.23" above; "included" when every costed request was flat-rate; "—" without costs. */
export function formatCost(t: Pick<SessionTotals, 'costUsd' | 'costed' | 'included' | 'estimated'>): string {
  if (t.costed === 0) return '—';
  if (t.included === t.costed) return 'included';
  const usd = t.costUsd;
  const text = usd === 0 ? '$0.00' : usd < 0.01 ? `$${usd.toFixed(6)}` : `$${usd.toFixed(2)}`;
  return t.estimated ? `~${text}` : text;
}

export function cellsOf(t: SessionTotals): SessionCells {
  return {
    requests: String(t.requests),
    tokensIn: formatTokens(t.inputTokens),
    tokensOut: formatTokens(t.outputTokens),
    cost: formatCost(t),
    cacheHit: t.inputTokens > 0 ? `${Math.round((100 * t.cachedTokens) / t.inputTokens)} %` : '—',
    failovers: String(t.failovers),
    duration: t.requests > 0 ? formatMs(Math.max(0, t.lastEnd - t.firstSeen)) : '—',
  };
}

/** One row per session (records without a session id are left out), most recently active first. */
export function buildSessions(records: readonly RequestRecord[]): SessionRow[] {
  const by = new Map<string, SessionTotals>();
  for (const r of records) {
    if (!r.sessionId) continue;
    let t = by.get(r.sessionId);
    if (!t) by.set(r.sessionId, (t = emptyTotals()));
    add(t, r);
  }
  return [...by]
    .sort((a, b) => b[1].lastEnd - a[1].lastEnd)
    .map(([id, totals]) => ({ id, firstSeen: formatDateTime(totals.firstSeen), cells: cellsOf(totals), totals }));
}

/**
 * The session's agents as a tree: an agent hangs under its parent when the parent is known in
 * this session, else it is a root. Each node's totals include its subagents'. Undefined when no
 * record has this session id.
 */
export function buildSessionTree(records: readonly RequestRecord[], sessionId: string): SessionTree | undefined {
  const own = new Map<string, SessionTotals>();
  const parentOf = new Map<string, string>();
  const total = emptyTotals();
  for (const r of records) {
    if (r.sessionId !== sessionId) continue;
    const agent = r.agentId ?? '';
    let t = own.get(agent);
    if (!t) own.set(agent, (t = emptyTotals()));
    add(t, r);
    add(total, r);
    if (r.parentAgentId && r.parentAgentId !== agent && !parentOf.has(agent)) parentOf.set(agent, r.parentAgentId);
  }
  if (total.requests === 0) return undefined;
  // A parent named only as a parent (it sent nothing itself) still gets a node.
  for (const p of parentOf.values()) if (!own.has(p)) own.set(p, emptyTotals());

  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const id of own.keys()) {
    const p = parentOf.get(id);
    // Guard against cycles: follow the parents; a loop back to id makes id a root.
    let q = p, cyclic = false;
    for (let i = 0; q !== undefined && i <= own.size; i++, q = parentOf.get(q)) if (q === id) cyclic = true;
    if (p !== undefined && own.has(p) && !cyclic) children.set(p, [...(children.get(p) ?? []), id]);
    else roots.push(id);
  }
  const node = (id: string): AgentNode => {
    const kids = (children.get(id) ?? []).map(node).sort((a, b) => a.totals.firstSeen - b.totals.firstSeen);
    const totals = emptyTotals();
    merge(totals, own.get(id)!);
    for (const k of kids) merge(totals, k.totals);
    return { agentId: id, label: id === '' ? '(main)' : id, cells: cellsOf(totals), totals, children: kids };
  };
  const agents = roots.map(node).sort((a, b) => a.totals.firstSeen - b.totals.firstSeen);
  return { id: sessionId, cells: cellsOf(total), totals: total, agents };
}
