// Measures require + activate() of the packaged bundle with a minimal `vscode` stub (plain Node).
// usage: node test/vscode/measure-activation.cjs [dist/extension.js]
const Module = require('node:module');
const path = require('node:path');
const noop = () => {};
const disposable = { dispose: noop };
const event = () => disposable;

const vscode = {
  l10n: { t: (m) => m },
  window: {
    createOutputChannel: () => ({ info: noop, warn: noop, error: noop, debug: noop, show: noop, dispose: noop }),
    createStatusBarItem: () => ({ show: noop, dispose: noop }),
    registerWebviewPanelSerializer: () => disposable,
  },
  workspace: { getConfiguration: () => ({ get: () => undefined, inspect: () => undefined }), onDidChangeConfiguration: event },
  commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
  lm: { onDidChangeChatModels: event, selectChatModels: async () => [] },
  StatusBarAlignment: { Right: 2 },
  MarkdownString: class { constructor(v) { this.value = v; } },
  ThemeColor: class {},
  Uri: { joinPath: (u, ...p) => ({ path: path.join(u.path, ...p) }) },
};
const origLoad = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : origLoad.call(this, request, ...rest); };
const file = path.resolve(process.argv[2] ?? 'dist/extension.js');
const context = {
  subscriptions: [], extensionUri: { path: '/ext' }, globalStorageUri: { fsPath: '/tmp/ag-measure' }, extension: { packageJSON: { version: '0.1.0' } },
  secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: event },
  globalState: { get: () => undefined, update: async () => {} },
};
const t0 = process.hrtime.bigint();
const ext = require(file);
const t1 = process.hrtime.bigint();
ext.activate(context);
const t2 = process.hrtime.bigint();
console.log(`require ${(Number(t1 - t0) / 1e6).toFixed(1)} ms, activate ${(Number(t2 - t1) / 1e6).toFixed(1)} ms, total ${(Number(t2 - t0) / 1e6).toFixed(1)} ms`);
