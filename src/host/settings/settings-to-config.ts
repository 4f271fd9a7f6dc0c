/**
 * Settings + secrets + account metadata → the core's ProxyConfig (pure, no `vscode`).
 * Invalid setting values fall back to defaults instead of reaching the core.
 */
import {
  AUTH_MODES, CAPTURE_BODIES, REQUEST_CLASSES, SCHEDULING_MODES, ZAI_DISPATCH_MODES, defaultConfig,
  type AccountConfig, type AuthMode, type CaptureBodies, type ProxyConfig, type SchedulingMode,
  type ModelLimits, type ZaiDispatchMode, type ModelPrice, type BudgetsSection,
} from '../../core/config';
import type { StoredAccount } from '../accounts/stored-account';

export interface ExtensionSettings {
  port: number;
  allowLanAccess: boolean;
  authMode: AuthMode;
  autoStart: boolean;
  requestTimeoutSeconds: number;
  firstByteTimeoutSeconds: number;
  idleTimeoutSeconds: number;
  /** On Stop Proxy: how long in-flight requests may finish. */
  drainTimeoutSeconds: number;
  scheduling: SchedulingMode;
  modelMapping: Record<string, string>;
  upstreamProxy: string;
  /** Web origins granted CORS while auth is off (besides VS Code webviews). */
  allowedOrigins: string[];
  /** Routing (issue 19): see ProxyConfig. */
  queueTimeoutSeconds: number;
  fallbacks: Record<string, string[]>;
  contextWindowFallbacks: Record<string, string[]>;
  routes: NonNullable<ProxyConfig['routes']>;
  longContextThreshold: number;
  zai: {
    enabled: boolean;
    baseUrl: string;
    dispatchMode: ZaiDispatchMode;
    models: { opus: string; sonnet: string; haiku: string };
  };
  monitor: { enabled: boolean; captureBodies: CaptureBodies; maxEntries: number };
  /** issue 18: the model that writes compaction summaries ('' = the client's). */
  compactionModel: string;
  /** issue 18: context window / output limit per model id or wildcard. */
  models: Record<string, ModelLimits>;
  /** issue 20: OpenTelemetry export (headers only in a config file: they may hold a key). */
  telemetry: { enabled: boolean; endpoint: string; captureContent: boolean; serviceName: string };
  /** issue 20: `antigravity.prices` (model or wildcard → USD per million tokens) and `antigravity.budgets`. */
  prices: Record<string, ModelPrice>;
  budgets?: BudgetsSection;
  /** issue 23: `antigravity.state.redis` + `keyPrefix` (team mode); redis '' = in process. */
  state?: { redis: string; keyPrefix: string };
}

/** Reads one key below `antigravity.` (e.g. `proxy.port`); undefined when unset. */
export type SettingReader = (key: string) => unknown;

function oneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
function intIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}
function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.trim() : fallback;
}
function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (k.trim() && typeof v === 'string' && v.trim()) out[k.trim()] = v.trim();
  }
  return out;
}

/** `{ "model or wildcard": ["model-b", …] }`; malformed entries are dropped. */
function chainMap(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const list = stringList(v);
    if (k.trim() && list.length > 0) out[k.trim()] = list;
  }
  return out;
}

/** `{ id: { contextWindow, maxOutputTokens } }`; entries with no valid positive integer are dropped. */
function limitsMap(value: unknown): Record<string, ModelLimits> {
  const out: Record<string, ModelLimits> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (!k.trim() || typeof v !== 'object' || v === null) continue;
    const l: ModelLimits = {};
    const cw = intIn((v as ModelLimits).contextWindow, 1, 100_000_000, 0);
    const mo = intIn((v as ModelLimits).maxOutputTokens, 1, 100_000_000, 0);
    if (cw) l.contextWindow = cw;
    if (mo) l.maxOutputTokens = mo;
    if (cw || mo) out[k.trim()] = l;
  }
  return out;
}

function routeMap(value: unknown): NonNullable<ProxyConfig['routes']> {
  const all = stringMap(value);
  return Object.fromEntries(Object.entries(all).filter(([k]) => (REQUEST_CLASSES as readonly string[]).includes(k)));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

export function readSettings(get: SettingReader): ExtensionSettings {
  const d = defaultConfig();
  return {
    port: intIn(get('proxy.port'), 1024, 65535, d.proxy.port),
    allowLanAccess: bool(get('proxy.allowLanAccess'), d.proxy.allowLanAccess),
    authMode: oneOf(AUTH_MODES, get('proxy.authMode'), d.proxy.authMode),
    autoStart: bool(get('proxy.autoStart'), false),
    requestTimeoutSeconds: intIn(get('proxy.requestTimeoutSeconds'), 5, 7200, d.proxy.requestTimeoutSeconds),
    firstByteTimeoutSeconds: intIn(get('proxy.firstByteTimeoutSeconds'), 5, 7200, d.proxy.firstByteTimeoutSeconds!),
    idleTimeoutSeconds: intIn(get('proxy.idleTimeoutSeconds'), 5, 7200, d.proxy.idleTimeoutSeconds!),
    drainTimeoutSeconds: intIn(get('proxy.drainTimeoutSeconds'), 0, 600, d.proxy.drainTimeoutSeconds ?? 10),
    scheduling: oneOf(SCHEDULING_MODES, get('proxy.scheduling'), d.scheduling),
    modelMapping: stringMap(get('proxy.modelMapping')),
    upstreamProxy: str(get('proxy.upstreamProxy'), d.proxy.upstreamProxy),
    allowedOrigins: stringList(get('proxy.allowedOrigins')),
    queueTimeoutSeconds: intIn(get('proxy.queueTimeoutSeconds'), 0, 3600, d.proxy.queueTimeoutSeconds!),
    fallbacks: chainMap(get('proxy.fallbacks')),
    contextWindowFallbacks: chainMap(get('proxy.contextWindowFallbacks')),
    routes: routeMap(get('proxy.routes')),
    longContextThreshold: intIn(get('proxy.longContextThreshold'), 1, 10_000_000, d.longContextThreshold!),
    zai: {
      enabled: bool(get('zai.enabled'), d.zai.enabled),
      baseUrl: str(get('zai.baseUrl'), d.zai.baseUrl) || d.zai.baseUrl,
      dispatchMode: oneOf(ZAI_DISPATCH_MODES, get('zai.dispatchMode'), d.zai.dispatchMode),
      models: {
        opus: str(get('zai.models.opus'), d.zai.models.opus) || d.zai.models.opus,
        sonnet: str(get('zai.models.sonnet'), d.zai.models.sonnet) || d.zai.models.sonnet,
        haiku: str(get('zai.models.haiku'), d.zai.models.haiku) || d.zai.models.haiku,
      },
    },
    monitor: {
      enabled: bool(get('monitor.enabled'), d.monitor.enabled),
      captureBodies: oneOf(CAPTURE_BODIES, get('monitor.captureBodies'), d.monitor.captureBodies),
      maxEntries: intIn(get('monitor.maxEntries'), 10, 100000, d.monitor.maxEntries),
    },
    compactionModel: str(get('proxy.compactionModel'), ''),
    models: limitsMap(get('proxy.models')),
    telemetry: {
      enabled: bool(get('telemetry.enabled'), false),
      endpoint: str(get('telemetry.endpoint'), ''),
      captureContent: bool(get('telemetry.captureContent'), false),
      serviceName: str(get('telemetry.serviceName'), ''),
    },
    prices: priceMap(get('prices')),
    budgets: budgetsOf(get('budgets')),
    state: { redis: str(get('state.redis'), ''), keyPrefix: str(get('state.keyPrefix'), 'antigravity:') },
  };
}

const usdIn = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1_000_000 ? v : undefined);

/** `{ model: { input, output, cacheRead?, cacheWrite? } }`; entries without a valid input and output price are dropped. */
function priceMap(value: unknown): Record<string, ModelPrice> {
  const out: Record<string, ModelPrice> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (!k.trim() || typeof v !== 'object' || v === null) continue;
    const p = v as Partial<ModelPrice>;
    const input = usdIn(p.input);
    const output = usdIn(p.output);
    if (input === undefined || output === undefined) continue;
    const price: ModelPrice = { input, output };
    const cacheRead = usdIn(p.cacheRead);
    const cacheWrite = usdIn(p.cacheWrite);
    if (cacheRead !== undefined) price.cacheRead = cacheRead;
    if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
    out[k.trim()] = price;
  }
  return out;
}

/** `{ dailyUsd?, sessionUsd?, mode }`; absent or with no valid limit: no budgets. */
function budgetsOf(value: unknown): BudgetsSection | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Partial<BudgetsSection>;
  const dailyUsd = usdIn(v.dailyUsd) || undefined;
  const sessionUsd = usdIn(v.sessionUsd) || undefined;
  if (dailyUsd === undefined && sessionUsd === undefined) return undefined;
  return { mode: v.mode === 'block' ? 'block' : 'warn', ...(dailyUsd ? { dailyUsd } : {}), ...(sessionUsd ? { sessionUsd } : {}) };
}

export interface SecretValues {
  proxyApiKey: string;
  zaiApiKey: string;
  /** Account id → key. */
  accountKeys: ReadonlyMap<string, string>;
}

export function toProxyConfig(settings: ExtensionSettings, secrets: SecretValues, accounts: readonly StoredAccount[]): ProxyConfig {
  return {
    proxy: {
      port: settings.port,
      allowLanAccess: settings.allowLanAccess,
      authMode: settings.authMode,
      apiKey: secrets.proxyApiKey,
      requestTimeoutSeconds: settings.requestTimeoutSeconds,
      firstByteTimeoutSeconds: settings.firstByteTimeoutSeconds,
      idleTimeoutSeconds: settings.idleTimeoutSeconds,
      drainTimeoutSeconds: settings.drainTimeoutSeconds,
      upstreamProxy: settings.upstreamProxy,
      allowedOrigins: [...settings.allowedOrigins],
      queueTimeoutSeconds: settings.queueTimeoutSeconds,
    },
    accounts: accounts.map((a) => toAccountConfig(a, secrets.accountKeys.get(a.id))),
    modelMapping: { ...settings.modelMapping },
    scheduling: settings.scheduling,
    zai: {
      enabled: settings.zai.enabled,
      baseUrl: settings.zai.baseUrl,
      apiKey: secrets.zaiApiKey,
      dispatchMode: settings.zai.dispatchMode,
      models: { ...settings.zai.models },
    },
    monitor: { ...settings.monitor },
    fallbacks: { ...settings.fallbacks },
    contextWindowFallbacks: { ...settings.contextWindowFallbacks },
    routes: { ...settings.routes },
    longContextThreshold: settings.longContextThreshold,
    ...(settings.compactionModel ? { compactionModel: settings.compactionModel } : {}),
    ...(Object.keys(settings.models).length > 0 ? { models: { ...settings.models } } : {}),
    ...telemetryOf(settings.telemetry),
    ...(Object.keys(settings.prices).length > 0 ? { prices: { ...settings.prices } } : {}),
    ...(settings.budgets ? { budgets: { ...settings.budgets } } : {}),
    ...(settings.state && /^rediss?:\/\//.test(settings.state.redis) ? { state: { redis: settings.state.redis, keyPrefix: settings.state.keyPrefix || 'antigravity:' } } : {}),
  };
}

/** Absent unless enabled, so a config without telemetry stays as it was; an enabled one without an endpoint stays off. */
function telemetryOf(t: ExtensionSettings['telemetry'] | undefined): Pick<ProxyConfig, 'telemetry'> {
  if (!t?.enabled || t.endpoint === '' || !/^https?:\/\//.test(t.endpoint)) return {};
  return { telemetry: { enabled: true, endpoint: t.endpoint, ...(t.captureContent ? { captureContent: true } : {}), ...(t.serviceName ? { serviceName: t.serviceName } : {}) } };
}

function toAccountConfig(a: StoredAccount, apiKey: string | undefined): AccountConfig {
  const c: AccountConfig = { id: a.id, kind: a.kind, label: a.label, enabled: a.enabled };
  if (a.baseUrl) c.baseUrl = a.baseUrl;
  if (apiKey) c.apiKey = apiKey;
  if (a.models && a.models.length > 0) c.models = [...a.models];
  if (a.priority !== undefined) c.priority = a.priority;
  if (a.weight !== undefined) c.weight = a.weight;
  if (a.vendor) c.vendor = a.vendor;
  if (a.family) c.family = a.family;
  if (a.structuredOutputs) c.structuredOutputs = a.structuredOutputs;
  if (a.maxConcurrent !== undefined) c.maxConcurrent = a.maxConcurrent;
  if (a.requestsPerMinute !== undefined) c.requestsPerMinute = a.requestsPerMinute;
  if (a.flatRate !== undefined) c.flatRate = a.flatRate;
  return c;
}

/** Host and port are bound at start, and the team state's Redis connection; everything else is hot-updated through `server.update`. */
export function needsRestart(prev: ProxyConfig, next: ProxyConfig): boolean {
  return prev.proxy.port !== next.proxy.port || prev.proxy.allowLanAccess !== next.proxy.allowLanAccess
    || (prev.state?.redis ?? '') !== (next.state?.redis ?? '') || (prev.state?.keyPrefix ?? '') !== (next.state?.keyPrefix ?? '');
}

/** LAN reachable and nothing checks the key: the status bar turns to a warning. */
export function isExposedWithoutAuth(settings: Pick<ExtensionSettings, 'allowLanAccess' | 'authMode'>): boolean {
  return settings.allowLanAccess && settings.authMode === 'off';
}

/** A setting the core would reject; thrown by the config loader so nothing half-valid is swapped in. */
export class SettingsError extends Error {
  constructor(message: string, readonly setting: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * `antigravity.proxy.upstreamProxy`: empty, or an http(s) URL with a host. Credentials in it are
 * refused: settings are plain text (and may sync); secrets belong in SecretStorage.
 * Returns the English problem (the host translates), or undefined when valid.
 */
export function upstreamProxyProblem(value: string): string | undefined {
  const raw = value.trim();
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The upstream proxy must be a URL such as http://host:3128.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The upstream proxy must start with http:// or https://.';
  if (!url.hostname) return 'The upstream proxy URL has no host.';
  if (url.username || url.password) {
    return 'The upstream proxy URL must not contain a user name or password: settings are not secret storage. Use a proxy without credentials (or one that authenticates by address).';
  }
  return undefined;
}

/** Throws SettingsError for the first setting the core would reject. */
export function assertValidSettings(settings: ExtensionSettings): void {
  const problem = upstreamProxyProblem(settings.upstreamProxy);
  if (problem) throw new SettingsError(problem, 'antigravity.proxy.upstreamProxy');
}
