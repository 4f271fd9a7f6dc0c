/**
 * Headless environment overrides (a fixed contract, DESIGN §6 / issue 2): applied to the raw
 * config object before validation, so a bad value is reported like a bad config field.
 */
type Obj = Record<string, unknown>;
type Env = Record<string, string | undefined>;

export const ENV_ACCOUNTS: { key: string; baseUrl: string; kind: string; id: string }[] = [
  { key: 'GEMINI_API_KEY', baseUrl: 'GEMINI_BASE_URL', kind: 'gemini', id: 'env-gemini' },
  { key: 'ANTHROPIC_API_KEY', baseUrl: 'ANTHROPIC_BASE_URL', kind: 'anthropic', id: 'env-anthropic' },
  { key: 'OPENAI_API_KEY', baseUrl: 'OPENAI_BASE_URL', kind: 'openai', id: 'env-openai' },
  { key: 'ZAI_API_KEY', baseUrl: 'ZAI_BASE_URL', kind: 'zai', id: 'env-zai' },
];

function parseBool(v: string): boolean | string {
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  return v; // left as a string: validation names the field
}

export function applyEnvOverrides(raw: Obj, env: Env): Obj {
  const out: Obj = { ...raw };
  const proxy: Obj = { ...((raw.proxy as Obj | undefined) ?? {}) };
  if (env.ANTIGRAVITY_PORT) proxy.port = /^\d+$/.test(env.ANTIGRAVITY_PORT) ? Number(env.ANTIGRAVITY_PORT) : env.ANTIGRAVITY_PORT;
  if (env.ANTIGRAVITY_API_KEY) proxy.apiKey = env.ANTIGRAVITY_API_KEY;
  if (env.ANTIGRAVITY_AUTH_MODE) proxy.authMode = env.ANTIGRAVITY_AUTH_MODE;
  if (env.ANTIGRAVITY_ALLOW_LAN) proxy.allowLanAccess = parseBool(env.ANTIGRAVITY_ALLOW_LAN);
  out.proxy = proxy;
  // issue 23: team mode from the environment (the URL may carry a password: never put it in a file).
  if (env.ANTIGRAVITY_REDIS_URL) out.state = { ...((raw.state as Obj | undefined) ?? {}), redis: env.ANTIGRAVITY_REDIS_URL };

  const accounts = Array.isArray(raw.accounts) ? [...raw.accounts] : [];
  for (const spec of ENV_ACCOUNTS) {
    const key = env[spec.key];
    if (!key) continue;
    const account: Obj = { id: spec.id, kind: spec.kind, label: `${spec.kind} (env)`, apiKey: key, enabled: true };
    if (env[spec.baseUrl]) account.baseUrl = env[spec.baseUrl];
    const i = accounts.findIndex((a) => (a as Obj)?.id === spec.id);
    if (i >= 0) accounts[i] = account;
    else accounts.push(account);
  }
  out.accounts = accounts;
  return out;
}
