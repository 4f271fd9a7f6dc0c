// Issue 22 ("a translated request should cost at most twice a bare Node hop"): its table and
// targets, from the rows of one run (ratios against the bare pipe measured in the same run).
// Translated = Anthropic client → our proxy → OpenAI-compatible fake (the `pipe` column of those
// rows carries the same upstream request through bare-pipe.mjs); passthrough = OpenAI client.

const get = (row, v, k) => (row && row.variants[v] && !row.variants[v].na ? row.variants[v][k] : NaN);
const fin = (...xs) => xs.every(Number.isFinite);

/** @param {{ rows: any[], scenarios: Record<string, any>, s5?: any[], procs: Record<string, any> }} state */
export function issue22(state) {
  const row = (scenario, part, c) => state.rows.find((r) => r.scenario === scenario && r.label.includes(part) && r.concurrency === c);
  const tr1 = row('s3', 'Anthropic client → OpenAI upstream, small JSON', 1);
  const tr32 = row('s3', 'Anthropic client → OpenAI upstream, small JSON', 32);
  const ts1 = row('s3', 'Anthropic client → OpenAI upstream, 200-chunk stream', 1);
  const ts32 = row('s3', 'Anthropic client → OpenAI upstream, 200-chunk stream', 32);
  const pt32 = row('s1', 'openai passthrough, small JSON', 32);
  const ps32 = row('s2', 'openai passthrough, 200-chunk stream', 32);
  const b1p = row('s4', 'Anthropic passthrough, 1 MB', 4);
  const b1t = row('s4', 'OpenAI upstream, 1 MB', 4);
  const bestPeer = (r, k, hi) => get(r, 'peer', k); // one peer in the harness (claude-code-router)

  /** The issue's table: scenario, pipe, peer, ours, ours vs pipe. */
  const table = [];
  const line = (name, r, k, how, scale = 1) => {
    const p = get(r, 'pipe', k) * scale;
    const o = get(r, 'ours', k) * scale;
    const q = bestPeer(r, k) * scale;
    const vs = how === 'diff' ? (fin(o, p) ? `+${(o - p).toFixed(1)} ms` : '—') : fin(o, p) && p !== 0 ? `${((o / p) * (how === 'pct' ? 100 : 1)).toFixed(how === 'pct' ? 0 : 2)}${how === 'pct' ? ' %' : '×'}` : '—';
    table.push({ name, pipe: p, peer: q, ours: o, vs });
  };
  line('translated small JSON c=1: CPU ms per request', tr1, 'cpuPerReqMs', 'x');
  line('translated small JSON c=32: req/s', tr32, 'rps', 'pct');
  line('translated small JSON c=32: CPU ms per request', tr32, 'cpuPerReqMs', 'x');
  line('translated 200-chunk stream c=1: CPU ms per stream', ts1, 'cpuPerReqMs', 'x');
  line('translated 200-chunk stream c=32: streams/s', ts32, 'rps', 'pct');
  line('translated 200-chunk stream c=32: CPU µs per chunk', ts32, 'cpuPerChunkUs', 'x');
  line('passthrough small JSON c=32: req/s', pt32, 'rps', 'pct');
  line('passthrough 200-chunk stream c=32: CPU µs per chunk', ps32, 'cpuPerChunkUs', 'x');
  line('1 MB body c=4 passthrough: p50 ms', b1p, 'p50', 'diff');
  line('1 MB body c=4 translated: p50 ms', b1t, 'p50', 'diff');
  const ourPeaks = Object.entries(state.scenarios)
    .filter(([id]) => id !== 's4-50mb')
    .flatMap(([, s]) => Object.entries(s.peakRssMB ?? {}).filter(([k]) => k !== 'peer').map(([, v]) => v))
    .concat((state.s5 ?? []).filter((r) => r.name.startsWith('ours')).map((r) => r.peakRssMB))
    .filter(Number.isFinite);
  const peakOurs = ourPeaks.length ? Math.max(...ourPeaks) : NaN;
  const idles = Object.entries(state.procs).filter(([k, p]) => k !== 'peer' && p && Number.isFinite(p.idleRssMB)).map(([, p]) => p.idleRssMB);
  const idleOurs = idles.length ? Math.max(...idles) : NaN;
  const peerPeaks = Object.values(state.scenarios).map((s) => s.peakRssMB?.peer).filter(Number.isFinite);
  const peerPeak = peerPeaks.length ? Math.max(...peerPeaks) : NaN;
  table.push({ name: 'peak RSS MB, scenarios 1–5 (50 MB body aside)', pipe: NaN, peer: peerPeak, ours: peakOurs, vs: '' });
  table.push({ name: 'idle RSS MB', pipe: NaN, peer: state.procs.peer?.idleRssMB ?? NaN, ours: idleOurs, vs: '' });

  /** The issue's targets. */
  const targets = [];
  const add = (name, value, limit, cmp, unit) => {
    const met = Number.isFinite(value) ? (cmp === '<=' ? value <= limit : value >= limit) : null;
    targets.push({ name: `[22] ${name}`, value: Number.isFinite(value) ? value : null, limit, cmp, unit, met, note: met === null ? 'not measured (n/a)' : undefined });
  };
  const ratio = (r, k) => get(r, 'ours', k) / get(r, 'pipe', k);
  add('translated small c=1: CPU per request ÷ pipe', ratio(tr1, 'cpuPerReqMs'), 2, '<=', '×');
  add('translated small c=32: CPU per request ÷ pipe', ratio(tr32, 'cpuPerReqMs'), 2, '<=', '×');
  add('translated small c=32: req/s ÷ pipe', ratio(tr32, 'rps'), 0.5, '>=', '×');
  add('translated 200-chunk stream c=32: streams/s ÷ pipe', ratio(ts32, 'rps'), 0.5, '>=', '×');
  add('streamed chunk, translated (c=32): proxy CPU', get(ts32, 'ours', 'cpuPerChunkUs'), 10, '<=', 'µs');
  add('streamed chunk, passthrough (c=32): proxy CPU', get(ps32, 'ours', 'cpuPerChunkUs'), 4, '<=', 'µs');
  add('1 MB body c=4 translated: p50 − pipe p50', get(b1t, 'ours', 'p50') - get(b1t, 'pipe', 'p50'), 20, '<=', 'ms');
  add('1 MB body c=4 passthrough: p50 − pipe p50', get(b1p, 'ours', 'p50') - get(b1p, 'pipe', 'p50'), 8, '<=', 'ms');
  add('peak RSS across scenarios 1–5 (50 MB body aside)', peakOurs, 120, '<=', 'MB');
  add('idle RSS', idleOurs, 60, '<=', 'MB');
  return { table, targets };
}

export function printIssue22({ table }, fmt, out = process.stdout) {
  out.write('\n=== issue 22: ours vs the bare pipe (same run, monitor on)\n');
  const rows = [['scenario', 'pipe', 'peer', 'ours', 'ours vs pipe'], ...table.map((t) => [t.name, fmt(t.pipe), fmt(t.peer), fmt(t.ours), t.vs])];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) out.write('  ' + r.map((c, i) => String(c).padEnd(w[i])).join(' │ ') + '\n');
}
