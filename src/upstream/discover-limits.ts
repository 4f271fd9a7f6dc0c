import type { Dispatcher } from 'undici';
import { request } from './client/undici-request';
import type { AccountConfig } from '../core/config';
import { isInProcessKind } from '../core/config';
import { limitsFromGemini, limitsFromOpenAI, type LearnedLimits } from './model-catalog';
import { providerOf } from './providers/registry';

/** A vendor's list is read at most this often per account. */
const REFRESH_MS = 10 * 60_000;
/** A list that takes longer is not waited for (the catalog answers with what it knows). */
const TIMEOUT_MS = 3000;
const MAX_LIST_BYTES = 8 * 1024 * 1024;

/**
 * Reads the models lists of the `gemini` and `openai` accounts (their providers' `modelsProbe`)
 * and records the limits they report into `learned`: Gemini `inputTokenLimit` /
 * `outputTokenLimit`, OpenAI-compatible `context_length` (OpenRouter, vLLM `max_model_len`).
 * At most once per account every 10 minutes, each list within 3 s; failures are ignored (the
 * built-in catalog and the config still answer). Called when a client lists models.
 */
export function createLimitsDiscovery(learned: LearnedLimits, now: () => number = Date.now) {
  const lastRead = new Map<string, number>();
  return async function discover(accounts: readonly AccountConfig[], dispatcher: Dispatcher | undefined): Promise<void> {
    const due = accounts.filter((a) => a.enabled && !isInProcessKind(a.kind) && (a.kind === 'gemini' || a.kind === 'openai') && a.apiKey !== undefined)
      .filter((a) => {
        const key = `${a.id}\u0000${a.baseUrl ?? ''}`;
        const at = lastRead.get(key);
        if (at !== undefined && now() - at < REFRESH_MS) return false;
        lastRead.set(key, now());
        return true;
      });
    await Promise.all(due.map((a) => readList(a, learned, dispatcher).catch(() => undefined)));
  };
}

async function readList(a: AccountConfig, learned: LearnedLimits, dispatcher: Dispatcher | undefined): Promise<void> {
  const p = providerOf(a.kind);
  const probe = p.modelsProbe(a.baseUrl || p.defaultBaseUrl, a.apiKey ?? '');
  if (!probe) return;
  const res = await request(probe.url, { method: 'GET', headers: probe.headers, dispatcher, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (res.statusCode !== 200) {
    await res.body.dump();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res.body) {
    size += (c as Buffer).byteLength;
    if (size > MAX_LIST_BYTES) return;
    chunks.push(c as Buffer);
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { models?: unknown[]; data?: unknown[] };
  const entries = a.kind === 'gemini'
    ? (body.models ?? []).map((m) => limitsFromGemini(m as Parameters<typeof limitsFromGemini>[0]))
    : (body.data ?? []).map((m) => limitsFromOpenAI(m as Parameters<typeof limitsFromOpenAI>[0]));
  for (const e of entries) if (e) learned.learn(e[0], e[1]);
}
