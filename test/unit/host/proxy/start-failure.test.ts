/**
 * The first Start with no account (issue 16): a warning — not an error — with the contract text,
 * "Add Account…", and "Use VS Code Language Models" when VS Code offers models; that action adds
 * an all-vendor `vscode-lm` account, starts the proxy and asks VS Code's consent.
 * Runs the real host code against the recording vscode fake.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { fakeExtensionContext, installVscodeFake } from '../vscode-fake';

const fake = installVscodeFake();
const dataDir = mkdtempSync(join(tmpdir(), 'ag-start-failure-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

// Loaded after the fake is installed (a static `import` would be hoisted above it).
let reportStartFailure: typeof import('../../../../src/host/proxy/actions-proxy').reportStartFailure;
let AccountStore: typeof import('../../../../src/host/accounts/account-store').AccountStore;
let SecretStore: typeof import('../../../../src/host/accounts/secrets').SecretStore;
before(async () => {
  ({ reportStartFailure } = await import('../../../../src/host/proxy/actions-proxy'));
  ({ AccountStore } = await import('../../../../src/host/accounts/account-store'));
  ({ SecretStore } = await import('../../../../src/host/accounts/secrets'));
});

const NO_ACCOUNT = { ok: false as const, code: 'NO_ACCOUNT' as const, message: 'No available account, please add an account first', port: 8045 };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A chat model as vscode.lm hands it out; `sendRequest` is the consent probe. */
function chatModel(events: string[]) {
  return {
    id: 'fake-model', vendor: 'fake', family: 'fake-family', name: 'Fake Model',
    sendRequest: async () => {
      events.push('consent-request');
      return { stream: (async function* () { yield { value: 'OK' }; })() };
    },
  };
}

function hostContext(events: string[]) {
  const ext = fakeExtensionContext(fake, dataDir);
  const secrets = new SecretStore(ext.secrets as never);
  const accounts = new AccountStore(ext.globalState as never, secrets);
  const service = {
    start: async () => { events.push('start'); return { ok: true }; },
    isRunning: () => false,
    status: () => ({ kind: 'stopped' }),
    applyConfigChange: async () => { events.push('applyConfigChange'); return undefined; },
  };
  const ctx = { log: quiet, accounts, secrets, service, channel: { show: () => undefined }, refreshPanel: () => undefined };
  return { ctx: ctx as never, accounts };
}

beforeEach(() => {
  fake.warnings.length = 0;
  fake.errors.length = 0;
  fake.infos.length = 0;
  fake.executed.length = 0;
  fake.lmModels = [];
  fake.warningChoice = undefined;
});

test('no account and no VS Code models: a warning with the contract text and Add Account… only; no error', async () => {
  const { ctx } = hostContext([]);
  await reportStartFailure(ctx, NO_ACCOUNT);
  assert.deepEqual(fake.warnings, [{ message: 'No available account, please add an account first', items: ['Add Account…'] }]);
  assert.deepEqual(fake.errors, []);
  assert.deepEqual(fake.executed, []);
});

test('Add Account… runs the Add Account command (the walkthrough and panel listen to it)', async () => {
  const { ctx } = hostContext([]);
  fake.lmModels = [chatModel([])];
  fake.warningChoice = 'Add Account…';
  await reportStartFailure(ctx, NO_ACCOUNT);
  assert.deepEqual(fake.warnings[0]?.items, ['Add Account…', 'Use VS Code Language Models']);
  assert.deepEqual(fake.executed, [{ id: 'antigravity.addAccount', args: [] }]);
});

test('Use VS Code Language Models adds one all-vendor vscode-lm account, starts, then asks consent', async () => {
  const events: string[] = [];
  const { ctx, accounts } = hostContext(events);
  fake.lmModels = [chatModel(events)];
  fake.warningChoice = 'Use VS Code Language Models';
  await reportStartFailure(ctx, NO_ACCOUNT);
  const added = accounts.list();
  assert.equal(added.length, 1);
  assert.deepEqual({ kind: added[0]!.kind, label: added[0]!.label, enabled: added[0]!.enabled, vendor: added[0]!.vendor, family: added[0]!.family },
    { kind: 'vscode-lm', label: 'VS Code language models', enabled: true, vendor: undefined, family: undefined });
  assert.deepEqual(events, ['start', 'consent-request', 'applyConfigChange']);
  assert.ok(fake.infos.some((i) => /may now use these VS Code language models: Fake Model/.test(i.message)), JSON.stringify(fake.infos));
  assert.deepEqual(fake.errors, []);
});

test('Use VS Code Language Models re-enables an existing all-vendor account instead of adding a second one', async () => {
  const events: string[] = [];
  const { ctx, accounts } = hostContext(events);
  await accounts.add({ kind: 'openai', label: 'VS Code language models', baseUrl: 'http://127.0.0.1:9/v1', enabled: true }, '');
  const lm = await accounts.add({ kind: 'vscode-lm', label: 'Copilot only', vendor: 'copilot', enabled: true }, '');
  const all = await accounts.add({ kind: 'vscode-lm', label: 'Every model', enabled: false }, '');
  fake.lmModels = [chatModel(events)];
  fake.warningChoice = 'Use VS Code Language Models';
  await reportStartFailure(ctx, NO_ACCOUNT);
  assert.deepEqual(accounts.list().map((a) => [a.label, a.enabled]), [['VS Code language models', true], [lm.label, true], [all.label, true]]);
  assert.equal(events[0], 'start');
});

test('a failing model lookup is treated as "no models": the warning still shows with Add Account…', async () => {
  const { ctx } = hostContext([]);
  const lm = fake.api.lm as { selectChatModels: () => Promise<unknown[]> };
  const original = lm.selectChatModels;
  lm.selectChatModels = async () => { throw new Error('lm unavailable'); };
  try {
    await reportStartFailure(ctx, NO_ACCOUNT);
  } finally {
    lm.selectChatModels = original;
  }
  assert.deepEqual(fake.warnings, [{ message: 'No available account, please add an account first', items: ['Add Account…'] }]);
});

test('other start failures stay errors (port in use)', async () => {
  const { ctx } = hostContext([]);
  await reportStartFailure(ctx, { ok: false, code: 'PORT_IN_USE', message: 'EADDRINUSE', port: 8045 });
  assert.deepEqual(fake.warnings, []);
  assert.equal(fake.errors.length, 1);
  assert.match(fake.errors[0]!.message, /Port 8045 is used by another program/);
});
