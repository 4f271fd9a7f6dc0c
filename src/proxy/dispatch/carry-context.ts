import type { TranslateContext } from '../../translate';
import { reasoningMemory } from '../../upstream/reasoning-memory';
import { deriveSessionKey } from '../../upstream/session-key';
import type { Candidate } from '../../upstream/pool-types';
import type { ClientCall } from './client-call';

/** The TranslateContext fields that let reasoning survive a switch of account (see translate/reasoning-carry.ts). */
export function carryContext(call: ClientCall, cand: Candidate): Pick<TranslateContext, 'accountId' | 'sessionKey' | 'reasoningMemory'> {
  return { accountId: cand.account.id, sessionKey: deriveSessionKey(call.dialect, call.headers, call.body), reasoningMemory };
}
