import type { FakeVendor, VendorKind } from '../fakes/vendor';
import type { NetTrap } from './harness/net-trap';
import type { PinName } from './versions';
import type { Script } from '../fakes/vendor';

/**
 * The data-driven matrix: client × upstream kind × scenario. A case whose client dialect differs
 * from the upstream's needs the translation layer and is skipped unless CLIENTS_TRANSLATION=1.
 */
// Flip to `true` once src/proxy/translate lands (CLIENTS_TRANSLATION=0 still turns it off).
export const TRANSLATION_DEFAULT = true;

export type ClientDialect = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';
export const UPSTREAMS: VendorKind[] = ['openai', 'anthropic', 'gemini'];

/** The upstream dialect a client dialect reaches without translation. */
export function sameDialect(client: ClientDialect, upstream: VendorKind): boolean {
  return client === 'anthropic' ? upstream === 'anthropic' : client === 'gemini' ? upstream === 'gemini' : upstream === 'openai';
}

/** Models the clients ask for, by dialect. Each is an exact mapping rule; the wildcard rules catch the rest. */
export const CLIENT_MODELS = {
  anthropic: 'claude-opus-4-8',
  openai: 'gpt-4o-mini',
  codex: 'gpt-5',
  gemini: 'gemini-2.5-flash',
} as const;
export const WILDCARD_MODELS = { anthropic: 'claude-wildcard-9', openai: 'gpt-wildcard-9', gemini: 'gemini-wildcard-9' } as const;
export const mappedModel = (up: VendorKind) => `${up}-upstream-mapped`;
export const wildcardModel = (up: VendorKind) => `${up}-upstream-wildcard`;

export function modelMapping(up: VendorKind): Record<string, string> {
  const m: Record<string, string> = {};
  for (const model of Object.values(CLIENT_MODELS)) m[model] = mappedModel(up);
  m['claude-*'] = wildcardModel(up);
  m['gpt-*'] = wildcardModel(up);
  m['gemini-*'] = wildcardModel(up);
  return m;
}

export interface CaseCtx {
  client: ClientDef;
  scenario: ScenarioDef;
  upstream: VendorKind;
  proxyUrl: string;
  proxyKey: string;
  vendor: FakeVendor;
  trap: NetTrap;
  /** unique per case: appears in what the vendor answers, so the client's output proves the path */
  marker: string;
  /** contents of a file in `work` the tool scenarios read */
  secret: string;
  secretPath: string;
  /** the reasoning signature the vendor hands out in this case */
  signature: string;
  home: string;
  work: string;
  timeoutMs: number;
  /** Filled by the client run: what it printed (SDK cases: a JSON transcript). */
  out: { command?: string; stdout: string; stderr: string; exitCode?: number | null; ms?: number };
  /** Hosts outside loopback the client tried (from the net trap). */
  outsideHosts: string[];
  notes: string[];
}

export interface ScenarioDef {
  name: string;
  timeoutMs?: number;
  /** Whether the proxy must call the upstream (false: e.g. the model list, answered by the proxy). */
  upstreamCalled?: boolean;
  /** Runs against every upstream kind even without translation (the proxy answers it itself). */
  translationFree?: boolean;
  /** The model the upstream must have received (default: the exact-mapped model). */
  expectModel?: (up: VendorKind) => string;
  script(ctx: CaseCtx): Script;
  /** Runs the client; throws when what the client printed/returned is wrong. */
  run(ctx: CaseCtx): Promise<void>;
  /** Extra checks on what the vendor received. */
  checkUpstream?(ctx: CaseCtx): void;
}

export interface ClientDef {
  /** name in the table and for CLIENTS_ONLY */
  name: string;
  /** other CLIENTS_ONLY names that select it (e.g. "sdk", "cli", "gemini") */
  aliases: string[];
  dialect: ClientDialect;
  pin: PinName;
  scenarios: ScenarioDef[];
  /** Outside hosts the client tries even with every quiet switch on, refused by the net trap without harm (noted, not failed). */
  tolerateHosts?: { host: RegExp; why: string }[];
}

export interface CaseResult {
  client: string;
  upstream: VendorKind;
  scenario: string;
  status: 'pass' | 'fail' | 'skip';
  ms: number;
  reason?: string;
  notes?: string[];
}

export function translationEnabled(env = process.env): boolean {
  const v = env.CLIENTS_TRANSLATION;
  return v === undefined || v === '' ? TRANSLATION_DEFAULT : v === '1' || v === 'true';
}

/** CLIENTS_ONLY=claude,codex (names or aliases); CLIENTS_UPSTREAMS=openai,gemini; CLIENTS_SCENARIOS=text,tool. */
export function selected(env = process.env) {
  const list = (v?: string) => (v ? v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : undefined);
  const only = list(env.CLIENTS_ONLY);
  const ups = list(env.CLIENTS_UPSTREAMS);
  const scns = list(env.CLIENTS_SCENARIOS);
  return {
    client: (c: ClientDef) => !only || only.includes(c.name) || c.aliases.some((a) => only.includes(a)),
    upstream: (u: VendorKind) => !ups || ups.includes(u),
    scenario: (s: ScenarioDef) => !scns || scns.includes(s.name),
  };
}
