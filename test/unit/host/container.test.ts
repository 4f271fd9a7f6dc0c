import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fakeExtensionContext, installVscodeFake } from './vscode-fake';

const fake = installVscodeFake();
const dataDir = mkdtempSync(join(tmpdir(), 'ag-container-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

import { COMMAND_IDS } from '../../../src/shared/command-ids';

// Loaded after the fake is installed (a static `import` would be hoisted above it).
let createContainer: typeof import('../../../src/host/container').createContainer;
let extension: typeof import('../../../src/extension');
before(async () => {
  ({ createContainer } = await import('../../../src/host/container'));
  extension = await import('../../../src/extension');
});

const channel = () => (fake.api.window as { createOutputChannel(): never }).createOutputChannel();
const live = () => fake.created.filter((c) => !c.disposed);
/** Release after a failed build runs in the background (each release awaited in turn): wait for it, briefly. */
async function released(): Promise<void> {
  for (let i = 0; i < 100 && live().length > 0; i++) await new Promise((r) => setTimeout(r, 5));
}

test('the container registers every command and the status bar item, and disposing releases all it created', async () => {
  fake.created.length = 0;
  const container = createContainer(fakeExtensionContext(fake, dataDir) as never, channel());
  const commands = fake.created.filter((c) => c.kind === 'command').map((c) => c.id).sort();
  assert.deepEqual(commands, Object.values(COMMAND_IDS).sort());
  assert.deepEqual(fake.created.filter((c) => c.kind === 'statusBar').map((c) => c.id), ['antigravity.proxy.status']);
  assert.deepEqual(fake.created.filter((c) => c.kind === 'serializer').map((c) => c.id), ['antigravity.proxyPanel']);
  assert.ok(fake.created.some((c) => c.id === 'configuration') && fake.created.some((c) => c.id === 'secrets'));
  assert.equal(container.ctx.version, '9.9.9');
  await new Promise((r) => setImmediate(r));
  assert.equal(fake.contexts.get('antigravity.hasAccounts'), false);
  assert.equal(fake.contexts.get('antigravity.running'), false);
  await container.dispose();
  assert.deepEqual(live(), []);
  await container.dispose(); // idempotent
});

test('a failed build releases what it had built and throws the reason', async () => {
  fake.created.length = 0;
  fake.failCommand = COMMAND_IDS.addAccount;
  try {
    assert.throws(() => createContainer(fakeExtensionContext(fake, dataDir) as never, channel()), /antigravity\.addAccount' already exists/);
    assert.ok(fake.created.some((c) => c.kind === 'statusBar'), 'the build got as far as the status bar');
    await released();
    assert.deepEqual(live(), []);
  } finally {
    fake.failCommand = undefined;
  }
});

test('activate shows a failed activation with its reason and Show Log, which opens the log; deactivate then resolves', async () => {
  fake.created.length = 0;
  fake.errors.length = 0;
  fake.failCommand = COMMAND_IDS.showLog;
  fake.errorChoice = 'Show Log';
  const shownBefore = fake.channelShown;
  try {
    const context = fakeExtensionContext(fake, dataDir);
    extension.activate(context as never);
    assert.equal(context.subscriptions.length, 1, 'the log channel is handed to VS Code so it outlives the failure');
    assert.deepEqual(fake.errors, [{ message: "Antigravity Proxy could not be activated: command 'antigravity.showLog' already exists", items: ['Show Log'] }]);
    await released();
    assert.deepEqual(live(), []);
    assert.equal(fake.channelShown, shownBefore + 1);
    await extension.deactivate();
  } finally {
    fake.failCommand = undefined;
    fake.errorChoice = undefined;
  }
});

test('activate then deactivate: nothing created is left undisposed', async () => {
  fake.created.length = 0;
  fake.errors.length = 0;
  extension.activate(fakeExtensionContext(fake, dataDir) as never);
  assert.deepEqual(fake.errors, []);
  assert.ok(live().length > Object.keys(COMMAND_IDS).length);
  await extension.deactivate();
  assert.deepEqual(live(), []);
});

test('adding an account clears a stale start result at once; the walkthrough key follows the accounts', async () => {
  fake.created.length = 0;
  const container = createContainer(fakeExtensionContext(fake, dataDir) as never, channel());
  try {
    const { service, accounts } = container.ctx;
    // The core bundle (dist/core.js) is not next to the sources here: the start fails for real.
    const outcome = await service.start();
    assert.equal(outcome.ok, false);
    assert.equal(service.status().kind, 'error');
    await accounts.add({ kind: 'demo', label: 'Demo (built-in)', enabled: true }, '');
    for (let i = 0; i < 50 && service.status().kind !== 'stopped'; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(service.status(), { kind: 'stopped' });
    assert.equal(fake.contexts.get('antigravity.hasAccounts'), true);
    // Removing the last account: still stopped (only a failed Start's result is replaced).
    await accounts.remove(accounts.list()[0]!.id);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(service.status(), { kind: 'stopped' });
    assert.equal(fake.contexts.get('antigravity.hasAccounts'), false);
  } finally {
    await container.dispose();
  }
});
