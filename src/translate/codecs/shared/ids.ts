import { randomBytes } from 'node:crypto';

/** Random bytes drawn in blocks: one crypto call per ~340 ids instead of one per id. */
const BLOCK = 4096;
let block = Buffer.alloc(0);
let at = 0;

/** Random id with a vendor-looking prefix (`msg_`, `chatcmpl-`, `resp_`, `toolu_`, `call_`). */
export function newId(prefix: string, bytes = 12): string {
  if (bytes > BLOCK) return prefix + randomBytes(bytes).toString('hex');
  if (at + bytes > block.length) {
    block = randomBytes(BLOCK);
    at = 0;
  }
  const hex = block.toString('hex', at, at + bytes);
  at += bytes;
  return prefix + hex;
}

/**
 * Gemini has no tool-call ids. Ids are synthesized deterministically from the call's
 * position so the same history always yields the same ids (stable across turns).
 */
export function geminiCallId(name: string, ordinal: number): string {
  return `call_${ordinal}_${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
