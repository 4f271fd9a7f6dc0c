/**
 * Which VS Code language models a `vscode-lm` account offers (pure): the account's vendor and
 * family select (case-insensitive, like vscode.lm.selectChatModels), its `models` list — when
 * the user set one — narrows by id or family (wildcards `*`). Ids are unique in the result.
 */
import type { AccountConfig } from '../../core/config';
import { globMatch } from '../../upstream/model-mapping';

export interface ChatModelInfo {
  id: string;
  vendor: string;
  family: string;
}

const same = (a: string | undefined, b: string) => !a?.trim() || a.trim().toLowerCase() === b.toLowerCase();

export function offeredModels<T extends ChatModelInfo>(chats: readonly T[], account: Pick<AccountConfig, 'vendor' | 'family' | 'models'>): T[] {
  const allow = (account.models ?? []).filter((m) => m.trim() !== '');
  const seen = new Set<string>();
  return chats.filter((c) => {
    if (!same(account.vendor, c.vendor) || !same(account.family, c.family)) return false;
    if (allow.length > 0 && !allow.some((p) => globMatch(p, c.id) || globMatch(p, c.family))) return false;
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
}
