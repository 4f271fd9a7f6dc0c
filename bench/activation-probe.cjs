// Measures extension activation outside VS Code: injects a stub `vscode` module, requires the
// bundled extension, calls activate(fakeContext) and prints one JSON line:
//   {"ok":true,"requireMs":..,"activateMs":..,"totalMs":..,"modules":N}
// Usage: node bench/activation-probe.cjs <path/to/extension.js> <path/to/package.json>
'use strict';
const t0 = performance.now();
const Module = require('node:module');
const path = require('node:path');

const extPath = path.resolve(process.argv[2] || 'dist/extension.js');
const pkgPath = path.resolve(process.argv[3] || 'package.json');

// ---- a forgiving stub of the vscode API ----
const noopDisposable = () => ({ dispose() {} });
function universal(name = 'stub') {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, p) {
      if (p === 'then') return undefined; // never look like a promise
      if (p === Symbol.toPrimitive) return () => '';
      if (p === Symbol.iterator) return function* () {};
      if (p === 'dispose') return () => {};
      if (p === 'toString' || p === 'toJSON') return () => name;
      return universal(`${name}.${String(p)}`);
    },
    apply() {
      return universal(`${name}()`);
    },
    construct() {
      return universal(`new ${name}`);
    },
    set() {
      return true;
    },
  });
}
class Disposable {
  constructor(fn) { this._fn = fn; }
  static from(...ds) { return new Disposable(() => ds.forEach((d) => d && d.dispose && d.dispose())); }
  dispose() { if (this._fn) this._fn(); this._fn = undefined; }
}
class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (l) => { this.listeners.add(l); return new Disposable(() => this.listeners.delete(l)); }; }
  fire(e) { for (const l of this.listeners) l(e); }
  dispose() { this.listeners.clear(); }
}
class Uri {
  constructor(scheme, p) { this.scheme = scheme; this.path = p; this.fsPath = p; this.authority = ''; this.query = ''; this.fragment = ''; }
  static file(p) { return new Uri('file', p); }
  static parse(s) { return new Uri(s.split(':')[0], s.replace(/^[a-z]+:\/\//, '/')); }
  static joinPath(u, ...parts) { return new Uri(u.scheme, path.posix.join(u.path, ...parts)); }
  with(c) { return Object.assign(new Uri(this.scheme, this.path), c); }
  toString() { return `${this.scheme}://${this.path}`; }
  toJSON() { return this.toString(); }
}
class MarkdownString {
  constructor(v = '') { this.value = v; this.isTrusted = false; this.supportThemeIcons = false; }
  appendMarkdown(s) { this.value += s; return this; }
  appendText(s) { this.value += s; return this; }
  appendCodeblock(s) { this.value += s; return this; }
}
class ThemeColor { constructor(id) { this.id = id; } }
class ThemeIcon { constructor(id) { this.id = id; } }
const statusBarItem = () => ({ text: '', tooltip: '', command: undefined, backgroundColor: undefined, name: '', show() {}, hide() {}, dispose() {} });
const outputChannel = (name) => {
  const c = { name, logLevel: 2, onDidChangeLogLevel: noopDisposable, append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {} };
  for (const k of ['trace', 'debug', 'info', 'warn', 'error']) c[k] = () => {};
  return c;
};
const fmt = (msg, ...args) => {
  const a = args.length === 1 && args[0] && typeof args[0] === 'object' ? args[0] : args;
  return String(typeof msg === 'object' ? msg.message : msg).replace(/\{(\w+)\}/g, (m, k) => (a[k] !== undefined ? String(a[k]) : m));
};
const api = {
  version: '1.100.0',
  Disposable, EventEmitter, Uri, MarkdownString, ThemeColor, ThemeIcon,
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  env: { language: 'en', clipboard: { writeText: async () => {}, readText: async () => '' }, openExternal: async () => true, appName: 'Visual Studio Code', machineId: 'bench', sessionId: 'bench', uriScheme: 'vscode', asExternalUri: async (u) => u },
  l10n: { t: fmt, bundle: undefined, uri: undefined },
  window: {
    createOutputChannel: outputChannel,
    createStatusBarItem: statusBarItem,
    showInformationMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
    showQuickPick: async () => undefined,
    showInputBox: async () => undefined,
    registerWebviewPanelSerializer: noopDisposable,
    registerWebviewViewProvider: noopDisposable,
    createWebviewPanel: () => universal('webviewPanel'),
    withProgress: async (_o, task) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: noopDisposable }),
    onDidChangeWindowState: noopDisposable,
    state: { focused: true },
  },
  workspace: {
    getConfiguration: () => ({ get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => {} }),
    onDidChangeConfiguration: noopDisposable,
    workspaceFolders: undefined,
    fs: { writeFile: async () => {}, readFile: async () => new Uint8Array(), createDirectory: async () => {}, stat: async () => ({}) },
    isTrusted: true,
  },
  commands: { registerCommand: noopDisposable, executeCommand: async () => undefined, getCommands: async () => [] },
  lm: { selectChatModels: async () => [], onDidChangeChatModels: noopDisposable },
};
const vscodeStub = new Proxy(api, { get: (t, p) => (p in t ? t[p] : universal(`vscode.${String(p)}`)) });

const STUB_ID = path.join(__dirname, '__vscode_stub__.js');
const origResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'vscode') return STUB_ID;
  return origResolve.call(this, request, ...rest);
};
const stubModule = new Module(STUB_ID);
stubModule.filename = STUB_ID;
stubModule.loaded = true;
stubModule.exports = vscodeStub;
require.cache[STUB_ID] = stubModule;

// ---- a fake ExtensionContext ----
const memento = () => {
  const m = new Map();
  return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()], setKeysForSync() {} };
};
const secretsEmitter = new EventEmitter();
const os = require('node:os');
const tmp = path.join(os.tmpdir(), `antigravity-bench-activation-${process.pid}`);
const pkg = require(pkgPath);
const context = {
  subscriptions: [],
  globalState: memento(),
  workspaceState: memento(),
  secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: secretsEmitter.event },
  extensionUri: Uri.file(path.dirname(pkgPath)),
  extensionPath: path.dirname(pkgPath),
  globalStorageUri: Uri.file(tmp),
  globalStoragePath: tmp,
  storageUri: undefined,
  logUri: Uri.file(tmp),
  extensionMode: 1,
  extension: { id: `${pkg.publisher}.${pkg.name}`, packageJSON: pkg, extensionUri: Uri.file(path.dirname(pkgPath)), extensionPath: path.dirname(pkgPath), isActive: true },
  environmentVariableCollection: universal('envCollection'),
  asAbsolutePath: (p) => path.join(path.dirname(pkgPath), p),
};

(async () => {
  const out = { ok: false };
  try {
    const before = Object.keys(require.cache).length;
    const r0 = performance.now();
    const ext = require(extPath);
    const r1 = performance.now();
    const result = ext.activate(context);
    if (result && typeof result.then === 'function') await result;
    const r2 = performance.now();
    Object.assign(out, {
      ok: true,
      requireMs: r1 - r0,
      activateMs: r2 - r1,
      totalMs: r2 - r0,
      processMs: r2 - t0,
      modules: Object.keys(require.cache).length - before,
      rssMB: process.memoryUsage().rss / 1048576,
    });
    try {
      for (const d of context.subscriptions) d && typeof d.dispose === 'function' && d.dispose();
      if (typeof ext.deactivate === 'function') await ext.deactivate();
    } catch {}
  } catch (err) {
    out.error = String((err && err.stack) || err).split('\n').slice(0, 3).join(' | ');
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
})();
