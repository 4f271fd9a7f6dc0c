/** What Edit Account offers for an account, with the current values (pure, no `vscode`; never the key). */
import type { StoredAccount } from './stored-account';

export type EditField = 'label' | 'baseUrl' | 'key' | 'models' | 'vendor' | 'family';

export interface EditChoice {
  field: EditField;
  /** The current value as shown next to the choice; the key is never shown. */
  current: string;
}

/** vscode-lm accounts have no URL and no key (VS Code's models): vendor and family instead. */
export function editChoices(a: StoredAccount): EditChoice[] {
  const models = a.models?.length ? a.models.join(', ') : '*';
  if (a.kind === 'vscode-lm') {
    return [
      { field: 'label', current: a.label },
      { field: 'vendor', current: a.vendor ?? '*' },
      { field: 'family', current: a.family ?? '*' },
    ];
  }
  return [
    { field: 'label', current: a.label },
    { field: 'baseUrl', current: a.baseUrl ?? '' },
    { field: 'key', current: '••••••' },
    { field: 'models', current: models },
  ];
}
