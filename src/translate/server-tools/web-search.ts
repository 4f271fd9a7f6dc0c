/**
 * Web search as a server tool across vendors (issue 18), pure. A client's request for the
 * vendor-hosted search (Anthropic `web_search_*`, Responses `web_search`) is served by what the
 * routed upstream has: Gemini's Google Search grounding, OpenAI Responses' `web_search`.
 * Whatever the source, its answer is read into one `SearchOutcome` (queries, results, the text
 * and which spans cite which result), which the client's encoder turns into its own blocks.
 */
import { asArray, asNumber, asObject, asString, type Json } from '../codecs/shared/json';

export interface WebSearchOptions {
  maxUses?: number;
  allowedDomains?: string[];
  blockedDomains?: string[];
}

export interface SearchResult {
  url: string;
  title: string;
}

export interface CitedSpan {
  text: string;
  /** Indices into `results`. */
  cites: number[];
}

export interface SearchOutcome {
  queries: string[];
  results: SearchResult[];
  /** The answer text in order; spans without citations have `cites: []`. */
  spans: CitedSpan[];
  usage: { inputTokens: number; outputTokens: number };
}

const strings = (v: unknown): string[] | undefined => {
  const a = asArray(v).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return a.length > 0 ? a : undefined;
};

/** The Anthropic `web_search_*` server tool of a Messages request, if it has one. */
export function anthropicWebSearch(body: Json): WebSearchOptions | undefined {
  const t = asArray(body.tools).map(asObject).find((x) => typeof x.type === 'string' && x.type.startsWith('web_search_'));
  if (!t) return undefined;
  return { maxUses: asNumber(t.max_uses), allowedDomains: strings(t.allowed_domains), blockedDomains: strings(t.blocked_domains) };
}

/** The Anthropic `web_fetch_*` server tool of a Messages request, if it has one. */
export function anthropicWebFetch(body: Json): boolean {
  return asArray(body.tools).map(asObject).some((x) => typeof x.type === 'string' && x.type.startsWith('web_fetch_'));
}

/** Whether a Messages request also declares ordinary (client) tools. */
export function hasClientTools(body: Json): boolean {
  return asArray(body.tools).map(asObject).some((x) => x.type === undefined || x.type === 'custom');
}

/** The Responses `web_search` tool of a request, if it has one. */
export function responsesWebSearch(body: Json): WebSearchOptions | undefined {
  const t = asArray(body.tools).map(asObject).find((x) => typeof x.type === 'string' && /^web_search/.test(x.type));
  if (!t) return undefined;
  return { allowedDomains: strings(asObject(t.filters).allowed_domains) };
}

/** The host a result belongs to: its URL's host, else the title when it is a domain (Gemini titles its redirect links by domain). */
function domainsOf(r: SearchResult): string[] {
  const out: string[] = [];
  try {
    out.push(new URL(r.url).hostname.toLowerCase());
  } catch {
    // not a URL
  }
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(r.title.trim())) out.push(r.title.trim().toLowerCase());
  return out;
}

const under = (host: string, domain: string) => {
  const d = domain.toLowerCase().replace(/^\*\./, '').replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return host === d || host.endsWith(`.${d}`);
};

/** `allowed_domains` / `blocked_domains` applied to one result. */
export function resultAllowed(r: SearchResult, o: WebSearchOptions): boolean {
  const hosts = domainsOf(r);
  if (o.blockedDomains?.some((d) => hosts.some((h) => under(h, d)))) return false;
  if (o.allowedDomains && !o.allowedDomains.some((d) => hosts.some((h) => under(h, d)))) return false;
  return true;
}

/** A sentence for the upstream model: the domain rules it cannot be given as parameters. */
export function domainInstruction(o: WebSearchOptions): string | undefined {
  const parts: string[] = [];
  if (o.allowedDomains) parts.push(`Only use web sources from these domains: ${o.allowedDomains.join(', ')}.`);
  if (o.blockedDomains) parts.push(`Never use web sources from these domains: ${o.blockedDomains.join(', ')}.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Drops filtered results (and citations of them), renumbering the rest; caps the queries at max_uses. */
function applyOptions(o: SearchOutcome, opts: WebSearchOptions): SearchOutcome {
  const keep = o.results.map((r) => resultAllowed(r, opts));
  const index = new Map<number, number>();
  const results: SearchResult[] = [];
  o.results.forEach((r, i) => {
    if (!keep[i]) return;
    index.set(i, results.length);
    results.push(r);
  });
  const spans = o.spans.map((s) => ({ text: s.text, cites: s.cites.filter((c) => index.has(c)).map((c) => index.get(c)!) }));
  const max = opts.maxUses !== undefined && opts.maxUses >= 1 ? Math.floor(opts.maxUses) : undefined;
  return { ...o, queries: max !== undefined ? o.queries.slice(0, max) : o.queries, results, spans };
}

/**
 * A Gemini GenerateContentResponse with Google Search grounding → SearchOutcome:
 * `groundingMetadata.webSearchQueries` are the queries, `groundingChunks[].web` the results,
 * `groundingSupports[].segment` (UTF-8 byte offsets into the answer text) the cited spans.
 */
export function outcomeFromGemini(body: unknown, opts: WebSearchOptions): SearchOutcome {
  const o = asObject(body);
  const cand = asObject(asArray(o.candidates)[0]);
  const text = asArray(asObject(cand.content).parts).map(asObject).filter((p) => p.thought !== true && typeof p.text === 'string').map((p) => p.text as string).join('');
  const gm = asObject(cand.groundingMetadata);
  const results = asArray(gm.groundingChunks).map((c) => asObject(asObject(c).web)).filter((w) => typeof w.uri === 'string')
    .map((w) => ({ url: w.uri as string, title: asString(w.title) ?? (w.uri as string) }));
  const bytes = Buffer.from(text, 'utf8');
  const supports = asArray(gm.groundingSupports).map(asObject)
    .map((s) => ({ seg: asObject(s.segment), cites: asArray(s.groundingChunkIndices).filter((n): n is number => typeof n === 'number' && n >= 0 && n < results.length) }))
    .map((s) => ({ start: asNumber(s.seg.startIndex) ?? 0, end: asNumber(s.seg.endIndex) ?? 0, cites: s.cites }))
    .filter((s) => s.end > s.start && s.end <= bytes.length)
    .sort((a, b) => a.start - b.start);
  const spans: CitedSpan[] = [];
  let at = 0;
  for (const s of supports) {
    if (s.start < at) continue; // overlapping supports: the first wins
    if (s.start > at) spans.push({ text: bytes.subarray(at, s.start).toString('utf8'), cites: [] });
    spans.push({ text: bytes.subarray(s.start, s.end).toString('utf8'), cites: s.cites });
    at = s.end;
  }
  if (at < bytes.length) spans.push({ text: bytes.subarray(at).toString('utf8'), cites: [] });
  const usage = asObject(o.usageMetadata);
  return applyOptions({
    queries: strings(gm.webSearchQueries) ?? [],
    results,
    spans,
    usage: { inputTokens: asNumber(usage.promptTokenCount) ?? 0, outputTokens: (asNumber(usage.candidatesTokenCount) ?? 0) + (asNumber(usage.thoughtsTokenCount) ?? 0) },
  }, opts);
}

/**
 * An OpenAI Responses response that used `web_search` → SearchOutcome: `web_search_call`
 * items hold the queries (and sources when included), the message's `url_citation`
 * annotations (character offsets) the results and cited spans.
 */
export function outcomeFromResponses(body: unknown, opts: WebSearchOptions): SearchOutcome {
  const o = asObject(body);
  const queries: string[] = [];
  const results: SearchResult[] = [];
  const indexOf = (url: string, title: string) => {
    let i = results.findIndex((r) => r.url === url);
    if (i < 0) {
      i = results.length;
      results.push({ url, title });
    }
    return i;
  };
  const spans: CitedSpan[] = [];
  for (const item of asArray(o.output).map(asObject)) {
    if (item.type === 'web_search_call') {
      const action = asObject(item.action);
      const q = asString(action.query);
      if (q) queries.push(q);
      for (const s of asArray(action.sources).map(asObject)) if (typeof s.url === 'string') indexOf(s.url, asString(s.title) ?? s.url);
      continue;
    }
    if (item.type !== 'message') continue;
    for (const c of asArray(item.content).map(asObject)) {
      if (c.type !== 'output_text' || typeof c.text !== 'string') continue;
      const text = c.text;
      const notes = asArray(c.annotations).map(asObject).filter((a) => a.type === 'url_citation' && typeof a.url === 'string')
        .map((a) => ({ start: asNumber(a.start_index) ?? 0, end: asNumber(a.end_index) ?? 0, cite: indexOf(a.url as string, asString(a.title) ?? (a.url as string)) }))
        .filter((a) => a.end > a.start && a.end <= text.length)
        .sort((a, b) => a.start - b.start);
      let at = 0;
      for (const a of notes) {
        if (a.start < at) continue;
        if (a.start > at) spans.push({ text: text.slice(at, a.start), cites: [] });
        spans.push({ text: text.slice(a.start, a.end), cites: [a.cite] });
        at = a.end;
      }
      if (at < text.length) spans.push({ text: text.slice(at), cites: [] });
    }
  }
  const usage = asObject(o.usage);
  return applyOptions({ queries, results, spans, usage: { inputTokens: asNumber(usage.input_tokens) ?? 0, outputTokens: asNumber(usage.output_tokens) ?? 0 } }, opts);
}
