/**
 * Issue 15 item 9: terminal escapes and forged lines from client-chosen model names reached
 * stderr and `cli.js monitor` output raw. Now every control character in text bound for a
 * terminal is shown escaped (src/core/terminal-safe.ts), at the stderr logger and the
 * `monitor` / `usage` commands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeVendor, json } from '../fakes/vendor';
import { account, startProxy } from '../support/proxy-harness';
import { raw } from '../hardening/support/util';
import { terminalSafe, terminalSafeJson } from '../../src/core/terminal-safe';
import { stderrLogger } from '../../src/headless/serve';
import { createRedactor } from '../../src/core/redactor';
import { runMonitorCommand, runUsageCommand } from '../../src/headless/monitor-commands';

// Clears the screen, retitles the window, and starts a forged log line; then a C1 CSI and a bidi override.
const EVIL = 'gpt-4o\u001b[2J\u001b]0;pwned\u0007\n2026-01-01T00:00:00.000Z info  listening on http://evil\r\u009b31m\u202egnp.exe';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('terminalSafe escapes every control and bidi character and keeps printable text', () => {
  const s = terminalSafe(EVIL);
  assert.doesNotMatch(s, CONTROL);
  assert.ok(!s.includes('\n') && !s.includes('\r'));
  assert.match(s, /gpt-4o\\x1b\[2J/);
  assert.match(s, /\\n2026/);
  assert.match(s, /\\u202e/);
  assert.equal(terminalSafe('plain – ünïcödé ✓ 模型'), 'plain – ünïcödé ✓ 模型');
  const j = terminalSafeJson(JSON.stringify({ model: EVIL }));
  assert.doesNotMatch(j, CONTROL);
  assert.equal(JSON.parse(j).model, EVIL, 'JSON output keeps the value');
});

test('the headless stderr logger writes one escaped line per message', () => {
  const lines: string[] = [];
  const log = stderrLogger({ stderr: (l) => lines.push(l) }, true, createRedactor(() => []));
  log.warn(`model ${EVIL} failed`);
  log.debug(`model ${EVIL}`);
  assert.equal(lines.length, 2);
  for (const l of lines) {
    assert.doesNotMatch(l, CONTROL);
    assert.ok(!l.includes('\n'), 'no forged second line');
  }
});

test('a client-chosen model name reaches neither the proxy log nor `monitor` / `usage` output raw', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agp-sec09-'));
  const up = await FakeVendor.start((_r, res) => json(res, 404, { error: { message: `The model \`${EVIL}\` does not exist`, type: 'invalid_request_error', param: null, code: 'model_not_found' } }));
  const lines: string[] = [];
  const p = await startProxy({ proxy: { authMode: 'off' }, accounts: [account('openai', `${up.url}/v1`)] }, { dataDir, logger: stderrLogger({ stderr: (l) => lines.push(l) }, true, createRedactor(() => [])) });
  try {
    const r = await raw(p.url, '/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: EVIL, messages: [{ role: 'user', content: 'hi' }] }) });
    assert.ok(r.status >= 400);
    await p.server.monitor()!.flush();
    for (const l of lines) assert.doesNotMatch(l, CONTROL, l);
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) }, dataDir };
    assert.equal(await runMonitorCommand([], io), 0);
    assert.match(out, /gpt-4o\\x1b/, 'the record is listed, escaped');
    assert.equal(await runMonitorCommand(['--json', '--bodies'], io), 0);
    assert.equal(await runUsageCommand([], io), 0);
    assert.equal(await runUsageCommand(['--by', 'model'], io), 0);
    assert.equal(await runUsageCommand(['--json'], io), 0);
    assert.doesNotMatch(out, CONTROL);
  } finally {
    await p.server.dispose();
    await up.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
