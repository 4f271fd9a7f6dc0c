import assert from 'node:assert/strict';
import { test } from 'node:test';
import { englishOnly } from '../../../../src/shared/translate';
import type { AccountStatus } from '../../../../src/upstream/pool-types';
import type { StoredAccount } from '../../../../src/host/accounts/stored-account';
import type { ClientTarget } from '../../../../src/host/clients/client-targets';
import { ADD_ACCOUNT_KEY, CLIENTS_KEY, buildAccountsTree, indexNodes, nextChangeAt, type AccountsTreeInput } from '../../../../src/host/views/accounts-tree-model';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const acc = (id: string, over: Partial<StoredAccount> = {}): StoredAccount => ({ id, kind: 'openai', label: `Acc ${id}`, enabled: true, createdAt: 0, baseUrl: 'https://api.example.com/v1', ...over });
const live = (id: string, over: Partial<AccountStatus> = {}): AccountStatus => ({ id, label: `Acc ${id}`, kind: 'openai', enabled: true, state: 'ready', requests: 3, tokens: 100, ...over });
const claude: ClientTarget = { id: 'claude-code', label: 'Claude Code', configureCommand: 'antigravity.configureClaudeCode', state: 'not configured' };
const input = (over: Partial<AccountsTreeInput>): AccountsTreeInput => ({ accounts: [], live: [], running: true, now: NOW, time, t: englishOnly, clients: [claude], ...over });

test('stopped: every stored account is listed as "off"; a disabled one as "Disabled"; the element of an account is its id', () => {
  const roots = buildAccountsTree(input({ accounts: [acc('a1'), acc('b2', { enabled: false })], running: false }));
  assert.deepEqual(roots.map((n) => [n.key, n.label, n.description, n.contextValue]), [
    ['a1', 'Acc a1', 'off', 'account.enabled'],
    ['b2', 'Acc b2', 'Disabled', 'account.disabled'],
    [CLIENTS_KEY, 'Clients', undefined, 'clients'],
  ]);
  assert.equal(roots[0]!.icon?.id, 'circle-large-outline');
});

test('running: ready, cooling until HH:MM:SS (models as children, the cooling one with its time), disabled with reason and next check, queued', () => {
  const accounts = [acc('r1', { models: ['gpt-4o', 'gpt-4o-mini'] }), acc('c1', { models: ['gpt-4o', 'o3'] }), acc('d1'), acc('q1')];
  const states = [
    live('r1'),
    live('c1', { state: 'cooling', coolingUntil: NOW + 90_000, coolingModels: [{ model: 'o3', until: NOW + 90_000 }] }),
    live('d1', { state: 'disabled', disabledReason: 'HTTP 401 (invalid key)', nextProbeAt: NOW + 600_000 }),
    live('q1', { inFlight: 2, queued: 3 }),
  ];
  const roots = buildAccountsTree(input({ accounts, live: states }));
  const by = indexNodes(roots);
  assert.equal(by.get('r1')!.description, 'Ready');
  assert.equal(by.get('r1')!.icon?.color, 'testing.iconPassed');
  assert.equal(by.get('c1')!.description, 'Cooling until 12:01:30');
  assert.equal(by.get('c1')!.icon?.id, 'watch');
  assert.equal(by.get('c1')!.expanded, true, 'a cooling account shows its models');
  assert.deepEqual(by.get('c1')!.children!.map((m) => [m.label, m.description]), [['gpt-4o', undefined], ['o3', 'Cooling until 12:01:30']]);
  assert.equal(by.get('d1')!.description, 'Disabled: HTTP 401 (invalid key) · next check at 12:10:00');
  assert.equal(by.get('d1')!.icon?.id, 'error');
  assert.equal(by.get('q1')!.description, 'Ready · 2 in flight · queued 3');
  assert.equal(by.get('r1')!.children!.length, 2);
  assert.equal(by.get('d1')!.children, undefined, 'no model list, nothing cooling: no children');
});

test('a cooldown that has run out reads as ready (the pool snapshot is only refreshed on traffic)', () => {
  const states = [live('c1', { state: 'cooling', coolingUntil: NOW - 1, coolingModels: [{ model: 'o3', until: NOW - 1 }, { model: 'o4', until: NOW + 5000 }] })];
  const [node] = buildAccountsTree(input({ accounts: [acc('c1')], live: states }));
  assert.equal(node!.description, 'Cooling until 12:00:05', 'the soonest cooldown still running');
  const later = buildAccountsTree(input({ accounts: [acc('c1')], live: states, now: NOW + 6000 }));
  assert.equal(later[0]!.description, 'Ready');
  assert.equal(later[0]!.children, undefined);
});

test('the tooltip escapes user text (label, error) and says which models are served', () => {
  const [node] = buildAccountsTree(input({
    accounts: [acc('x1', { label: '[evil](command:x)' })],
    live: [live('x1', { lastError: 'bad *key*', lastErrorAt: NOW - 1000, failures: 2 })],
  }));
  assert.ok(!node!.tooltip!.includes('[evil](command:x)'));
  assert.match(node!.tooltip!, /\\\[evil\\\]/);
  assert.match(node!.tooltip!, /Last error \(11:59:59\): bad \\\*key\\\*/);
  assert.match(node!.tooltip!, /Requests: 3 · Tokens: 100 · Failures: 2/);
  assert.match(node!.tooltip!, /Models: all the account serves/);
});

test('no accounts: an "Add Account…" node that runs the command; the Clients node lists the targets with their states', () => {
  const clients: ClientTarget[] = [claude, { id: 'codex', label: 'Codex', configureCommand: 'antigravity.configureCodex', state: 'configured', restoreCommand: 'antigravity.restoreCodex', detail: '~/.codex/config.toml' }];
  const roots = buildAccountsTree(input({ clients }));
  assert.equal(roots[0]!.key, ADD_ACCOUNT_KEY);
  assert.equal(roots[0]!.command?.command, 'antigravity.addAccount');
  const kids = roots[1]!.children!;
  assert.deepEqual(kids.map((c) => [c.label, c.description, c.command?.command, c.contextValue, c.icon?.id]), [
    ['Claude Code', 'not configured', 'antigravity.configureClaudeCode', 'client', 'tools'],
    ['Codex', 'configured', 'antigravity.configureCodex', 'client.restorable', 'pass'],
  ]);
  assert.match(kids[1]!.tooltip!, /config\\\.toml/);
  // Keys of non-account nodes never look like an account id.
  for (const k of indexNodes(roots).keys()) assert.ok(k.startsWith('/'), k);
});

test('translated through t', () => {
  const t = (m: string, ...a: Array<string | number>) => englishOnly(m === 'off' ? 'aus' : m === 'Clients' ? 'Clients (de)' : m, ...a);
  const roots = buildAccountsTree(input({ accounts: [acc('a1')], running: false, t }));
  assert.equal(roots[0]!.description, 'aus');
  assert.equal(roots[1]!.label, 'Clients (de)');
});

test('nextChangeAt: the soonest cooldown still running, none while stopped', () => {
  const states = [live('a', { coolingModels: [{ model: 'x', until: NOW + 5000 }] }), live('b', { coolingModels: [{ model: 'y', until: NOW + 2000 }, { model: 'z', until: NOW - 1 }] })];
  assert.equal(nextChangeAt(states, true, NOW), NOW + 2000);
  assert.equal(nextChangeAt(states, false, NOW), undefined);
  assert.equal(nextChangeAt([live('a')], true, NOW), undefined);
});
