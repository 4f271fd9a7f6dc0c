import { randomBytes } from 'node:crypto';

/** Random id with a vendor-looking prefix (`msg_`, `chatcmpl-`, `resp_`, `toolu_`, `call_`). */
export function newId(prefix: string, bytes = 12): string {
  return prefix + randomBytes(bytes).toString('hex');
}

/**
 * Gemini has no tool-call ids. Ids are synthesized deterministically from the call's
 * position so the same history always yields the same ids (stable across turns).
 */
export function geminiCallId(name: string, ordinal: number): string {
  return `call_${ordinal}_${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
