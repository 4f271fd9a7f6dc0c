import { mappedModel, wildcardModel, type CaseCtx } from './matrix';
import type { RecordedRequest } from '../fakes/vendor';

export class CaseFailure extends Error {}

export function must(cond: unknown, message: string): asserts cond {
  if (!cond) throw new CaseFailure(message);
}

const short = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** What every case asserts on the vendor side: the path really went through, cleanly. */
export function checkUpstreamCommon(ctx: CaseCtx): void {
  const recs = ctx.vendor.requests;
  const refused = recs.filter((r) => r.refused);
  must(refused.length === 0, `the upstream refused ${refused.length} request(s) as the real vendor would:\n${refused.map((r) => `  ${r.method} ${r.path} → ${r.status}: ${r.refused}`).join('\n')}`);
  const leaked = recs.filter((r) => JSON.stringify(r.headers).includes(ctx.proxyKey) || r.body.includes(ctx.proxyKey) || r.url.includes(ctx.proxyKey));
  must(leaked.length === 0, `the client's proxy key reached the upstream in ${leaked.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  if (ctx.scenario.upstreamCalled === false) return;
  const gen = ctx.vendor.generateRecords();
  must(gen.length > 0, `the upstream received no generate request (it saw: ${recs.map((r) => `${r.method} ${r.url}`).join(', ') || 'nothing'})`);
  const allowed = new Set([mappedModel(ctx.upstream), wildcardModel(ctx.upstream)]);
  const unmapped = gen.filter((r) => !allowed.has(r.view!.model));
  must(unmapped.length === 0, `model not mapped: the upstream received ${unmapped.map((r) => JSON.stringify(r.view!.model)).join(', ')}; expected one of ${[...allowed].join(', ')}`);
  const want = (ctx.scenario.expectModel ?? mappedModel)(ctx.upstream);
  must(gen.some((r) => r.view!.model === want), `no upstream request carried the mapped model ${want} (got ${gen.map((r) => r.view!.model).join(', ')})`);
}

/** A request whose tool results contain all `needles`. */
export function findToolResult(ctx: CaseCtx, needles: string[]): RecordedRequest | undefined {
  return ctx.vendor.generateRecords().find((r) => needles.every((n) => r.view!.toolResults.some((t) => t.text.includes(n))));
}

export function checkToolResultsArrived(ctx: CaseCtx, needles: string[]): void {
  const hit = findToolResult(ctx, needles);
  const seen = ctx.vendor
    .generateRecords()
    .map((r, i) => `  #${i + 1} tool results: ${JSON.stringify(r.view!.toolResults.map((t) => short(t.text, 120)))}`)
    .join('\n');
  must(hit, `the tool result(s) ${needles.join(', ')} never reached the upstream as tool results:\n${seen}`);
}

/** The reasoning signature the vendor issued came back unchanged with the next turn. */
export function checkSignatureBack(ctx: CaseCtx): void {
  const gen = ctx.vendor.generateRecords();
  const back = gen.slice(1).flatMap((r) => r.view!.signaturesBack);
  must(back.includes(ctx.signature), `the reasoning signature ${ctx.signature} did not come back to the upstream (signatures seen: ${JSON.stringify(back)})`);
  const foreign = back.filter((s) => s !== ctx.signature);
  must(foreign.length === 0, `foreign/tampered signatures reached the upstream: ${JSON.stringify(foreign)}`);
}

export function checkNoOutsideHosts(ctx: CaseCtx): void {
  must(ctx.outsideHosts.length === 0, `the client tried to reach hosts outside loopback despite its quiet settings: ${[...new Set(ctx.outsideHosts)].join(', ')} (refused by the net trap)`);
}

export function checkPrinted(ctx: CaseCtx, needle: string): void {
  must(ctx.out.stdout.includes(needle), `the client did not print ${JSON.stringify(needle)}.\nstdout: ${short(ctx.out.stdout, 1500)}\nstderr: ${short(ctx.out.stderr, 1500)}`);
}
