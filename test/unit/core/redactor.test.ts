import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redact } from '../../../src/core/redactor';
import { createMonitor } from '../../../src/monitor/monitor';
import { readAllFiles, tempDir } from '../monitor/helpers';

const ACCOUNT_KEY = 'AIzaSyD-distinctive-account-key-0001';
const ANTHROPIC_KEY = 'sk-ant-api03-DISTINCTIVE_anthropic_key_0002';
const PROXY_KEY = 'sk-0123456789abcdef0123456789abcdef';
const ODD_SECRET = 'p@ss/word+with=chars&0003'; // needs regex escaping and URL encoding
const UNCONFIGURED = 'zz-unconfigured-client-token-0004';
const SECRETS = [ACCOUNT_KEY, ANTHROPIC_KEY, PROXY_KEY, ODD_SECRET];
const CONFIGURED_FORMS = [...SECRETS, encodeURIComponent(ODD_SECRET)];
const ALL = [...CONFIGURED_FORMS, UNCONFIGURED];

test('redact(): configured secrets and credential shapes', () => {
  assert.equal(redact(`x ${PROXY_KEY} y`, [PROXY_KEY]), `x ${REDACTED} y`);
  assert.equal(redact(`/v1beta/models/g:generateContent?alt=sse&key=${UNCONFIGURED}`), `/v1beta/models/g:generateContent?alt=sse&key=${REDACTED}`);
  assert.equal(redact(`?api_key=${UNCONFIGURED}&x=1`), `?api_key=${REDACTED}&x=1`);
  assert.equal(redact(`Authorization: Bearer ${UNCONFIGURED}`), `Authorization: Bearer ${REDACTED}`);
  assert.equal(redact(`{"x-api-key":"${UNCONFIGURED}","a":1}`), `{"x-api-key":"${REDACTED}","a":1}`);
  assert.equal(redact(`x-goog-api-key=${UNCONFIGURED}`), `x-goog-api-key=${REDACTED}`);
  assert.equal(redact(`invalid key sk-proj-abcdefghijkl1234`), `invalid key ${REDACTED}`);
  assert.equal(redact(`u=${encodeURIComponent(ODD_SECRET)}`, [ODD_SECRET]), `u=${REDACTED}`);
  assert.equal(redact('monkey=banana and key lime pie', []), 'monkey=banana and key lime pie');
  assert.equal(redact('tokens: 42, short "ab"', ['ab']), 'tokens: 42, short "ab"', 'too-short secrets are ignored');
});

test('no secret reaches list(), get(), CSV or any file in the data dir', async (t) => {
  const dir = await tempDir(t);
  const secrets = () => SECRETS;
  const m = createMonitor({ dataDir: dir, enabled: true, captureBodies: 'all', maxEntries: 100, secrets, now: Date.now });
  for (const secret of CONFIGURED_FORMS) {
    const b = m.begin({
      method: 'POST',
      path: `/v1beta/models/gemini:streamGenerateContent?alt=sse&key=${secret}`,
      clientDialect: 'gemini',
      userAgent: `sdk/1.0 (token ${secret})`,
      clientModel: `model-${secret}`,
    });
    b.requestBody(JSON.stringify({ headers: { authorization: `Bearer ${secret}`, 'x-api-key': secret }, contents: [{ text: `my key is ${secret}` }] }));
    b.attempt({ accountId: 'a', accountLabel: 'acct', accountKind: 'gemini', upstreamModel: 'g', status: 401, reason: `API key not valid: ${secret}` });
    b.note(`forwarded without ${secret}`);
    b.responseChunk(`data: {"error":{"message":"API key ${secret} invalid"}}\n\n`);
    b.finish({ status: 401, errorType: 'authentication', errorMessage: `x-goog-api-key: ${secret} rejected (${secret})` });
  }
  // An unconfigured key (a client's wrong key) is caught where it has a credential's shape.
  const wrong = m.begin({ method: 'POST', path: `/v1beta/models/g:generateContent?key=${UNCONFIGURED}` });
  wrong.requestBody(`{"headers":{"Authorization":"Bearer ${UNCONFIGURED}","x-api-key":"${UNCONFIGURED}"}}`);
  wrong.finish({ status: 401, errorMessage: `invalid x-goog-api-key: ${UNCONFIGURED}` });
  // A secret straddling the body cap must not leave a recognisable prefix.
  const edge = m.begin({ method: 'POST', path: '/edge' });
  edge.requestBody('x'.repeat(256 * 1024 - 10) + PROXY_KEY + 'y'.repeat(100));
  edge.finish({ status: 500 });
  await m.flush();
  await m.close();

  const files = await readAllFiles(dir);
  assert.ok(files.length >= 2, 'records and usage were written');
  const texts = [
    ...files.map((f) => f.text),
    JSON.stringify(m.list()),
    ...m.list().map((r) => JSON.stringify(m.get(r.id))),
    m.toCsv(m.list()),
  ];
  for (const secret of ALL) {
    for (const text of texts) assert.ok(!text.includes(secret), `secret leaked: ${secret.slice(0, 8)}…`);
  }
  for (const text of texts) assert.ok(!text.includes(PROXY_KEY.slice(0, 12)), 'no partial secret at the cap');
  assert.ok(texts[0]!.includes(REDACTED) || texts[1]!.includes(REDACTED));
  const first = m.list().at(-1)!;
  assert.match(first.path, /key=\[REDACTED\]/);
  assert.match(first.bodies!.request!, /my key is \[REDACTED\]/);
});

test('byte scrubber: a secret split at every byte position (and across three chunks) never passes', async () => {
  const { createByteScrubber } = await import('../../../src/core/redactor');
  const secret = 'sk-ant-SECRET-0123456789';
  const text = `data: {"echo":"${secret}","again":"${secret}"}\n\n`;
  for (let i = 0; i <= text.length; i++) {
    for (const j of [i, Math.min(text.length, i + 3)]) {
      const s = createByteScrubber([secret, 'other-secret-xyz']);
      const out = Buffer.concat([s.push(Buffer.from(text.slice(0, i))), s.push(Buffer.from(text.slice(i, j))), s.push(Buffer.from(text.slice(j))), s.flush()]).toString();
      assert.ok(!out.includes(secret), `split at ${i}/${j}`);
      assert.equal(out, text.split(secret).join('[REDACTED]'));
    }
  }
});

test('byte scrubber: text that only starts like a secret is held back just until it is decided', async () => {
  const { createByteScrubber } = await import('../../../src/core/redactor');
  const s = createByteScrubber(['sk-secret-key-1']);
  assert.equal(s.push(Buffer.from('hello sk-sec')).toString(), 'hello ');
  assert.equal(s.push(Buffer.from('ond\n')).toString(), 'sk-second\n');
  assert.equal(s.push(Buffer.from('plain')).toString(), 'plain');
  assert.equal(s.flush().length, 0);
});

test('redact(): key shapes without configuration, URL passwords, and clean text untouched', () => {
  const out = redact('key sk-0123456789abcdef and AIzaSyA1234567890123456789012345 Bearer abcdefghijkl ?key=xyz123 custom-secret-value', ['custom-secret-value']);
  for (const leak of ['sk-0123456789', 'AIzaSy', 'abcdefghijkl', 'xyz123', 'custom-secret-value']) assert.ok(!out.includes(leak), leak);
  assert.equal(redact('Proxy listening on 127.0.0.1:8045.'), 'Proxy listening on 127.0.0.1:8045.');
  assert.equal(redact('via http://corp:s3cr3t@proxy:3128 now'), `via http://corp:${REDACTED}@proxy:3128 now`);
  assert.equal(redact('mail me at someone@example.com'), 'mail me at someone@example.com');
});

test('one marker everywhere: upstream error messages use the core redactor', async () => {
  const { upstreamError } = await import('../../../src/upstream/client/upstream-error');
  const e = upstreamError(401, new Headers(), `{"error":{"message":"bad key ${ODD_SECRET}"}}`, [ODD_SECRET], 'acct');
  assert.equal(e.message, `Upstream acct: bad key ${REDACTED}`);
});

test('headless: the stderr logger redacts a configured key that has no credential shape', async () => {
  const { stderrLogger } = await import('../../../src/headless/serve');
  const { createRedactor } = await import('../../../src/core/redactor');
  const lines: string[] = [];
  let secrets: string[] = [];
  const logger = stderrLogger({ stderr: (l) => lines.push(l) }, true, createRedactor(() => secrets));
  secrets = [UNCONFIGURED];
  logger.info(`forwarding with ${UNCONFIGURED}`);
  logger.warn(`upstream said: ${encodeURIComponent(UNCONFIGURED)}!`);
  logger.error(`auth header: Authorization: Bearer other-token-123`);
  logger.debug(`debug ${UNCONFIGURED}`);
  assert.equal(lines.length, 4);
  for (const l of lines) assert.ok(!l.includes(UNCONFIGURED) && !l.includes('other-token-123'), l);
  assert.match(lines[0]!, /info {2}forwarding with \[REDACTED\]$/);
});

test('headless: serve() redacts what it writes to stderr, from the config file on', async (t) => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { serve } = await import('../../../src/headless/serve');
  const dir = mkdtempSync(join(tmpdir(), 'ag-redact-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = join(dir, 'c.json');
  // A key left unquoted: Node's parse error repeats an excerpt of the text around it.
  writeFileSync(cfg, `{"proxy": {"apiKey": ${PROXY_KEY}}}`);
  const err: string[] = [];
  const io = { env: {}, stdout: () => {}, stderr: (l: string) => err.push(l), version: 't' };
  assert.equal(await serve({ config: cfg, 'data-dir': dir }, io), 2);
  assert.ok(err.length > 0);
  assert.match(err[0]!, /is not valid JSON \(Unexpected token/);
  for (const l of err) assert.ok(!l.includes(PROXY_KEY.slice(0, 6)), l);
});
