import { structuredOutputsOf, type StructuredOutputsMode } from '../../core/config';
import { imageUrlsToFetch } from '../../translate';
import type { InlineImage } from '../../translate/codecs/shared/image-urls';
import { STRUCTURED_OUTPUTS_BETA, adaptAnthropicFormat, anthropicFormatMismatch } from '../../translate/codecs/shared/response-format';
import type { Json } from '../../translate/codecs/shared/json';
import { fetchImage } from '../../upstream/image-fetch';
import type { UpstreamTarget } from '../../upstream/client/upstream-request';
import type { Candidate } from '../../upstream/pool-types';
import type { ClientCall, DispatchServices } from './client-call';

/**
 * Per-account adjustments of the upstream request that the pure codecs cannot decide alone:
 * structured output for Anthropic-wire accounts and images fetched for Gemini.
 */

export interface StructuredPlan {
  /** How the account takes structured output (Anthropic wire only). */
  mode?: StructuredOutputsMode;
  /** An Anthropic body that must go through the IR (tool mode: the answer is mapped back). */
  translate: boolean;
  /** A passthrough body with its format moved to the field the account's vendor takes. */
  adapted?: Json;
}

export function structuredPlan(call: ClientCall, cand: Candidate): StructuredPlan {
  if (cand.wire !== 'anthropic' || call.action !== 'generate') return { translate: false };
  const mode = structuredOutputsOf(cand.account);
  if (call.dialect !== 'anthropic' || !anthropicFormatMismatch(call.body, mode)) return { mode, translate: false };
  const adapted = adaptAnthropicFormat(call.body, mode);
  return adapted ? { mode, translate: false, adapted } : { mode, translate: true };
}

/** A body with the beta `output_format` needs the structured-outputs beta header (added to the client's betas). */
export function withStructuredOutputsBeta(target: UpstreamTarget, body: Json | undefined): UpstreamTarget {
  if (!body || body.output_format === undefined) return target;
  const betas = (target.headers['anthropic-beta'] ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (!betas.includes(STRUCTURED_OUTPUTS_BETA)) betas.push(STRUCTURED_OUTPUTS_BETA);
  return { ...target, headers: { ...target.headers, 'anthropic-beta': betas.join(',') } };
}

/**
 * Fetches the http(s) images a translated request to a Gemini account references (Gemini takes
 * only inline data). Throws ProxyError(invalid_request) naming the URL and why it was refused.
 */
export function fetchInlineImages(call: ClientCall, cand: Candidate, svc: DispatchServices, signal: AbortSignal): Promise<Map<string, InlineImage> | undefined> {
  if (call.action !== 'generate' || cand.wire !== 'gemini') return Promise.resolve(undefined);
  // Once per client call: a second Gemini account (failover) reuses the images.
  let pending = fetchedFor.get(call);
  if (!pending) {
    pending = fetchAll(imageUrlsToFetch(call.dialect, cand.wire, call.body), svc, signal);
    fetchedFor.set(call, pending);
  }
  return pending;
}

const fetchedFor = new WeakMap<ClientCall, Promise<Map<string, InlineImage> | undefined>>();

async function fetchAll(urls: string[], svc: DispatchServices, signal: AbortSignal): Promise<Map<string, InlineImage> | undefined> {
  if (urls.length === 0) return undefined;
  const fetched = await Promise.all(urls.map((u) => fetchImage(u, { ...svc.imageFetch, signal })));
  return new Map(urls.map((u, i) => [u, fetched[i]]));
}
