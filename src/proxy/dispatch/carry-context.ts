import type { TranslateContext } from '../../translate';
import { lacksReasoningContent } from '../../translate/codecs/openai-chat/reasoning-content';
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
