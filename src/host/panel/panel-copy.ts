/** The panel's "Listening on" copy button: the origin clients use (127.0.0.1 for a 0.0.0.0 bind). */
import * as vscode from 'vscode';
import { baseUrls } from '../../shared/snippets';
import { clientHost } from '../../shared/status';
import type { HostContext } from '../context';

export async function copyListenAddress(ctx: HostContext): Promise<void> {
  const status = ctx.service.status();
  if (status.kind !== 'running') return;
  await vscode.env.clipboard.writeText(baseUrls(clientHost(status.host), status.port).origin);
}
