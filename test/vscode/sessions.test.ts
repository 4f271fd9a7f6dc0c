/**
 * Issue 20 end-to-end in a real VS Code: a scripted session (a main agent and two subagents,
 * Claude Code's session headers) through the proxy against a VS Code language model (the
 * test-only fake-lm extension, a flat-rate account), then the Monitor tab's Sessions view: one
 * row with the session's requests and its cost ("included": flat-rate), and the agent tree.
 * Run alone: node --import tsx --test --test-timeout=300000 test/vscode/sessions.test.ts
 * (VSIX=path skips packaging).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, runCommand, type Session } from './harness';
import { allowWhenAsked, launchWithFakeLm, startWithLanguageModels } from './fake-lm';

let s: Session;
const shot = (name: string) => s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const panel = () => s.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

before(async () => {
  s = await launchWithFakeLm();
});
after(async () => { await s?.close(); });

test('a main agent and two subagents: the Sessions view shows the session, its cost and the agent tree', async () => {
  await startWithLanguageModels(s);
  const models = await (await fetch(`http://127.0.0.1:${s.proxyPort}/v1/models`)).json() as { data: Array<{ id: string }> };
  const model = models.data.find((m) => m.id.includes('fake-model'))!.id;

  // The scripted session: main, then two subagents it started, then main again.
  const session = 'sess-e2e-1';
  const turns: Array<[string, string | undefined]> = [['main', undefined], ['sub-a', 'main'], ['sub-b', 'main'], ['main', undefined]];
  for (const [agent, parent] of turns) {
    const consent = allowWhenAsked(s, 3000);
    const r = await fetch(`http://127.0.0.1:${s.proxyPort}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-claude-code-session-id': session,
        'x-claude-code-agent-id': agent,
        ...(parent ? { 'x-claude-code-parent-agent-id': parent } : {}),
      },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: `Hello from ${agent}` }] }),
    });
    assert.equal(r.status, 200, await r.clone().text());
    await r.text();
    await consent;
  }

  await runCommand(s.page, 'Antigravity: Open Proxy Monitor');
  const p = panel();
  const row = p.locator('#monitor-sessions-table tbody tr', { hasText: session });
  await row.waitFor({ timeout: 20000 });
  await row.scrollIntoViewIfNeeded();
  const headers = (await p.locator('#monitor-sessions-table thead th').allInnerTexts()).map((x) => x.trim());
  const cells = (await row.locator('td').allInnerTexts()).map((x) => x.trim());
  const cell = (name: string) => cells[headers.indexOf(name)];
  assert.equal(cell('Requests'), '4');
  assert.equal(cell('Cost'), 'included', 'a flat-rate (VS Code model) session costs "included", not $0');
  assert.equal(cell('Failovers'), '0');

  await row.click();
  await p.locator('#monitor-session-tree ul.agent-tree').waitFor({ timeout: 10000 });
  assert.equal((await p.locator('#monitor-session-cost').innerText()).trim(), 'Cost: included');
  const main = p.locator('#monitor-session-tree li[data-agent="main"]');
  assert.match(await main.innerText(), /^main — 4 requests/);
  assert.deepEqual(await main.locator(':scope > ul > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-agent'))), ['sub-a', 'sub-b']);
  assert.match(await main.locator('li[data-agent="sub-a"]').innerText(), /1 requests/);
  await shot('sessions-01-tree');
});
