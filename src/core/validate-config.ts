import { isValidProxyKey } from './api-key';
import { redact } from './redactor';
import { hasBrand, setBrand } from './brand';
import { validateTelemetry } from './validate-telemetry';
import {
  ACCOUNT_KINDS, AUTH_MODES, BUDGET_MODES, CAPTURE_BODIES, REQUEST_CLASSES, SCHEDULING_MODES, STRUCTURED_OUTPUTS_MODES, ZAI_DISPATCH_MODES, DEFAULT_STATE_KEY_PREFIX, defaultConfig,
  type AccountConfig, type BudgetMode, type BudgetsSection, type ProxyConfig, type StructuredOutputsMode,
} from './config';

/** One rule a config breaks, naming the field (`accounts[1].baseUrl`) and the rule. */
export interface ConfigProblem {
  field: string;
  rule: string;
}

const CONFIG_ERROR = Symbol.for('antigravity.ConfigError');

export class ConfigError extends Error {
  /** True for a ConfigError of any bundle's copy of this class (see brand.ts). */
  static isInstance(x: unknown): x is ConfigError {
    return hasBrand(x, CONFIG_ERROR);
  }

  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.rule}`).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
setBrand(ConfigError.prototype, CONFIG_ERROR);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`. */
function isOrigin(s: string): boolean {
  try {
    return new URL(s).origin === s || /^vscode-webview:\/\/[^/]+$/.test(s);
  } catch {
    return false;
  }
}

/**
 * The upstream proxy URL rule, written once (the config check and createUpstreamDispatcher use
 * it): empty (direct connections) or an http(s) URL with a host. The message never echoes a
 * password.
 */
export function upstreamProxyUrlProblem(value: string): string | undefined {
  const raw = value.trim();
  if (raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Invalid upstream proxy URL "${redact(raw)}": expected http://host:port or https://host:port.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `Unsupported upstream proxy scheme "${url.protocol}" in "${redact(raw)}": only http:// and https:// proxies are supported.`;
  }
  if (!url.hostname) return `Invalid upstream proxy URL "${redact(raw)}": the host is missing.`;
  return undefined;
}

export interface ValidateOptions {
  /**
   * Files and settings must name a port from 1024 to 65535 (the contract). Embedders (tests)
   * may pass 0 (any free port) or a privileged port, whose bind then fails as a StartError.
   */
  anyPort?: boolean;
}

/**
 * A loosely typed object (a parsed config file) → a complete ProxyConfig, defaults filled in.
 * Throws ConfigError listing every problem; never returns a half-valid config.
 */
export function parseConfig(input: unknown, opts: ValidateOptions = {}): ProxyConfig {
  const { config, problems } = checkConfig(input, opts);
  if (!config || problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Every rule `config` breaks, each naming its field; empty when it is valid. */
export function validateConfig(config: unknown, opts: ValidateOptions = {}): ConfigProblem[] {
  return checkConfig(config, opts).problems;
}

/** Throws ConfigError unless `config` is valid (createProxyServer and update() call it). */
export function assertValidConfig(config: ProxyConfig, opts: ValidateOptions = {}): void {
  const problems = validateConfig(config, opts);
  if (problems.length > 0) throw new ConfigError(problems);
}

function checkConfig(input: unknown, opts: ValidateOptions): { config?: ProxyConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const bad = (field: string, rule: string) => problems.push({ field, rule });
  const d = defaultConfig();
  if (!isObj(input)) return { problems: [{ field: '(root)', rule: 'must be a JSON object' }] };

  const p = isObj(input.proxy) ? input.proxy : {};
  if (input.proxy !== undefined && !isObj(input.proxy)) bad('proxy', 'must be an object');
  const proxy = { ...d.proxy, ...p } as ProxyConfig['proxy'];
  const minPort = opts.anyPort ? 0 : 1024;
  if (!Number.isInteger(proxy.port) || proxy.port < minPort || proxy.port > 65535) bad('proxy.port', `must be an integer from ${minPort} to 65535`);
  if (typeof proxy.allowLanAccess !== 'boolean') bad('proxy.allowLanAccess', 'must be true or false');
  if (!AUTH_MODES.includes(proxy.authMode)) bad('proxy.authMode', `must be one of ${AUTH_MODES.join(', ')}`);
  if (typeof proxy.apiKey !== 'string') bad('proxy.apiKey', 'must be a string');
  else if (proxy.apiKey !== '' && !isValidProxyKey(proxy.apiKey)) bad('proxy.apiKey', 'must start with "sk-" and be at least 10 characters, without spaces');
  if (typeof proxy.requestTimeoutSeconds !== 'number' || !(proxy.requestTimeoutSeconds >= 1 && proxy.requestTimeoutSeconds <= 86_400)) {
    bad('proxy.requestTimeoutSeconds', 'must be a number of seconds from 1 to 86400');
  }
  if (typeof proxy.upstreamProxy !== 'string') bad('proxy.upstreamProxy', 'must be a string');
  else if (upstreamProxyUrlProblem(proxy.upstreamProxy)) bad('proxy.upstreamProxy', 'must be empty or an http:// or https:// URL with a host');
  if (!Array.isArray(proxy.allowedOrigins) || proxy.allowedOrigins.some((o) => typeof o !== 'string' || !isOrigin(o))) {
    bad('proxy.allowedOrigins', 'must be an array of origins like "http://localhost:3000" (scheme://host[:port], no path)');
  }
  if (typeof proxy.bodyTimeoutSeconds !== 'number' || !(proxy.bodyTimeoutSeconds >= 1 && proxy.bodyTimeoutSeconds <= 3600)) {
    bad('proxy.bodyTimeoutSeconds', 'must be a number of seconds from 1 to 3600');
  }
  for (const key of ['firstByteTimeoutSeconds', 'idleTimeoutSeconds'] as const) {
    const v = proxy[key];
    if (typeof v !== 'number' || !(v >= 1 && v <= 86_400)) bad(`proxy.${key}`, 'must be a number of seconds from 1 to 86400');
  }
  if (typeof proxy.drainTimeoutSeconds !== 'number' || !(proxy.drainTimeoutSeconds >= 0 && proxy.drainTimeoutSeconds <= 600)) {
    bad('proxy.drainTimeoutSeconds', 'must be a number of seconds from 0 to 600');
  }
  if (typeof proxy.queueTimeoutSeconds !== 'number' || !(proxy.queueTimeoutSeconds >= 0 && proxy.queueTimeoutSeconds <= 3600)) {
    bad('proxy.queueTimeoutSeconds', 'must be a number of seconds from 0 to 3600');
  }

  const accounts: AccountConfig[] = [];
  if (input.accounts !== undefined && !Array.isArray(input.accounts)) bad('accounts', 'must be an array');
  const ids = new Set<string>();
  (Array.isArray(input.accounts) ? input.accounts : []).forEach((a: unknown, i: number) => {
    const f = `accounts[${i}]`;
    if (!isObj(a)) return bad(f, 'must be an object');
    const kind = a.kind as AccountConfig['kind'];
    if (!ACCOUNT_KINDS.includes(kind)) bad(`${f}.kind`, `unknown kind "${String(a.kind)}"; use one of ${ACCOUNT_KINDS.join(', ')}`);
    const id = typeof a.id === 'string' && a.id ? a.id : `account-${i + 1}`;
    if (ids.has(id)) bad(`${f}.id`, `duplicate id "${id}"`);
    ids.add(id);
    if (a.baseUrl !== undefined && (typeof a.baseUrl !== 'string' || !isHttpUrl(a.baseUrl))) bad(`${f}.baseUrl`, 'must be an http:// or https:// URL');
    if (kind === 'demo' && a.baseUrl !== undefined) bad(`${f}.baseUrl`, 'a demo account answers inside the proxy and takes no baseUrl'); // issue 16
    if (a.apiKey !== undefined && typeof a.apiKey !== 'string') bad(`${f}.apiKey`, 'must be a string');
    if (a.enabled !== undefined && typeof a.enabled !== 'boolean') bad(`${f}.enabled`, 'must be true or false');
    if (a.models !== undefined && (!Array.isArray(a.models) || a.models.some((m) => typeof m !== 'string'))) bad(`${f}.models`, 'must be an array of model names (wildcards * allowed)');
    if (a.responsesApi !== undefined && typeof a.responsesApi !== 'boolean') bad(`${f}.responsesApi`, 'must be true or false');
    if (a.promptCaching !== undefined && a.promptCaching !== 'auto' && a.promptCaching !== 'off') bad(`${f}.promptCaching`, 'must be "auto" or "off"'); // issue 17
    if (a.structuredOutputs !== undefined && !STRUCTURED_OUTPUTS_MODES.includes(a.structuredOutputs as StructuredOutputsMode)) {
      bad(`${f}.structuredOutputs`, `must be one of ${STRUCTURED_OUTPUTS_MODES.join(', ')}`);
    }
    for (const n of ['priority', 'weight'] as const) {
      if (a[n] !== undefined && typeof a[n] !== 'number') bad(`${f}.${n}`, 'must be a number');
    }
    for (const n of ['maxConcurrent', 'requestsPerMinute'] as const) {
      if (a[n] !== undefined && (!Number.isInteger(a[n]) || (a[n] as number) < 1)) bad(`${f}.${n}`, 'must be a whole number of at least 1 (leave it out for no limit)');
    }
    if (a.flatRate !== undefined && typeof a.flatRate !== 'boolean') bad(`${f}.flatRate`, 'must be true or false'); // issue 20
    accounts.push({ ...(a as unknown as AccountConfig), id, label: typeof a.label === 'string' && a.label ? a.label : id, enabled: a.enabled !== false });
  });

  const modelMapping = input.modelMapping ?? {};
  if (!isObj(modelMapping) || Object.values(modelMapping).some((v) => typeof v !== 'string')) bad('modelMapping', 'must map model names (wildcards *) to model names');

  const scheduling = (input.scheduling ?? d.scheduling) as ProxyConfig['scheduling'];
  if (!SCHEDULING_MODES.includes(scheduling)) bad('scheduling', `must be one of ${SCHEDULING_MODES.join(', ')}`);

  const z = isObj(input.zai) ? input.zai : {};
  const zai = { ...d.zai, ...z, models: { ...d.zai.models, ...(isObj(z.models) ? z.models : {}) } } as ProxyConfig['zai'];
  if (typeof zai.enabled !== 'boolean') bad('zai.enabled', 'must be true or false');
  if (!ZAI_DISPATCH_MODES.includes(zai.dispatchMode)) bad('zai.dispatchMode', `must be one of ${ZAI_DISPATCH_MODES.join(', ')}`);
  if (typeof zai.baseUrl !== 'string' || !isHttpUrl(zai.baseUrl)) bad('zai.baseUrl', 'must be an http:// or https:// URL');
  if (typeof zai.apiKey !== 'string') bad('zai.apiKey', 'must be a string');
  for (const tier of ['opus', 'sonnet', 'haiku'] as const) {
    const m = zai.models[tier];
    if (typeof m !== 'string' || m.trim() === '') bad(`zai.models.${tier}`, 'must be a model name');
  }
  if (input.zai !== undefined && !isObj(input.zai)) bad('zai', 'must be an object');
  if (input.monitor !== undefined && !isObj(input.monitor)) bad('monitor', 'must be an object');

  const m = isObj(input.monitor) ? input.monitor : {};
  const monitor = { ...d.monitor, ...m } as ProxyConfig['monitor'];
  if (typeof monitor.enabled !== 'boolean') bad('monitor.enabled', 'must be true or false');
  if (!CAPTURE_BODIES.includes(monitor.captureBodies)) bad('monitor.captureBodies', `must be one of ${CAPTURE_BODIES.join(', ')}`);
  if (!Number.isInteger(monitor.maxEntries) || monitor.maxEntries < 1 || monitor.maxEntries > 1_000_000) bad('monitor.maxEntries', 'must be an integer from 1 to 1000000');

  const chains = (field: 'fallbacks' | 'contextWindowFallbacks'): Record<string, string[]> => {
    const v = input[field] ?? {};
    const ok = isObj(v) && Object.values(v).every((list) => Array.isArray(list) && list.every((m) => typeof m === 'string' && m.trim() !== ''));
    if (!ok) bad(field, 'must map a model name (wildcards *) to a list of model names tried in order');
    return ok ? (v as Record<string, string[]>) : {};
  };
  const fallbacks = chains('fallbacks');
  const contextWindowFallbacks = chains('contextWindowFallbacks');
  const routes = input.routes ?? {};
  if (!isObj(routes)) bad('routes', `must be an object naming a model for any of ${REQUEST_CLASSES.join(', ')}`);
  else {
    for (const [k, v] of Object.entries(routes)) {
      if (!(REQUEST_CLASSES as readonly string[]).includes(k)) bad(`routes.${k}`, `unknown request class; use one of ${REQUEST_CLASSES.join(', ')}`);
      else if (typeof v !== 'string' || v.trim() === '') bad(`routes.${k}`, 'must be a model name');
    }
  }
  const longContextThreshold = input.longContextThreshold ?? d.longContextThreshold;
  if (typeof longContextThreshold !== 'number' || !Number.isInteger(longContextThreshold) || longContextThreshold < 1) {
    bad('longContextThreshold', 'must be a whole number of tokens of at least 1');
  }

  // issue 18: optional keys, absent from a config that does not set them.
  const extra: Pick<ProxyConfig, 'compactionModel' | 'models' | 'telemetry' | 'prices' | 'budgets' | 'state'> = {};
  if (input.telemetry !== undefined) extra.telemetry = validateTelemetry(input.telemetry, bad);
  if (input.compactionModel !== undefined) {
    if (typeof input.compactionModel !== 'string') bad('compactionModel', 'must be a model name (empty: the client\'s model)');
    else if (input.compactionModel.trim() !== '') extra.compactionModel = input.compactionModel.trim();
  }
  if (input.models !== undefined) {
    if (!isObj(input.models)) bad('models', 'must map model names (wildcards *) to { contextWindow, maxOutputTokens }');
    else {
      for (const [id, lim] of Object.entries(input.models)) {
        if (!isObj(lim)) {
          bad(`models.${id}`, 'must be an object { contextWindow, maxOutputTokens }');
          continue;
        }
        for (const k of ['contextWindow', 'maxOutputTokens'] as const) {
          const v = lim[k];
          if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 100_000_000)) bad(`models.${id}.${k}`, 'must be an integer number of tokens from 1 to 100000000');
        }
      }
      extra.models = input.models as ProxyConfig['models'];
    }
  }

  validatePrices(input.prices, bad, extra);
  validateBudgets(input.budgets, bad, extra);
  validateState(input.state, bad, extra);

  return {
    config: {
      proxy, accounts, modelMapping: modelMapping as Record<string, string>, scheduling, zai, monitor,
      fallbacks, contextWindowFallbacks, routes: (isObj(routes) ? routes : {}) as ProxyConfig['routes'], longContextThreshold: longContextThreshold as number,
      ...extra,
    },
    problems,
  };
}

type Bad = (field: string, message: string) => void;
const isUsd = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1_000_000;

/** issue 20: `prices: { "<model or wildcard>": { input, output, cacheRead?, cacheWrite? } }` in USD per million tokens. */
function validatePrices(prices: unknown, bad: Bad, out: Pick<ProxyConfig, 'prices'>): void {
  if (prices === undefined) return;
  if (!isObj(prices)) return bad('prices', 'must map model names (wildcards *) to { input, output, cacheRead, cacheWrite } in USD per million tokens');
  for (const [id, p] of Object.entries(prices)) {
    if (!isObj(p)) {
      bad(`prices.${id}`, 'must be an object { input, output, cacheRead, cacheWrite }');
      continue;
    }
    for (const k of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
      const required = k === 'input' || k === 'output';
      if ((required || p[k] !== undefined) && !isUsd(p[k])) bad(`prices.${id}.${k}`, 'must be a price in USD per million tokens (0 to 1000000)');
    }
  }
  out.prices = prices as ProxyConfig['prices'];
}

/** issue 20: `budgets: { dailyUsd?, sessionUsd?, mode }`. */
function validateBudgets(budgets: unknown, bad: Bad, out: Pick<ProxyConfig, 'budgets'>): void {
  if (budgets === undefined) return;
  if (!isObj(budgets)) return bad('budgets', 'must be an object { dailyUsd, sessionUsd, mode }');
  for (const k of ['dailyUsd', 'sessionUsd'] as const) {
    if (budgets[k] !== undefined && (!isUsd(budgets[k]) || budgets[k] === 0)) bad(`budgets.${k}`, 'must be an amount in USD above 0 (leave it out for no limit)');
  }
  const mode = budgets.mode ?? 'warn';
  if (!BUDGET_MODES.includes(mode as BudgetMode)) bad('budgets.mode', `must be one of ${BUDGET_MODES.join(', ')}`);
  out.budgets = { ...(budgets as object), mode } as BudgetsSection;
}

/** issue 23: `state: { redis: "redis://host:6379/0", keyPrefix? }`; an empty `redis` means in process. */
function validateState(state: unknown, bad: Bad, out: Pick<ProxyConfig, 'state'>): void {
  if (state === undefined) return;
  if (!isObj(state)) return bad('state', 'must be an object { redis, keyPrefix }');
  const redis = state.redis ?? '';
  let ok = typeof redis === 'string';
  if (ok && redis !== '') {
    try {
      ok = /^rediss?:$/.test(new URL(redis as string).protocol);
    } catch {
      ok = false;
    }
  }
  if (!ok) bad('state.redis', 'must be a Redis URL, e.g. redis://host:6379/0 (rediss:// for TLS; empty: state stays in process)');
  const prefix = state.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX;
  if (typeof prefix !== 'string' || prefix.length > 100 || !/^[\x21-\x7e]*$/.test(prefix)) bad('state.keyPrefix', 'must be up to 100 printable characters without spaces, e.g. "antigravity:"');
  if (ok && redis !== '' && typeof prefix === 'string') out.state = { redis: redis as string, keyPrefix: prefix };
}
