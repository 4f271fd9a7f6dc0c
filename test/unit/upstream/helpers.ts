import { defaultConfig, type AccountConfig, type ProxyConfig } from '../../../src/core/config';
import { ProxyError, errorKindForStatus } from '../../../src/core/errors';
import type { AttemptOutcome, RouteRequest } from '../../../src/upstream/pool-types';

export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);

export function fakeClock(start = T0) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => { t += ms; },
    set: (ms: number) => { t = ms; },
  };
}

export function account(id: string, kind: AccountConfig['kind'] = 'anthropic', extra: Partial<AccountConfig> = {}): AccountConfig {
  return { id, kind, label: `Label ${id}`, apiKey: `key-${id}`, enabled: true, ...extra };
}

export function config(accounts: AccountConfig[], patch: Partial<ProxyConfig> = {}): ProxyConfig {
  return { ...defaultConfig(), accounts, ...patch };
}

export function anthropicRequest(model = 'claude-sonnet-4-5', sessionId?: string, extra: Record<string, unknown> = {}): RouteRequest {
  return {
    clientDialect: 'anthropic',
    clientModel: model,
    headers: sessionId ? { 'x-claude-code-session-id': sessionId } : {},
    body: { model, messages: [{ role: 'user', content: `hello from ${sessionId ?? 'nobody'}` }], ...extra },
  };
}

export function failure(status: number, headers?: Record<string, string>, body?: string): AttemptOutcome {
  return {
    ok: false,
    error: new ProxyError(errorKindForStatus(status), `upstream said ${status}`, { status }),
    headers: headers ? new Headers(headers) : undefined,
    body,
  };
}

export const networkFailure = (): AttemptOutcome => ({ ok: false, error: new ProxyError('bad_gateway', 'socket hang up') });
export const OK: AttemptOutcome = { ok: true };
