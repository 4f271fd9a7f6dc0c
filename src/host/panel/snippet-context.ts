/**
 * What the client snippets depend on besides the address: the effective auth mode (no key
 * header while auth is off) and the models the enabled accounts serve (their model lists, as
 * picked in Add Account). Used by the panel and by Copy Client Setup (snippetsFor), so what is
 * copied is what the panel shows.
 */
import { effectiveAuthMode } from '../../core/config';
import type { SnippetInput } from '../../shared/snippets';
import { pickSnippetModels, servedModelIds } from '../../shared/snippets-models';
import type { HostContext } from '../context';
import { currentSettings } from '../settings/settings';

export function snippetContext(ctx: HostContext): Pick<SnippetInput, 'auth' | 'models'> {
  return { auth: effectiveAuthMode(currentSettings()) !== 'off', models: pickSnippetModels(servedModelIds(ctx.accounts.list())) };
}
