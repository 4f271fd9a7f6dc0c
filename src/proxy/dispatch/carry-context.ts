import type { TranslateContext } from '../../translate';
import { lacksReasoningContent } from '../../translate/codecs/openai-chat/reasoning-content';
import { hasProxySignatures, hasUnsignedGeminiCall, stripForeignReasoning, stripProxySignatures } from '../../translate/codecs/shared/strip-foreign-reasoning';
import { reasoningMemory } from '../../upstream/reasoning-memory';
import { deriveSessionKey } from '../../upstream/session-key';
import type { Candidate } from '../../upstream/pool-types';
import type { ClientCall } from './client-call';

/**
 * The TranslateContext fields of the serving account: reasoning that survives a switch of account
 * (see translate/reasoning-carry.ts) and its prompt-caching option.
 */
export function carryContext(call: ClientCall, cand: Candidate): Pick<TranslateContext, 'accountId' | 'sessionKey' | 'reasoningMemory' | 'promptCaching'> {
  return { accountId: cand.account.id, sessionKey: deriveSessionKey(call.dialect, call.headers, call.body), reasoningMemory, promptCaching: cand.account.promptCaching };
}

/**
 * A same-dialect request that must still be translated: an OpenAI chat body for a thinking
 * OpenAI-compatible vendor whose tool-call history lost `reasoning_content` (see reasoning-content.ts).
 */
export function needsReasoningRepair(call: ClientCall, cand: Candidate): boolean {
  return call.action === 'generate' && call.dialect === 'openai-chat' && cand.wire === 'openai-chat' && lacksReasoningContent(cand.upstreamModel, call.body);
}

/**
 * The body a passthrough sends: history another account wrote loses its reasoning signatures
 * (they would be rejected); otherwise only the proxy's own `ag:` tags (given out on translated
 * turns, foreign to every vendor) go. The client's body itself when nothing changes (sent byte for byte).
 */
export function passthroughBody(call: ClientCall, cand: Candidate): Record<string, unknown> {
  if (cand.stripReasoning) return stripForeignReasoning(call.dialect, call.body);
  const repair = hasProxySignatures(call.raw) || (call.dialect === 'gemini' && hasUnsignedGeminiCall(call.body));
  return repair ? stripProxySignatures(call.dialect, call.body) : call.body;
}
