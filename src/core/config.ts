/**
 * The core's plain configuration. The headless config file has exactly this shape
 * (a contract relied on by other tools: extend, never rename); the VS Code host maps
 * settings + SecretStorage into it.
 */
export type AuthMode = 'off' | 'strict' | 'all_except_health' | 'auto';
export type AccountKind = 'gemini' | 'anthropic' | 'zai' | 'openai' | 'vscode-lm' | 'demo';
/** Prompt-cache breakpoints originated for Anthropic-kind accounts (AccountConfig.promptCaching). */
export type PromptCaching = 'auto' | 'off';
export type SchedulingMode = 'sticky' | 'round-robin' | 'fill-first';
export type ZaiDispatchMode = 'off' | 'exclusive' | 'pooled' | 'fallback';
export type CaptureBodies = 'none' | 'errors' | 'all';

export const AUTH_MODES: readonly AuthMode[] = ['off', 'strict', 'all_except_health', 'auto'];
export const ACCOUNT_KINDS: readonly AccountKind[] = ['gemini', 'anthropic', 'zai', 'openai', 'vscode-lm', 'demo'];
export const SCHEDULING_MODES: readonly SchedulingMode[] = ['sticky', 'round-robin', 'fill-first'];
export const ZAI_DISPATCH_MODES: readonly ZaiDispatchMode[] = ['off', 'exclusive', 'pooled', 'fallback'];
export const CAPTURE_BODIES: readonly CaptureBodies[] = ['none', 'errors', 'all'];
/**
 * Kinds answered in-process by a LocalProvider instead of over HTTP: `vscode-lm` (the models
 * VS Code offers) and `demo` (the built-in demo upstream, issue 16: no key, no network).
 */
export const IN_PROCESS_KINDS: readonly AccountKind[] = ['vscode-lm', 'demo'];
export const isInProcessKind = (kind: AccountKind): boolean => IN_PROCESS_KINDS.includes(kind);

export type StructuredOutputsMode = 'output_format' | 'output_config' | 'tool';
export const STRUCTURED_OUTPUTS_MODES: readonly StructuredOutputsMode[] = ['output_format', 'output_config', 'tool'];

/**
 * The account's structured-output mode: its own setting, else `output_config` for an anthropic
 * account on api.anthropic.com (the GA field), else `tool` (z.ai and other Anthropic-compatible
 * vendors, which take neither field).
 */
export function structuredOutputsOf(a: Pick<AccountConfig, 'kind' | 'baseUrl' | 'structuredOutputs'>): StructuredOutputsMode {
  if (a.structuredOutputs) return a.structuredOutputs;
  if (a.kind !== 'anthropic') return 'tool';
  if (!a.baseUrl) return 'output_config';
  try {
    return new URL(a.baseUrl).hostname === 'api.anthropic.com' ? 'output_config' : 'tool';
  } catch {
    return 'tool';
  }
}

export interface AccountConfig {
  id: string;
  kind: AccountKind;
  label: string;
  /** Vendor base URL; defaults per kind (see DEFAULT_BASE_URLS). */
  baseUrl?: string;
  /** Never logged, never shown, never sent anywhere but this account's upstream. */
  apiKey?: string;
  enabled: boolean;
  /** Upstream models this account serves; wildcards `*` allowed. Empty/absent = any. */
  models?: string[];
  /** fill-first order: higher first. */
  priority?: number;
  weight?: number;
  /** openai only: the endpoint also serves /responses (default: only api.openai.com). Otherwise Responses clients are translated to chat. */
  responsesApi?: boolean;
  /**
   * anthropic / zai: `auto` (default) puts `cache_control` breakpoints on requests translated
   * from OpenAI chat, Responses and Gemini clients (tools, system, the last stable turn); `off`
   * sends none. Anthropic clients' own breakpoints always pass.
   */
  promptCaching?: PromptCaching;
  /**
   * anthropic / zai only: how the vendor takes structured output (issue 17): `output_config`
   * (GA `output_config.format`), `output_format` (beta, with the structured-outputs header) or
   * `tool` (a forced synthetic tool). Default: see `structuredOutputsOf`.
   */
  structuredOutputs?: StructuredOutputsMode;
  /** vscode-lm only: selector for vscode.lm.selectChatModels. */
  vendor?: string;
  family?: string;
  /** Most requests in flight on this account at once; more wait in a FIFO queue (the z.ai preset sets 1). Absent = no cap. */
  maxConcurrent?: number;
  /** Most requests started per rolling minute on this account; more wait in the same queue. Absent = no cap. */
  requestsPerMinute?: number;
  /** Flat-rate account (subscription, VS Code's models): its cost shows as "included", never counted toward budgets. Default: true for `vscode-lm` and `demo`, else false. */
  flatRate?: boolean;
}

export interface ProxySection {
  port: number;
  allowLanAccess: boolean;
  authMode: AuthMode;
  apiKey: string;
  requestTimeoutSeconds: number;
  upstreamProxy: string;
  /** Browser origins granted CORS while auth is off, besides `vscode-webview://` (default none). */
  allowedOrigins?: string[];
  /** Whole request (headers and body) must arrive within this; slower clients get a 408 (default 60). */
  bodyTimeoutSeconds?: number;
  /**
   * Stall watchdog (the proxy owns it: our keep-alives blind the clients' own stall detection).
   * Attempt start → the upstream's first content event (streams; pings do not count) or first
   * body byte (non-stream); capped by requestTimeoutSeconds. Default 120.
   */
  firstByteTimeoutSeconds?: number;
  /** Stall watchdog: silence between two upstream bytes (vendor pings count as life). Default 90. */
  idleTimeoutSeconds?: number;
  /** On stop (SIGTERM, Stop Proxy): in-flight requests may finish for this long, then open streams end with an error event (default 10). */
  drainTimeoutSeconds?: number;
  /** Longest wait in an account's queue (maxConcurrent / requestsPerMinute) before the next account or fallback (default 30). */
  queueTimeoutSeconds?: number;
}

export interface ZaiSection {
  enabled: boolean;
  baseUrl: string;
  apiKey: string;
  dispatchMode: ZaiDispatchMode;
  models: { opus: string; sonnet: string; haiku: string };
}

export interface MonitorSection {
  enabled: boolean;
  captureBodies: CaptureBodies;
  maxEntries: number;
}

/** Request classes (src/upstream/request-class.ts) that `routes` may send to a model of their own. */
export type RequestClass = 'background' | 'subagent' | 'think' | 'longContext' | 'image' | 'webSearch';
export const REQUEST_CLASSES: readonly RequestClass[] = ['background', 'subagent', 'think', 'longContext', 'image', 'webSearch'];
export const DEFAULT_LONG_CONTEXT_THRESHOLD = 60_000;
export const DEFAULT_QUEUE_TIMEOUT_SECONDS = 30;
/** Context window facts of a model (tokens); a config entry overrides the built-in and discovered ones. */
export interface ModelLimits {
  contextWindow?: number;
  maxOutputTokens?: number;
}

/** Price of a model in US dollars per million tokens (issue 20). */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cached input read; absent: the input price. */
  cacheRead?: number;
  /** Cache write (Anthropic's cache creation); absent: the input price. */
  cacheWrite?: number;
}

export type BudgetMode = 'warn' | 'block';
export const BUDGET_MODES: readonly BudgetMode[] = ['warn', 'block'];

/** Spending limits in US dollars (issue 20): per local day, per client session. */
export interface BudgetsSection {
  dailyUsd?: number;
  sessionUsd?: number;
  /** `warn`: notifications at 80 % and 100 %; `block`: past the limit requests get a 429. */
  mode: BudgetMode;
}

/** Whether an account's cost is included in a flat rate (its own setting, else by kind). */
export function isFlatRate(a: Pick<AccountConfig, 'kind' | 'flatRate'>): boolean {
  return a.flatRate ?? (a.kind === 'vscode-lm' || a.kind === 'demo');
}

export interface ProxyConfig {
  proxy: ProxySection;
  accounts: AccountConfig[];
  modelMapping: Record<string, string>;
  scheduling: SchedulingMode;
  zai: ZaiSection;
  monitor: MonitorSection;
  /**
   * Fallback chains (LiteLLM's name): model or wildcard → models tried in order when every
   * account for the requested one is cooling, disabled, queued past the wait or failed
   * before the first byte. Absent = none.
   */
  fallbacks?: Record<string, string[]>;
  /** Same shape: the chain used when the input is too long for the model (the vendor says so). */
  contextWindowFallbacks?: Record<string, string[]>;
  /** Request class → the model that serves it (an explicit `modelMapping` of the client model wins). */
  routes?: Partial<Record<RequestClass, string>>;
  /** Estimated input tokens above which a request is of class longContext (default 60 000). */
  longContextThreshold?: number;
  /** The model that writes compaction summaries (`/v1/responses/compact`); absent: the client's model. */
  compactionModel?: string;
  /** Per model id or wildcard (`gemini-*`): its context window and output limit, over the built-in catalog. */
  models?: Record<string, ModelLimits>;
  /** Per model id or wildcard: its price, over the built-in catalog (src/monitor/prices.ts). */
  prices?: Record<string, ModelPrice>;
  /** Spending limits; absent: none. */
  budgets?: BudgetsSection;
  /** OpenTelemetry traces of finished requests (issue 20); absent or `enabled: false` = off. */
  telemetry?: TelemetrySection;
  /** Team mode (issue 23): pool state shared through Redis; absent = in process, as always. */
  state?: StateSection;
}

/** Where the pool state lives: `redis` (a redis:// or rediss:// URL) shares it between instances. */
export interface StateSection {
  redis: string;
  /** Prefix of every Redis key and of the change channel; default "antigravity:". */
  keyPrefix?: string;
}

export const DEFAULT_STATE_KEY_PREFIX = 'antigravity:';

/** The password of a Redis URL (a secret for the Redactor), or ''. */
export function redisPassword(url: string | undefined): string {
  if (!url) return '';
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** OTLP/HTTP trace export with the GenAI semantic conventions (src/telemetry). */
export interface TelemetrySection {
  enabled: boolean;
  /** OTLP/HTTP traces URL, e.g. http://localhost:4318/v1/traces. */
  endpoint: string;
  /** Extra request headers (e.g. a collector's authorization). */
  headers?: Record<string, string>;
  /** Prompt and completion text as span events (from the monitor's captured bodies); default false. */
  captureContent?: boolean;
  /** `service.name` of the resource; default "antigravity-proxy". */
  serviceName?: string;
}

export const DEFAULT_PORT = 8045;

export const DEFAULT_BASE_URLS: Record<Exclude<AccountKind, 'vscode-lm' | 'demo'>, string> = {
  gemini: 'https://generativelanguage.googleapis.com',
  anthropic: 'https://api.anthropic.com',
  zai: 'https://api.z.ai/api/anthropic',
  openai: 'https://api.openai.com/v1',
};

export function defaultConfig(): ProxyConfig {
  return {
    proxy: {
      port: DEFAULT_PORT,
      allowLanAccess: false,
      authMode: 'auto',
      apiKey: '',
      requestTimeoutSeconds: 600,
      upstreamProxy: '',
      allowedOrigins: [],
      bodyTimeoutSeconds: 60,
      firstByteTimeoutSeconds: 120,
      idleTimeoutSeconds: 90,
      drainTimeoutSeconds: 10,
      queueTimeoutSeconds: DEFAULT_QUEUE_TIMEOUT_SECONDS,
    },
    accounts: [],
    modelMapping: {},
    scheduling: 'sticky',
    zai: {
      enabled: false,
      baseUrl: DEFAULT_BASE_URLS.zai,
      apiKey: '',
      dispatchMode: 'off',
      models: { opus: 'glm-4.7', sonnet: 'glm-4.7', haiku: 'glm-4.5-air' },
    },
    monitor: { enabled: true, captureBodies: 'errors', maxEntries: 1000 },
    fallbacks: {},
    contextWindowFallbacks: {},
    routes: {},
    longContextThreshold: DEFAULT_LONG_CONTEXT_THRESHOLD,
  };
}

/** `auto` means all_except_health when reachable from the LAN, else off. */
export function effectiveAuthMode(proxy: Pick<ProxySection, 'authMode' | 'allowLanAccess'>): Exclude<AuthMode, 'auto'> {
  if (proxy.authMode === 'auto') return proxy.allowLanAccess ? 'all_except_health' : 'off';
  return proxy.authMode;
}

export function bindHost(proxy: Pick<ProxySection, 'allowLanAccess'>): string {
  return proxy.allowLanAccess ? '0.0.0.0' : '127.0.0.1';
}

/** True when the z.ai dispatcher can serve requests on its own. */
export function zaiDispatchActive(zai: ZaiSection): boolean {
  return zai.enabled && zai.dispatchMode !== 'off' && zai.apiKey.length > 0;
}

/** Every secret a config holds (proxy key, z.ai key, account keys): what the Redactor is built from. */
export function configSecrets(config: ProxyConfig): string[] {
  return [config.proxy.apiKey, config.zai.apiKey, ...config.accounts.map((a) => a.apiKey ?? ''), ...Object.values(config.telemetry?.headers ?? {}), redisPassword(config.state?.redis)].filter((s) => s.length > 0);
}
