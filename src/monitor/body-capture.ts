import type { RedactText as Redactor } from '../core/redactor';

/** Each captured body is kept up to this many UTF-8 bytes. */
export const BODY_CAP_BYTES = 256 * 1024;
/** Error messages and notes are kept up to this many characters. */
export const MESSAGE_CAP_CHARS = 4096;
/**
 * Extra raw bytes kept beyond the cap so that a secret straddling the cut is still whole when
 * redacted (and then cut away), instead of leaving a recognisable prefix.
 */
const REDACTION_MARGIN = 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export interface CappedText {
  text: string;
  truncated: boolean;
}

/** Collects chunks until `limit` raw bytes; everything beyond is only noted as truncated. */
export class ChunkCollector {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  truncated = false;

  constructor(private readonly limit: number = BODY_CAP_BYTES + REDACTION_MARGIN) {}

  push(chunk: string | Uint8Array): void {
    if (this.bytes >= this.limit) {
      if (chunk.length > 0) this.truncated = true;
      return;
    }
    const room = this.limit - this.bytes;
    // A string never has more UTF-16 units than UTF-8 bytes, so slicing by `room` first is safe.
    const raw = typeof chunk === 'string' ? encoder.encode(chunk.length > room ? chunk.slice(0, room) : chunk) : chunk;
    const part = raw.length > room ? raw.subarray(0, room) : raw;
    if (part.length < raw.length || (typeof chunk === 'string' && chunk.length > room)) this.truncated = true;
    // Copy: the caller may reuse its buffer.
    this.chunks.push(part.slice());
    this.bytes += part.length;
  }

  get size(): number {
    return this.bytes;
  }

  /** Redacted text, cut to `cap` bytes. */
  finish(redact: Redactor, cap: number = BODY_CAP_BYTES): CappedText {
    const all = new Uint8Array(this.bytes);
    let off = 0;
    for (const c of this.chunks) {
      all.set(c, off);
      off += c.length;
    }
    return capText(redact(decoder.decode(all)), cap, this.truncated);
  }
}

/** Cuts `text` to at most `cap` UTF-8 bytes (never inside a character). */
export function capText(text: string, cap: number, alreadyTruncated = false): CappedText {
  if (text.length * 3 <= cap) return { text, truncated: alreadyTruncated };
  const bytes = encoder.encode(text.length > cap ? text.slice(0, cap + 1) : text);
  if (bytes.length <= cap && text.length <= cap) return { text, truncated: alreadyTruncated };
  let end = Math.min(cap, bytes.length);
  // Step back over UTF-8 continuation bytes so the cut is on a character boundary.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return { text: decoder.decode(bytes.subarray(0, end)), truncated: true };
}

/** Redacted text for short fields (messages, notes, paths). */
export function redactShort(text: string | undefined, redact: Redactor, cap = MESSAGE_CAP_CHARS): string | undefined {
  if (text === undefined) return undefined;
  const raw = text.length > cap + REDACTION_MARGIN ? text.slice(0, cap + REDACTION_MARGIN) : text;
  const out = redact(raw);
  return out.length > cap ? out.slice(0, cap) + '…' : out;
}

/** Serialises a body the dispatcher handed over as an object; strings and bytes are kept. */
export function bodyChunk(body: string | Uint8Array | object): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '[unserialisable body]';
  }
}
