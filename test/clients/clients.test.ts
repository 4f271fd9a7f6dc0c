import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claudeCode } from './cases/claude-code';
import { codex } from './cases/codex';
import { geminiCli } from './cases/gemini-cli';
import { kilo, opencode } from './cases/kilo-opencode';
import { SDK_CLIENTS } from './cases/sdks';
import { checkUpstreamCommon } from './checks';
import { FakeVendor, type VendorKind } from '../fakes/vendor';
import { NetTrap } from './harness/net-trap';
import { buildProxy, ProxyProcess } from './harness/proxy-process';
import { resetArtifacts, writeFailure, writeSummary } from './harness/report';
import { ensureInstalled } from './install';
import { mappedModel, modelMapping, sameDialect, selected, translationEnabled, UPSTREAMS, wildcardModel, type CaseCtx, type CaseResult, type ClientDef } from './matrix';
import { PINS } from './versions';

/**
 * Real clients end to end: every client × upstream kind × scenario, one case at a time, through
 * the headless proxy (auth strict) to a scripted fake vendor. See test/clients/README.md.
 */
const CLIENTS: ClientDef[] = [claudeCode, codex, geminiCli, kilo, opencode, ...SDK_CLIENTS];

const sel = selected();
const translation = translationEnabled();
const clients = CLIENTS.filter(sel.client);
const upstreams = UPSTREAMS.filter(sel.upstream);
const results: CaseResult[] = [];
const installErrors = new Map<string, string>();
const PROXY_KEY = `sk-clients-${randomBytes(12).toString('hex')}`;
const accountKey = (kind: VendorKind) => `acct-${kind}-${randomBytes(6).toString('hex')}`;
let trap: NetTrap;

before(
  async () => {
    resetArtifacts();
    buildProxy();
    trap = await NetTrap.start();
    const t0 = Date.now();
    for (const pin of new Set(clients.map((c) => c.pin))) {
      try {
        const { ms } = ensureInstalled(pin, (l) => console.log(l));
        if (ms) console.log(`installed ${PINS[pin].pkg}@${PINS[pin].version} in ${(ms / 1000).toFixed(1)} s`);
      } catch (e) {
        installErrors.set(pin, (e as Error).message);
      }
    }
    console.log(`client installs ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (translation cases ${translation ? 'on' : 'off'})`);
  },
  { timeout: 30 * 60_000 },
);

after(async () => {
  await trap?.close();
  console.log(`\nClient matrix (client × upstream × scenario)\n${writeSummary(results)}\n`);
});

for (const up of upstreams) {
  describe(`upstream ${up}`, () => {
    let vendor: FakeVendor | undefined;
    let proxy: ProxyProcess | undefined;
    let startError: string | undefined;
    const upKey = accountKey(up);

    before(async () => {
      try {
        vendor = await FakeVendor.start({ kind: up,  apiKey: upKey, models: [mappedModel(up), wildcardModel(up)], frameDelayMs: 5 });
        proxy = await ProxyProcess.start({
          proxy: { authMode: 'strict', apiKey: PROXY_KEY, allowLanAccess: false, requestTimeoutSeconds: 60, upstreamProxy: '' },
          accounts: [{ id: `${up}-1`, kind: up, label: `fake ${up}`, baseUrl: vendor.accountBaseUrl, apiKey: upKey, enabled: true, models: [mappedModel(up), wildcardModel(up)] }],
          modelMapping: modelMapping(up),
          scheduling: 'sticky',
        });
      } catch (e) {
        startError = (e as Error).message;
      }
    });
    after(async () => {
      await proxy?.stop();
      await vendor?.close();
    });

    for (const client of clients) {
      for (const scn of client.scenarios.filter(sel.scenario)) {
        const needsTranslation = !scn.translationFree && !sameDialect(client.dialect, up);
        const timeoutMs = scn.timeoutMs ?? 30_000;
        const title = `${client.name} × ${up} × ${scn.name}${needsTranslation ? ' (translated)' : ''}`;
        test(title, { timeout: timeoutMs + 30_000 }, async (t) => {
          const res: CaseResult = { client: client.name, upstream: up, scenario: scn.name, status: 'skip', ms: 0 };
          results.push(res);
          if (needsTranslation && !translation) {
            res.reason = 'needs translation (CLIENTS_TRANSLATION=1)';
            t.skip(res.reason);
            return;
          }
          const home = mkdtempSync(join(tmpdir(), `agp-${client.name}-home-`));
          const work = mkdtempSync(join(tmpdir(), `agp-${client.name}-work-`));
          const marker = `${client.name}-${up}-${scn.name}-${randomBytes(3).toString('hex')}`.replace(/[^A-Za-z0-9-]/g, '');
          const secret = `SECRET-${randomBytes(6).toString('hex')}`;
          const secretPath = join(work, 'secret.txt');
          writeFileSync(secretPath, `The secret word is ${secret}.\n`);
          const ctx: CaseCtx = {
            client,
            scenario: scn,
            upstream: up,
            proxyUrl: proxy?.url ?? '',
            proxyKey: PROXY_KEY,
            vendor: vendor!,
            trap,
            marker,
            secret,
            secretPath,
            signature: `sig-${up}-${randomBytes(16).toString('base64url')}`,
            home,
            work,
            timeoutMs,
            out: { stdout: '', stderr: '' },
            outsideHosts: [],
            notes: [],
          };
          const logFrom = proxy?.log.length ?? 0;
          const t0 = Date.now();
          try {
            if (startError || !proxy || !vendor) throw new Error(`proxy/vendor for ${up} did not start: ${startError}`);
            if (installErrors.has(client.pin)) throw new Error(`install failed: ${installErrors.get(client.pin)}`);
            if (!proxy.alive) throw new Error(`the proxy process for ${up} is no longer running (crashed?)`);
            trap.take();
            vendor.reset(scn.script(ctx));
            await scn.run(ctx);
            checkUpstreamCommon(ctx);
            scn.checkUpstream?.(ctx);
            res.status = 'pass';
            if (ctx.notes.length) {
              res.notes = [...new Set(ctx.notes)];
              for (const n of res.notes) t.diagnostic(n);
            }
          } catch (e) {
            res.status = 'fail';
            res.reason = (e as Error).message;
            const dir = writeFailure(ctx, e, proxy?.log.slice(logFrom) ?? '');
            (e as Error).message += `\n(transcripts: ${dir})`;
            throw e;
          } finally {
            res.ms = Date.now() - t0;
            rmSync(home, { recursive: true, force: true });
            rmSync(work, { recursive: true, force: true });
          }
        });
      }
    }
  });
}
