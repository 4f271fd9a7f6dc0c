import type { ResponseStore, StoredResponse } from '../../monitor/response-store';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Responses `input` as a list of items (a plain string is one user message). */
export function inputItems(input: unknown): Json[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  return Array.isArray(input) ? input.filter(isObj) : [];
}

/** Longest chain followed: a cycle or a very long conversation never loops forever. */
const MAX_CHAIN = 10_000;

/**
 * The items a `previous_response_id` stands for, oldest first: every stored response of the
 * chain contributes its input items and then its output items. Undefined when the id is not
 * stored (or expired); `complete` is false when an ancestor is missing. Item ids and statuses are dropped (they name objects of the response
 * that produced them, not input). Reasoning that carries `encrypted_content` is kept only from
 * responses of the account that wrote the newest one (the account sticky routing picks):
 * another upstream's signatures would be refused, so they are stripped, never sent.
 */
export function rebuildHistory(store: ResponseStore, owner: string, previousId: string): { items: Json[]; complete: boolean } | undefined {
  const chain: StoredResponse[] = [];
  const seen = new Set<string>();
  let id: string | undefined = previousId;
  let complete = true;
  while (id && !seen.has(id) && chain.length < MAX_CHAIN) {
    seen.add(id);
    const r = store.get(owner, id);
    if (!r) {
      if (chain.length === 0) return undefined;
      complete = false; // an expired ancestor, or one an upstream stored: the history starts after it
      break;
    }
    chain.push(r);
    id = r.previousResponseId;
  }
  chain.reverse();
  const writer = chain.at(-1)?.accountId;
  const out: Json[] = [];
  for (const r of chain) {
    const foreign = r.accountId !== writer;
    for (const item of [...r.input, ...r.output]) {
      if (!isObj(item)) continue;
      if (item.type === 'reasoning' && foreign && item.encrypted_content !== undefined) continue;
      out.push(asInputItem(item));
    }
  }
  return { items: out, complete };
}

function asInputItem(item: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'id' || k === 'status') continue;
    Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/**
 * Our `compaction` items: the summary the routed model wrote, carried in `encrypted_content`
 * as `agp-compaction-v1:` + base64 of the text (opaque to clients, as Codex expects; readable
 * by this proxy only). A compaction item another server issued (OpenAI's real opaque one) does
 * not have the prefix and is left alone.
 */
const COMPACTION_PREFIX = 'agp-compaction-v1:';

export function compactionItem(summary: string): Json {
  return { type: 'compaction', encrypted_content: COMPACTION_PREFIX + Buffer.from(summary, 'utf8').toString('base64') };
}

export function compactionSummary(item: Json): string | undefined {
  if (item.type !== 'compaction' && item.type !== 'compaction_summary') return undefined;
  const enc = item.encrypted_content;
  if (typeof enc !== 'string' || !enc.startsWith(COMPACTION_PREFIX)) return undefined;
  return Buffer.from(enc.slice(COMPACTION_PREFIX.length), 'base64').toString('utf8');
}

export const SUMMARY_INTRO =
  'Summary of the conversation so far (earlier turns were compacted into this summary; continue from it):\n\n';

/** Our compaction items become the user message holding their summary, which every upstream reads. */
export function expandCompactions(items: Json[]): Json[] {
  return items.map((item) => {
    const summary = compactionSummary(item);
    if (summary === undefined) return item;
    return { type: 'message', role: 'user', content: [{ type: 'input_text', text: SUMMARY_INTRO + summary }] };
  });
}

/** True when the input ends with Codex's `compaction_trigger` (compaction v2 over the normal stream). */
export function hasCompactionTrigger(items: Json[]): boolean {
  return items.some((i) => i.type === 'compaction_trigger');
}
