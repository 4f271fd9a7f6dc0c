/**
 * The Accounts view's tree as plain data (pure, no `vscode`): one node per stored account with its
 * live state, its models as children, an "Add Account…" node while there is none, and the
 * "Clients" node. accounts-view.ts turns the nodes into TreeItems.
 *
 * Node keys are the tree's elements, and VS Code passes the element to an inline action's command:
 * an account node's key is therefore the account id itself (toggleAccount / removeAccount /
 * editAccount take an id). Every other key starts with "/", which no account id (8 hex digits) contains.
 */
import { COMMAND_IDS } from '../../shared/command-ids';
import type { Translate } from '../../shared/translate';
import type { AccountStatus } from '../../upstream/pool-types';
import type { StoredAccount } from '../accounts/stored-account';
import type { ClientTarget } from '../clients/client-targets';

/** A codicon and an optional theme colour id (`vscode.ThemeIcon(id, new ThemeColor(color))`). */
export interface NodeIcon {
  id: string;
  color?: string;
}

export interface TreeNode {
  key: string;
  label: string;
  description?: string;
  /** Markdown; user-controlled text in it is escaped. */
  tooltip?: string;
  icon?: NodeIcon;
  /** `account.enabled`, `account.disabled`, `model`, `clients`, `client`, `addAccount`. */
  contextValue?: string;
  children?: TreeNode[];
  expanded?: boolean;
  command?: { command: string; title: string };
}

export interface AccountsTreeInput {
  accounts: readonly StoredAccount[];
  /** The pool's live states (empty while stopped). */
  live: readonly AccountStatus[];
  running: boolean;
  now: number;
  /** Epoch ms → HH:MM:SS in the UI language. */
  time: (ms: number) => string;
  t: Translate;
  clients: readonly ClientTarget[];
  /** Per account id: the vendor's quota line (issue 20), when it reported one. */
  quota?: ReadonlyMap<string, string>;
}

export const CLIENTS_KEY = '/clients';
export const ADD_ACCOUNT_KEY = '/add';

/** Theme colours: the list's own where VS Code has one, so high-contrast themes get theirs. */
const COLOR = {
  ready: 'testing.iconPassed',
  cooling: 'list.warningForeground',
  bad: 'list.errorForeground',
  off: 'disabledForeground',
} as const;

export type AccountPhase = 'off' | 'userDisabled' | 'ready' | 'cooling' | 'disabled';

export interface AccountStateView {
  phase: AccountPhase;
  text: string;
  icon: NodeIcon;
}

/** A cooldown that has run out counts as over (the pool's snapshot is only refreshed on traffic). */
function activeCooling(s: AccountStatus | undefined, now: number): Array<{ model: string; until: number }> {
  const models = s?.coolingModels ?? (s?.state === 'cooling' && s.coolingUntil ? [{ model: '', until: s.coolingUntil }] : []);
  return models.filter((c) => c.until > now).sort((a, b) => a.until - b.until);
}

/**
 * What the account's row says: off (proxy stopped), disabled (by the user), ready, cooling until
 * HH:MM:SS, or disabled: reason · next check at HH:MM:SS; plus in flight / queued counts.
 */
export function accountStateView(a: StoredAccount, s: AccountStatus | undefined, input: Pick<AccountsTreeInput, 'running' | 'now' | 'time' | 't'>): AccountStateView {
  const { t, time, now } = input;
  if (!a.enabled) return { phase: 'userDisabled', text: t('Disabled'), icon: { id: 'circle-slash', color: COLOR.off } };
  if (!input.running) return { phase: 'off', text: t('off'), icon: { id: 'circle-large-outline', color: COLOR.off } };
  let view: AccountStateView;
  if (s?.state === 'disabled') {
    const why = s.disabledReason ? t('Disabled: {0}', s.disabledReason) : t('Disabled');
    const text = s.nextProbeAt ? `${why} · ${t('next check at {0}', time(s.nextProbeAt))}` : why;
    view = { phase: 'disabled', text, icon: { id: 'error', color: COLOR.bad } };
  } else if (activeCooling(s, now).length > 0) {
    view = { phase: 'cooling', text: t('Cooling until {0}', time(activeCooling(s, now)[0]!.until)), icon: { id: 'watch', color: COLOR.cooling } };
  } else {
    view = { phase: 'ready', text: t('Ready'), icon: { id: 'pass', color: COLOR.ready } };
  }
  const extra: string[] = [];
  if (s?.inFlight) extra.push(t('{0} in flight', s.inFlight));
  if (s?.queued) extra.push(t('queued {0}', s.queued));
  if (extra.length > 0) view.text = [view.text, ...extra].join(' · ');
  return view;
}

/** Escapes Markdown (and `$(icon)` syntax) in user-controlled text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

function accountTooltip(a: StoredAccount, s: AccountStatus | undefined, state: AccountStateView, input: AccountsTreeInput): string {
  const { t, time } = input;
  const lines = [`**${escapeMarkdown(a.label)}** — ${escapeMarkdown(a.kind)}${a.baseUrl ? ' · ' + escapeMarkdown(a.baseUrl) : ''}`];
  lines.push(`${t('State')}: ${escapeMarkdown(state.text)}`);
  if (s && input.running) {
    lines.push(t('Requests: {0} · Tokens: {1} · Failures: {2}', s.requests, s.tokens, s.failures ?? 0));
    if (s.lastError) lines.push(`${t('Last error')}${s.lastErrorAt ? ` (${time(s.lastErrorAt)})` : ''}: ${escapeMarkdown(s.lastError.slice(0, 300))}`);
  }
  const quota = input.quota?.get(a.id);
  if (quota) lines.push(escapeMarkdown(quota));
  lines.push(`${t('Models')}: ${a.models?.length ? escapeMarkdown(a.models.join(', ')) : t('all the account serves')}`);
  return lines.join('\n\n');
}

function modelNodes(a: StoredAccount, s: AccountStatus | undefined, input: AccountsTreeInput): TreeNode[] {
  const cooling = new Map(activeCooling(input.running ? s : undefined, input.now).map((c) => [c.model, c.until]));
  const names = [...new Set([...(a.models ?? []), ...cooling.keys()])].filter(Boolean);
  return names.map((model) => {
    const until = cooling.get(model);
    const node: TreeNode = {
      key: `/model/${a.id}/${model}`,
      label: model,
      contextValue: 'model',
      icon: until !== undefined ? { id: 'watch', color: COLOR.cooling } : { id: 'symbol-constant' },
    };
    if (until !== undefined) node.description = input.t('Cooling until {0}', input.time(until));
    return node;
  });
}

/** Literal calls, so the l10n check sees the three strings. */
function clientStateText(state: ClientTarget['state'], t: Translate): string {
  switch (state) {
    case 'configured': return t('configured');
    case 'out of date': return t('out of date');
    default: return t('not configured');
  }
}

function clientsNode(input: AccountsTreeInput): TreeNode {
  const { t } = input;
  const icon = (c: ClientTarget): NodeIcon =>
    c.state === 'configured' ? { id: 'pass', color: COLOR.ready }
    : c.state === 'out of date' ? { id: 'warning', color: COLOR.cooling }
    : { id: 'tools' };
  return {
    key: CLIENTS_KEY,
    label: t('Clients'),
    contextValue: 'clients',
    icon: { id: 'plug' },
    expanded: true,
    children: input.clients.map((c) => ({
      key: `/client/${c.id}`,
      label: c.label,
      description: clientStateText(c.state, t),
      tooltip: [`**${escapeMarkdown(c.label)}** — ${clientStateText(c.state, t)}`, ...(c.detail ? [escapeMarkdown(c.detail)] : []), t('Click to configure.')].join('\n\n'),
      icon: icon(c),
      contextValue: c.restoreCommand ? 'client.restorable' : 'client',
      command: { command: c.configureCommand, title: t('Configure') },
    })),
  };
}

export function buildAccountsTree(input: AccountsTreeInput): TreeNode[] {
  const live = new Map(input.live.map((s) => [s.id, s]));
  const nodes: TreeNode[] = input.accounts.map((a) => {
    const s = live.get(a.id);
    const state = accountStateView(a, s, input);
    const children = modelNodes(a, s, input);
    return {
      key: a.id,
      label: a.label,
      description: state.text,
      tooltip: accountTooltip(a, s, state, input),
      icon: state.icon,
      contextValue: a.enabled ? 'account.enabled' : 'account.disabled',
      ...(children.length > 0 ? { children, expanded: state.phase === 'cooling' || children.some((c) => c.description) } : {}),
    };
  });
  if (nodes.length === 0) {
    nodes.push({ key: ADD_ACCOUNT_KEY, label: input.t('Add Account…'), icon: { id: 'add' }, contextValue: 'addAccount', command: { command: COMMAND_IDS.addAccount, title: input.t('Add Account…') } });
  }
  nodes.push(clientsNode(input));
  return nodes;
}

/** The soonest future moment the tree's text changes by itself (a cooldown ends); undefined: none. */
export function nextChangeAt(live: readonly AccountStatus[], running: boolean, now: number): number | undefined {
  if (!running) return undefined;
  let next: number | undefined;
  for (const s of live) {
    for (const { until } of activeCooling(s, now)) if (next === undefined || until < next) next = until;
  }
  return next;
}

/** Every node by key (the tree's elements are keys). */
export function indexNodes(roots: readonly TreeNode[]): Map<string, TreeNode> {
  const map = new Map<string, TreeNode>();
  const walk = (ns: readonly TreeNode[]) => { for (const n of ns) { map.set(n.key, n); if (n.children) walk(n.children); } };
  walk(roots);
  return map;
}
