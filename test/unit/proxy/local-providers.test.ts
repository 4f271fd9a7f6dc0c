import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localProviders } from '../../../src/proxy/local-providers';
import type { LocalProvider } from '../../../src/upstream/local-provider';
import type { AccountConfig } from '../../../src/core/config';
import type { IrRequest } from '../../../src/translate/ir';

const acct: AccountConfig = { id: 'lm', kind: 'vscode-lm', label: 'Copilot', enabled: true };
const ir: IrRequest = { model: 'm', system: [], messages: [], tools: [], stream: false, notes: [] };
const demo: LocalProvider = { models: () => ['demo'], stream: async function* () {} };

test('local providers: looked up by account kind; HTTP kinds have none', () => {
  const lookup = localProviders(undefined, { demo });
  assert.equal(lookup('demo'), demo);
  assert.equal(lookup('anthropic'), undefined);
  assert.equal(lookup('openai'), undefined);
  assert.ok(lookup('vscode-lm'), 'vscode-lm is always in process');
});

test('local providers: vscode-lm outside VS Code fails every call with a retryable 503 naming the account', async () => {
  const p = localProviders(undefined)('vscode-lm')!;
  assert.throws(() => p.stream(ir, acct, 'm', new AbortController().signal), (e: { status?: number; retryable?: boolean; message?: string }) => {
    assert.equal(e.status, 503);
    assert.equal(e.retryable, true);
    assert.match(e.message ?? '', /Copilot.*only available inside VS Code/);
    return true;
  });
  await assert.rejects(p.countTokens!(ir, acct, 'm', new AbortController().signal), { status: 503 });
});

test('local providers: inside VS Code the given provider serves vscode-lm', () => {
  const lm: LocalProvider = { models: () => ['gpt'], stream: async function* () {} };
  assert.equal(localProviders(lm)('vscode-lm'), lm);
});
