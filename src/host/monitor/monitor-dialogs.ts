/** The Monitor tab's VS Code dialogs: CSV save dialog and the Clear confirmation. */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { t } from '../l10n';

export async function saveCsvFile(defaultName: string, content: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const uri = await vscode.window.showSaveDialog({
    title: t('Export CSV'),
    defaultUri: vscode.Uri.joinPath(folder, defaultName),
    filters: { CSV: ['csv'] },
    saveLabel: t('Export'),
  });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content, 'utf8'));
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

export async function confirmClearMonitor(): Promise<'records' | 'all' | undefined> {
  const records = t('Clear Records');
  const all = t('Clear Records and Usage');
  const choice = await vscode.window.showWarningMessage(
    t('Clear the Proxy Monitor?'),
    { modal: true, detail: t('Records are deleted from disk. Usage totals are kept unless you clear them too.') },
    records,
    all,
  );
  return choice === records ? 'records' : choice === all ? 'all' : undefined;
}
