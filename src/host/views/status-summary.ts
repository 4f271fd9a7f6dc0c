/**
 * The status bar's details (issue 21) from the stored accounts and the pool's live states (pure,
 * no `vscode`): the accounts by state and the models that every account able to serve them is
 * cooling on (the status bar then turns to the warning colour).
 */
import type { AccountStatus } from '../../upstream/pool-types';
import type { StoredAccount } from '../accounts/stored-account';
import type { StatusDetails } from '../../ui/status-bar-view';

function cooling(s: AccountStatus, now: number): Set<string> {
  return new Set((s.coolingModels ?? []).filter((c) => c.until > now).map((c) => c.model));
}

/**
 * Which models are cooling on every account that could serve them. An account serves a model it
 * lists; one without a list serves whatever its vendor has, which the host cannot know: it counts
 * as a server of the models cooling on accounts of its own kind (a Gemini account does not serve
 * a Claude model that cools on an Anthropic one). Disabled accounts serve nothing.
 */
export function allCoolingModels(accounts: readonly StoredAccount[], live: readonly AccountStatus[], now: number): string[] {
  const stored = new Map(accounts.map((a) => [a.id, a]));
  const serving = live.filter((s) => s.state !== 'disabled' && (stored.get(s.id)?.enabled ?? s.enabled));
  const coolingOn = new Map(serving.map((s) => [s.id, cooling(s, now)]));
  const candidates = new Set([...coolingOn.values()].flatMap((set) => [...set]));
  const out: string[] = [];
  for (const model of candidates) {
    const kinds = new Set(serving.filter((s) => coolingOn.get(s.id)!.has(model)).map((s) => s.kind));
    const servers = serving.filter((s) => {
      const models = stored.get(s.id)?.models;
      if (coolingOn.get(s.id)!.has(model)) return true;
      return models?.length ? models.includes(model) : kinds.has(s.kind);
    });
    if (servers.every((s) => coolingOn.get(s.id)!.has(model))) out.push(model);
  }
  return out.sort();
}

export function statusDetails(accounts: readonly StoredAccount[], live: readonly AccountStatus[], running: boolean, now: number, requestsToday?: number): StatusDetails {
  const byId = new Map(live.map((s) => [s.id, s]));
  const counts = { total: accounts.length, ready: 0, cooling: 0, disabled: 0 };
  for (const a of accounts) {
    const s = running ? byId.get(a.id) : undefined;
    if (!a.enabled || s?.state === 'disabled') counts.disabled++;
    else if (s && cooling(s, now).size > 0) counts.cooling++;
    else counts.ready++;
  }
  return {
    accounts: counts,
    allCooling: running ? allCoolingModels(accounts, live, now) : [],
    ...(requestsToday !== undefined ? { requestsToday } : {}),
  };
}
