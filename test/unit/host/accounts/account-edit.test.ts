import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { AccountStore } from '../../../../src/host/accounts/account-store';
import { SecretStore } from '../../../../src/host/accounts/secrets';
import { editChoices } from '../../../../src/host/accounts/edit-account-fields';

/** In-memory Memento + SecretStorage that log every write in order. */
function stores() {
  const log: string[] = [];
  const state = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  const memento = {
    get: (k: string) => state.get(k),
    update: async (k: string, v: unknown) => { log.push('state'); state.set(k, v); },
    keys: () => [...state.keys()],
  } as unknown as vscode.Memento;
  const storage = {
    get: async (k: string) => secrets.get(k),
    store: async (k: string, v: string) => { log.push(`secret:${k.replace(/^antigravity\./, '')}`); secrets.set(k, v); },
    delete: async (k: string) => { log.push(`delete:${k.replace(/^antigravity\./, '')}`); secrets.delete(k); },
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as vscode.SecretStorage;
  const secretStore = new SecretStore(storage);
  return { log, secrets, secretStore, accounts: new AccountStore(memento, secretStore) };
}

test('update changes label, URL and models (an empty list removes it) and keeps id, kind, enabled; then bumps the revision', async () => {
  const s = stores();
  let changes = 0;
  s.accounts.onDidChange(() => changes++);
  const a = await s.accounts.add({ kind: 'openai', label: 'One', baseUrl: 'https://a.example/v1', models: ['x'], enabled: false }, 'sk-one-key');
  s.log.length = 0;
  await s.accounts.update(a.id, { label: 'Renamed', baseUrl: 'https://b.example/v1' });
  assert.deepEqual(s.log, ['state', 'secret:accounts.revision']);
  assert.deepEqual(s.accounts.get(a.id), { ...a, label: 'Renamed', baseUrl: 'https://b.example/v1' });
  await s.accounts.update(a.id, { models: [] });
  assert.equal('models' in s.accounts.get(a.id)!, false, 'no list: serve all');
  assert.equal(changes, 3);
  assert.equal(s.secrets.get(`antigravity.account.${a.id}.apiKey`), 'sk-one-key', 'the key is untouched');
});

test('setKey stores the new key in SecretStorage; a z.ai account carries the dispatch key along when it was its own', async () => {
  const s = stores();
  const z = await s.accounts.add({ kind: 'zai', label: 'Z', enabled: true }, 'zai-old-key');
  assert.equal(await s.secretStore.getZaiKey(), 'zai-old-key');
  await s.accounts.setKey(z.id, 'zai-new-key');
  assert.equal(await s.secretStore.getAccountKey(z.id), 'zai-new-key');
  assert.equal(await s.secretStore.getZaiKey(), 'zai-new-key');
  await s.secretStore.setZaiKey('user-chosen-key');
  await s.accounts.setKey(z.id, 'zai-third-key');
  assert.equal(await s.secretStore.getZaiKey(), 'user-chosen-key', 'a dispatch key the user set is not touched');
  assert.ok(!JSON.stringify(s.accounts.list()).includes('key'), 'no key in the stored metadata');
});

test('Edit offers name, URL, key (never shown) and models; vscode-lm accounts vendor and family', () => {
  const fields = editChoices({ id: 'a', kind: 'openai', label: 'One', baseUrl: 'https://a.example/v1', enabled: true, createdAt: 0 });
  assert.deepEqual(fields.map((f) => f.field), ['label', 'baseUrl', 'key', 'models']);
  assert.equal(fields.find((f) => f.field === 'models')!.current, '*');
  assert.ok(!fields.some((f) => /sk-/.test(f.current)));
  assert.deepEqual(editChoices({ id: 'b', kind: 'vscode-lm', label: 'LM', vendor: 'copilot', enabled: true, createdAt: 0 }).map((f) => [f.field, f.current]),
    [['label', 'LM'], ['vendor', 'copilot'], ['family', '*']]);
});
