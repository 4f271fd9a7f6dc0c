/**
 * Owns the "API Proxy" webview panel (one per window). Messages from the webview are checked
 * and handed to the host; nothing is posted before the webview says `ready`. The webview is
 * rebuilt on reveal and sends `ready` again, so the full state is re-sent each time.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isWebviewMessage, type HostToWebview, type PanelTab, type WebviewToHost } from '../shared/messages';
import { buildPanelHtml, makeNonce } from './panel-html';

export const PANEL_VIEW_TYPE = 'antigravity.proxyPanel';

export interface PanelDelegate {
  /** Handles every message (`ready` too, just before the panel sends the state). */
  onMessage(message: WebviewToHost): void | Promise<void>;
  /** The full state message, sent after each `ready`. */
  stateMessage(): Promise<HostToWebview>;
  /** A message's action failed: tell the user and re-sync the webview with the real state. */
  onError(err: unknown, message: WebviewToHost): void | Promise<void>;
  /** The webview was hidden (VS Code destroys it; it sends `ready` again when shown). */
  onDidHide(): void;
  /** The panel was closed (panel-scoped choices such as "Include key" reset). */
  onDidClose(): void;
}

export class ProxyPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pendingTab: PanelTab | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly delegate: PanelDelegate) {}

  show(tab?: PanelTab): void {
    if (tab) this.pendingTab = tab;
    if (this.panel) {
      this.panel.reveal();
      if (tab && this.ready) void this.post({ type: 'selectTab', tab });
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('API Proxy'), vscode.ViewColumn.Active, this.webviewOptions());
    this.attach(panel);
  }

  /** Re-attaches a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    const old = this.panel;
    this.panel = undefined;
    this.disposeListeners();
    old?.dispose();
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  /** Posts only to a ready webview; earlier messages would be lost anyway. */
  async post(message: HostToWebview): Promise<boolean> {
    if (!this.panel || !this.ready) return false;
    return this.panel.webview.postMessage(message);
  }

  async refresh(): Promise<void> {
    if (this.panel && this.ready) await this.post(await this.delegate.stateMessage());
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposeListeners();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', f)).toString();
    webview.html = buildPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: media('webview.js'),
      styleUri: media('panel.css'),
      baseStyleUris: [media('codicons/codicon.css'), media('monitor.css')],
      lang: vscode.env.language,
      title: vscode.l10n.t('API Proxy'),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is destroyed; it announces itself with `ready` when shown again.
        if (!panel.visible && this.ready) {
          this.ready = false;
          this.delegate.onDidHide();
        }
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return; // a panel replaced by restore()
        this.panel = undefined;
        this.ready = false;
        this.disposeListeners();
        this.delegate.onDidClose();
      }),
    );
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewMessage(message)) return;
    try {
      await this.handle(message);
    } catch (err) {
      await this.delegate.onError(err, message);
    }
  }

  private async handle(message: WebviewToHost): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      // The delegate resets panel-scoped state first, so the state sent next reflects it.
      await this.delegate.onMessage(message);
      await this.post(await this.delegate.stateMessage());
      if (this.pendingTab) {
        await this.post({ type: 'selectTab', tab: this.pendingTab });
        this.pendingTab = undefined;
      }
      return;
    }
    await this.delegate.onMessage(message);
  }

  private disposeListeners(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
