import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeadersLike } from '../../../src/upstream/cooldown-hints';
import {
  MAX_HINT_MS, msUntilPacificMidnight, parseDuration, parseRetryAfterHeader,
} from '../../../src/upstream/cooldown-hints';
import { PROVIDERS } from '../../../src/upstream/providers/registry';
import { T0 } from './helpers';

const h = (rec: Record<string, string>) => new Headers(rec);
/** The generic header hint (every provider reads it first). */
const header = (headers: HeadersLike | undefined, _body: undefined, now: number) => parseRetryAfterHeader(headers, now);

describe('parseDuration', () => {
  for (const [text, ms] of [['6m0s', 360_000], ['1s', 1000], ['20ms', 20], ['1.5s', 1500], ['37s', 37_000], ['1h2m3s', 3_723_000], ['12', 12_000]] as const) {
    it(`${text} → ${ms} ms`, () => assert.equal(parseDuration(text), ms));
  }
  it('rejects junk', () => {
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration('5x'), undefined);
    assert.equal(parseDuration('5s later'), undefined);
  });
});

describe('cooldown hints (Retry-After, then each provider\'s own)', () => {
  it('Retry-After in seconds', () => assert.equal(header(h({ 'retry-after': '42' }), undefined, T0), 42_000));
  it('Retry-After as an HTTP date', () => {
    const date = new Date(T0 + 90_000).toUTCString();
    assert.equal(header(h({ 'retry-after': date }), undefined, T0), 90_000);
  });
  it('retry-after-ms wins over Retry-After', () => {
    assert.equal(header(h({ 'retry-after-ms': '250', 'retry-after': '9' }), undefined, T0), 250);
  });
  it('accepts a plain header record, any case', () => {
    assert.equal(header({ 'Retry-After': ['7'] }, undefined, T0), 7000);
  });
  it('a date in the past is 0, a date in 10 years is capped', () => {
    assert.equal(header(h({ 'retry-after': new Date(T0 - 5000).toUTCString() }), undefined, T0), 0);
    assert.equal(header(h({ 'retry-after': new Date(T0 + 3e11).toUTCString() }), undefined, T0), MAX_HINT_MS);
  });

  const gemini = (details: unknown[]) => JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'quota', details } });
  it('Gemini RetryInfo.retryDelay "37s" and "1.5s"', () => {
    const retry = (d: string) => ({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: d });
    assert.equal(PROVIDERS.gemini.cooldownHint(undefined, gemini([retry('37s')]), T0), 37_000);
    assert.equal(PROVIDERS.gemini.cooldownHint(h({}), gemini([retry('1.5s')]), T0), 1500);
  });
  it('Gemini error wrapped in an array', () => {
    const body = `[${gemini([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '5s' }])}]`;
    assert.equal(PROVIDERS.gemini.cooldownHint(undefined, body, T0), 5000);
  });
  it('Gemini per-day QuotaFailure waits for the Pacific midnight reset', () => {
    const body = gemini([
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
    ]);
    // T0 is 12:00 UTC = 05:00 PDT → 19 h to midnight
    assert.equal(PROVIDERS.gemini.cooldownHint(undefined, body, T0), 19 * 3_600_000);
    assert.equal(msUntilPacificMidnight(Date.UTC(2025, 0, 15, 8, 0, 0)), 86_400_000); // 00:00 PST exactly
  });
  it('Gemini per-minute QuotaFailure keeps the retry delay', () => {
    const body = gemini([
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' },
    ]);
    assert.equal(PROVIDERS.gemini.cooldownHint(undefined, body, T0), 20_000);
  });
  it('non-JSON body: no hint', () => assert.equal(PROVIDERS.gemini.cooldownHint(undefined, 'Too Many Requests', T0), undefined));

  it('Anthropic reset headers (RFC 3339): the exhausted limit wins', () => {
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const headers = h({
      'anthropic-ratelimit-requests-remaining': '10', 'anthropic-ratelimit-requests-reset': at(50),
      'anthropic-ratelimit-tokens-remaining': '0', 'anthropic-ratelimit-tokens-reset': at(12),
    });
    assert.equal(PROVIDERS.anthropic.cooldownHint(headers, undefined, T0), 12_000);
  });
  it('Anthropic reset headers without remaining: the latest reset', () => {
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const headers = h({ 'anthropic-ratelimit-input-tokens-reset': at(3), 'anthropic-ratelimit-output-tokens-reset': at(8) });
    assert.equal(PROVIDERS.anthropic.cooldownHint(headers, undefined, T0), 8000);
  });
  it('OpenAI x-ratelimit-reset-*', () => {
    assert.equal(PROVIDERS.openai.cooldownHint(h({ 'x-ratelimit-reset-requests': '6m0s' }), undefined, T0), 360_000);
    assert.equal(PROVIDERS.openai.cooldownHint(h({ 'x-ratelimit-reset-tokens': '20ms' }), undefined, T0), 20);
    assert.equal(PROVIDERS.openai.cooldownHint(h({
      'x-ratelimit-reset-requests': '1s', 'x-ratelimit-remaining-requests': '5',
      'x-ratelimit-reset-tokens': '30s', 'x-ratelimit-remaining-tokens': '0',
    }), undefined, T0), 30_000);
  });
  it('Retry-After beats the vendor headers', () => {
    assert.equal(PROVIDERS.openai.cooldownHint(h({ 'retry-after': '3', 'x-ratelimit-reset-tokens': '1m0s' }), undefined, T0), 3000);
  });
  it('nothing: undefined', () => {
    for (const p of Object.values(PROVIDERS)) assert.equal(p.cooldownHint(h({}), '', T0), undefined, p.kind);
  });
});
