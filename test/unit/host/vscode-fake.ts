/**
 * A recording stand-in for the `vscode` module, installed with `installVscodeFake()` before the
 * host code is loaded (node's test runner runs each file in its own process, so it does not leak).
 * It implements only what activation touches; anything else throws, so a test cannot pass by
 * silently skipping an API it does not model.
 */
import Module from 'node:module';
import path from 'node:path';

export interface Created {
  kind: string;
  id: string;
  disposed: boolean;
}

export interface VscodeFake {
  api: Record<string, unknown>;
  /** Every Disposable handed out (commands, listeners, status bar item, serializer…). */
  created: Created[];
  errors: Array<{ message: string; items: string[] }>;
  contexts: Map<string, unknown>;
  channelShown: number;
  /** The next `registerCommand` of this id throws (as VS Code does for a duplicate id). */
  failCommand?: string;
  /** The answer the user picks in the next error notification. */
  errorChoice?: string;
  warnings: Array<{ message: string; items: string[] }>;
  /** The answer the user picks in a warning notification. */
  warningChoice?: string;
  infos: Array<{ message: string; items: string[] }>;
  /** Every `executeCommand` but setContext, in order. */
  executed: Array<{ id: string; args: unknown[] }>;
  /** What `vscode.lm.selectChatModels()` answers (chat models with `sendRequest`). */
  lmModels: unknown[];
}

export function installVscodeFake(): VscodeFake {
  const fake: VscodeFake = { api: {}, created: [], errors: [], contexts: new Map(), channelShown: 0, warnings: [], infos: [], executed: [], lmModels: [] };
  const track = (kind: string, id: string, extra: object = {}) => {
    const c: Created = { kind, id, disposed: false };
    fake.created.push(c);
    return { ...extra, dispose: () => { c.disposed = true; } };
  };
  const event = (id: string) => () => track('listener', id);
  const noop = () => undefined;
  const api: Record<string, unknown> = {
    l10n: { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i)])) },
    env: { language: 'en' },
    window: {
      createOutputChannel: () => ({ info: noop, warn: noop, error: noop, debug: noop, trace: noop, show: () => { fake.channelShown++; }, dispose: noop }),
      createStatusBarItem: (id: string) => track('statusBar', id, { show: noop }),
      registerWebviewPanelSerializer: (viewType: string) => track('serializer', viewType),
      createTreeView: (viewId: string) => track('treeView', viewId),
      showErrorMessage: async (message: string, ...items: string[]) => {
        fake.errors.push({ message, items });
        return fake.errorChoice;
      },
      showInformationMessage: async (message: string, ...items: string[]) => {
        fake.infos.push({ message, items });
        return undefined;
      },
      // Modal warnings pass an options object first; only the button labels are recorded.
      showWarningMessage: async (message: string, ...items: unknown[]) => {
        fake.warnings.push({ message, items: items.filter((i): i is string => typeof i === 'string') });
        return fake.warningChoice;
      },
      withProgress: async (_opts: unknown, task: (progress: unknown, token: unknown) => unknown) =>
        task({ report: noop }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: noop }) }),
    },
    workspace: {
      getConfiguration: () => ({ get: () => undefined, inspect: () => undefined }),
      onDidChangeConfiguration: event('configuration'),
    },
    commands: {
      registerCommand: (id: string) => {
        if (fake.failCommand === id) throw new Error(`command '${id}' already exists`);
        return track('command', id);
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        if (id === 'setContext' && typeof args[0] === 'string') fake.contexts.set(args[0], args[1]);
        else fake.executed.push({ id, args });
        return undefined;
      },
    },
    lm: { onDidChangeChatModels: event('chatModels'), selectChatModels: async () => fake.lmModels },
    LanguageModelChatMessage: { User: (content: string) => ({ role: 'user', content }) },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    MarkdownString: class { constructor(readonly value: string) {} },
    ThemeColor: class { constructor(readonly id: string) {} },
    EventEmitter: class<T> {
      private readonly listeners = new Set<(e: T) => void>();
      readonly event = (l: (e: T) => void) => { this.listeners.add(l); return { dispose: () => { this.listeners.delete(l); } }; };
      fire(e: T) { for (const l of [...this.listeners]) l(e); }
      dispose() { this.listeners.clear(); }
    },
    Uri: { joinPath: (u: { path: string }, ...p: string[]) => ({ path: path.join(u.path, ...p) }) },
  };
  fake.api = new Proxy(api, {
    get: (target, key) => {
      if (typeof key === 'symbol' || key in target || key === 'then' || key === '__esModule' || key === 'default') return target[key as string];
      throw new Error(`vscode fake: vscode.${key} is not modelled`);
    },
  });
  const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = M._load;
  M._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fake.api : load.call(this, request, ...rest);
  };
  return fake;
}

/** An ExtensionContext with in-memory global state and secrets. */
export function fakeExtensionContext(fake: VscodeFake, dataDir: string) {
  const state = new Map<string, unknown>();
  return {
    subscriptions: [] as Array<{ dispose(): unknown }>,
    extensionUri: { path: '/ext' },
    globalStorageUri: { fsPath: dataDir },
    extension: { packageJSON: { version: '9.9.9' } },
    environmentVariableCollection: { persistent: true, description: undefined as unknown, clear: () => undefined, replace: () => undefined },
    secrets: {
      get: async () => undefined, store: async () => undefined, delete: async () => undefined,
      onDidChange: () => { const c: Created = { kind: 'listener', id: 'secrets', disposed: false }; fake.created.push(c); return { dispose: () => { c.disposed = true; } }; },
    },
    globalState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v), keys: () => [...state.keys()] },
  };
}
