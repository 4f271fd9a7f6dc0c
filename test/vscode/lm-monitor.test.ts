/**
 * End-to-end in a real VS Code (code-server 4.100.3 = VS Code 1.100.3):
 *  - vscode-lm: a test-only extension (fixtures/fake-lm, proposed API `chatProvider`, enabled with
 *    --enable-proposed-api) registers a chat model; we add a `vscode-lm` account for it, the user
 *    allows access in VS Code's consent dialog, and the OpenAI SDK streams text and a tool call
 *    through the proxy.
 *  - the Proxy Monitor tab shows those requests (live table, detail, usage chart).
 * Screenshots go to .test-artifacts/vscode/ (look at them). VSIX=path skips packaging.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { ARTIFACTS, quickInput, runCommand, statusItem, waitFor, type Session } from './harness';
import { allowWhenAsked, launchWithFakeLm, startWithLanguageModels } from './fake-lm';

let s: Session;
const shot = (name: string) => s.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const panel = () => s.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

before(async () => {
  s = await launchWithFakeLm();
});
after(async () => { await s?.close(); });

test('first Start without an account offers VS Code\'s models: one click adds a vscode-lm account and starts', async () => {
  const asked = await startWithLanguageModels(s, {
    toastShown: async (toast) => {
      assert.equal(await toast.locator('.codicon-warning').count(), 1, 'warning severity');
      const buttons = (await toast.locator('.monaco-button').allInnerTexts()).map((x) => x.trim()).filter(Boolean);
      assert.deepEqual(buttons, ['Add Account…', 'Use VS Code Language Models']);
      await shot('lm-00-no-account');
    },
    consentShown: () => shot('lm-01-consent'),
  });
  const models = await (await fetch(`http://127.0.0.1:${s.proxyPort}/v1/models`)).json() as { data: Array<{ id: string }> };
  assert.ok(models.data.some((m) => m.id.includes('fake-model')), JSON.stringify(models));
  console.log(`consent dialog shown on "Use VS Code Language Models": ${asked}`);
});

test('add a vscode-lm account for the fake vendor and start the proxy', async () => {
  await runCommand(s.page, 'Antigravity: Add Account…');
  await quickInput(s.page, 'VS Code language models', 'VS Code language models');
  await quickInput(s.page, 'fake'); // vendor
  await quickInput(s.page, ''); // family: any
  await quickInput(s.page); // name
  await s.page.locator('.notification-toast', { hasText: 'added' }).first().waitFor({ state: 'visible', timeout: 10000 });
  await runCommand(s.page, 'Antigravity: Start Proxy');
  await waitFor(async () => (await statusItem(s.page).innerText()).trim() === String(s.proxyPort), 20000, () => 'status bar did not show the port');
  const models = await (await fetch(`http://127.0.0.1:${s.proxyPort}/v1/models`)).json() as { data: Array<{ id: string }> };
  assert.ok(models.data.some((m) => m.id.includes('fake-model')), JSON.stringify(models));
});

test('OpenAI SDK through the proxy: consent, then streamed text and a tool call from the VS Code model', async () => {
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${s.proxyPort}/v1`, apiKey: 'unused' });
  const models = await client.models.list();
  const model = models.data.find((m) => m.id.includes('fake-model'))!.id;
  const consent = allowWhenAsked(s, 20000, () => shot('lm-01-consent'));
  const stream = await client.chat.completions.create({
    model, stream: true,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Berlin?' }],
    tools: [{ type: 'function', function: { name: 'weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  });
  let text = '';
  let call = { name: '', args: '' };
  let finish = '';
  for await (const chunk of stream) {
    const d = chunk.choices[0]?.delta;
    text += d?.content ?? '';
    for (const tc of d?.tool_calls ?? []) {
      call = { name: call.name + (tc.function?.name ?? ''), args: call.args + (tc.function?.arguments ?? '') };
    }
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  const asked = await consent;
  assert.equal(text, 'Let me check the weather.');
  assert.equal(call.name, 'weather');
  assert.deepEqual(JSON.parse(call.args), { city: 'Berlin' });
  assert.equal(finish, 'tool_calls');
  // A second turn with the tool result: plain streamed text, no second consent.
  const second = await client.chat.completions.create({
    model, messages: [
      { role: 'user', content: 'Weather in Berlin?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_fake_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Berlin"}' } }] },
      { role: 'tool', tool_call_id: 'call_fake_1', content: '12°C, sunny' },
    ],
    tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }],
  });
  assert.equal(second.choices[0]?.finish_reason, 'stop');
  assert.ok(second.usage && second.usage.prompt_tokens > 0, 'usage counted (estimated)');
  console.log(`consent dialog shown: ${asked}; second answer: ${second.choices[0]?.message.content}`);
});

test('Proxy Monitor tab: live rows, detail with attempts, usage chart', async () => {
  await runCommand(s.page, 'Antigravity: Open Proxy Monitor');
  const p = panel();
  await p.locator('#monitor-table tbody tr').first().waitFor({ timeout: 20000 });
  await waitFor(async () => (await p.locator('#monitor-table tbody tr').count()) >= 2, 10000);
  const chatRow = p.locator('#monitor-table tbody tr', { hasText: 'fake-model' }).first();
  assert.match(await chatRow.innerText(), /OpenAI Chat/);
  await chatRow.click();
  await p.locator('#monitor-detail dl').waitFor({ timeout: 10000 });
  assert.match(await p.locator('#monitor-detail').innerText(), /vscode-lm/);
  await p.locator('#monitor-chart svg rect.bar-in').first().waitFor({ timeout: 10000 });
  await shot('lm-02-monitor');
  await p.locator('#monitor-errors').check();
  await waitFor(async () => (await p.locator('#monitor-table tbody tr').count()) === 0, 10000);
  await p.locator('#monitor-errors').uncheck();
  await p.locator('#monitor-usage').scrollIntoViewIfNeeded();
  await shot('lm-03-monitor-usage');
});
