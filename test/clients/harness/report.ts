import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseCtx, CaseResult } from '../matrix';

export const ARTIFACTS = join(__dirname, '..', '..', '..', '.test-artifacts', 'clients');

export function resetArtifacts(): void {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
}

const redact = (s: string, keys: string[]) => keys.reduce((acc, k) => (k ? acc.split(k).join('<redacted>') : acc), s);

/** Raw transcripts of a failed case: client output, proxy log, every request the fake vendor got. */
export function writeFailure(ctx: CaseCtx, error: unknown, proxyLog: string): string {
  const dir = join(ARTIFACTS, `${ctx.upstream}__${ctx.client.name}__${ctx.scenario.name}`);
  mkdirSync(dir, { recursive: true });
  const w = (name: string, text: string) => writeFileSync(join(dir, name), text);
  w('error.txt', `${(error as Error)?.stack ?? String(error)}\n\nnotes:\n${ctx.notes.join('\n')}\n`);
  w('client-command.txt', `${ctx.out.command ?? '(in-process SDK)'}\nexit: ${ctx.out.exitCode}\nms: ${ctx.out.ms}\noutside hosts tried: ${ctx.outsideHosts.join(', ') || 'none'}\n`);
  w('client-stdout.txt', ctx.out.stdout);
  w('client-stderr.txt', ctx.out.stderr);
  w('proxy.log', proxyLog);
  w(
    'upstream-requests.json',
    JSON.stringify(
      ctx.vendor.requests.map((r) => ({ ...r, body: undefined })),
      null,
      2,
    ),
  );
  return dir;
}

const CELL: Record<CaseResult['status'], string> = { pass: 'pass', fail: 'FAIL', skip: 'skip' };

/** client × scenario rows, one column per upstream kind. */
export function table(results: CaseResult[]): string {
  const ups = [...new Set(results.map((r) => r.upstream))];
  const rows = new Map<string, Map<string, CaseResult>>();
  for (const r of results) {
    const k = `${r.client}\u0000${r.scenario}`;
    if (!rows.has(k)) rows.set(k, new Map());
    rows.get(k)!.set(r.upstream, r);
  }
  const head = ['client', 'scenario', ...ups.map((u) => `→ ${u}`)];
  const body = [...rows.entries()].map(([k, m]) => {
    const [client, scenario] = k.split('\u0000');
    return [client!, scenario!, ...ups.map((u) => {
      const r = m.get(u);
      return r ? `${CELL[r.status]}${r.notes?.length ? '*' : ''}${r.status === 'skip' ? '' : ` ${(r.ms / 1000).toFixed(1)}s`}` : '-';
    })];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const count = (s: CaseResult['status']) => results.filter((r) => r.status === s).length;
  const noted = [...new Set(results.flatMap((r) => (r.notes ?? []).map((n) => `  ${r.client}: ${n.replace(/(refused by the net trap; tolerated: )/, '$1')}`)))];
  const failures = results.filter((r) => r.status === 'fail').map((r) => `  ${r.client} × ${r.upstream} × ${r.scenario}: ${(r.reason ?? '').split('\n')[0]}`);
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    '',
    `${count('pass')} pass, ${count('fail')} fail, ${count('skip')} skip` + (count('skip') ? ' (skips need CLIENTS_TRANSLATION=1 or a missing install)' : ''),
    ...(failures.length ? ['failures (transcripts in .test-artifacts/clients/):', ...failures] : []),
    ...(noted.length ? ['* notes:', ...noted] : []),
  ].join('\n');
}

export function writeSummary(results: CaseResult[]): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const t = table(results);
  writeFileSync(join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(ARTIFACTS, 'table.txt'), `${t}\n`);
  return t;
}

export { redact };
