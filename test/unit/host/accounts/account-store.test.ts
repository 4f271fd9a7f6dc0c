import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { AccountStore } from '../../../../src/host/accounts/account-store';
import { SecretStore } from '../../../../src/host/accounts/secrets';

/** In-memory Memento + SecretStorage that log every write in order. */
function stores() {
  const log: string[] = [];
  const state = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  const listeners = new Set<(e: { key: string }) => void>();
  const memento = {
    get: (k: string) => state.get(k),
    update: async (k: string, v: unknown) => { log.push(`state:${(v as Array<{ label: string }>).map((a) => a.label).join(',')}`); state.set(k, v); },
    keys: () => [...state.keys()],
  } as unknown as vscode.Memento;
  const fire = (key: string) => { for (const l of listeners) l({ key }); };
  const storage = {
    get: async (k: string) => secrets.get(k),
    store: async (k: string, v: string) => { log.push(`secret:${k.replace(/^antigravity\./, '')}`); secrets.set(k, v); fire(k); },
    delete: async (k: string) => { log.push(`delete:${k.replace(/^antigravity\./, '')}`); secrets.delete(k); fire(k); },
    onDidChange: (l: (e: { key: string }) => void) => { listeners.add(l); return { dispose: () => listeners.delete(l) }; },
  } as unknown as vscode.SecretStorage;
  const secretStore = new SecretStore(storage);
  return { log, secrets, secretStore, accounts: new AccountStore(memento, secretStore) };
}

test('every account change ends with a revision bump (the cross-window signal); the list is written before the key', async () => {
  const s = stores();
  let changes = 0;
  s.secretStore.onDidChange(() => changes++);
  const a = await s.accounts.add({ kind: 'openai', label: 'One', enabled: true }, 'sk-one');
  assert.deepEqual(s.log, ['state:One', `secret:account.${a.id}.apiKey`, 'secret:accounts.revision']);
  s.log.length = 0;
  await s.accounts.setEnabled(a.id, false);
  assert.deepEqual(s.log, ['state:One', 'secret:accounts.revision']);
  s.log.length = 0;
  await s.accounts.remove(a.id);
  assert.deepEqual(s.log, ['state:', `delete:account.${a.id}.apiKey`, 'secret:accounts.revision']);
  assert.ok(changes >= 3, 'other windows see each change through SecretStorage');
});

test('z.ai dispatch key: set by the first z.ai account, handed to the next one on removal, cleared with the last', async () => {
  const s = stores();
  const z1 = await s.accounts.add({ kind: 'zai', label: 'Z1', enabled: true }, 'zai-key-1');
  const z2 = await s.accounts.add({ kind: 'zai', label: 'Z2', enabled: true }, 'zai-key-2');
  assert.equal(await s.secretStore.getZaiKey(), 'zai-key-1');
  await s.accounts.remove(z1.id);
  assert.equal(await s.secretStore.getZaiKey(), 'zai-key-2');
  await s.secretStore.setZaiKey('user-chosen-key');
  await s.accounts.remove(z2.id);
  assert.equal(await s.secretStore.getZaiKey(), 'user-chosen-key', 'a key the user set is not touched');
  await s.secretStore.setZaiKey('');
  assert.equal(s.secrets.has('antigravity.zai.apiKey'), false, 'an empty key clears it');
  const z3 = await s.accounts.add({ kind: 'zai', label: 'Z3', enabled: true }, 'zai-key-3');
  await s.accounts.remove(z3.id);
  assert.equal(await s.secretStore.getZaiKey(), '');
});
