import type { Dialect } from '../core/dialect';
import type { IrUsage } from '../translate/ir';
import { CODECS } from '../translate/codecs/registry';
import type { TokenUsage } from './types';

/**
 * Meters a byte stream without buffering it: bytes are forwarded first, untouched, then
 * scanned. SSE streams are split into lines and only `data:` lines containing `"usage` are
 * parsed; anything else (a JSON body, Gemini's JSON-array stream) is searched for the usage
 * key, whose object is cut out by brace matching and parsed on its own. What is found is mapped
 * by the dialect's codec (`Codec.usageOf`), the mapping the decoders use: passthrough and
 * translated requests count tokens alike.
 */

/** The codec's usage (IR names) in the monitor's names; cache-write tokens are part of the input only. */
export function tokenUsage(u: Partial<IrUsage> | undefined): TokenUsage | undefined {
  if (!u) return undefined;
  const out: TokenUsage = {};
  if (u.inputTokens !== undefined) out.inputTokens = u.inputTokens;
  if (u.outputTokens !== undefined) out.outputTokens = u.outputTokens;
  if (u.cachedInputTokens !== undefined) out.cachedTokens = u.cachedInputTokens;
  if (u.reasoningTokens !== undefined) out.reasoningTokens = u.reasoningTokens;
  if (u.cacheCreationInputTokens) out.cacheWriteTokens = u.cacheCreationInputTokens;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A partial SSE line or usage object longer than this is abandoned (never buffered further). */
const MAX_PENDING_CHARS = 1 << 20;
const MAX_USAGE_OBJECT_CHARS = 64 * 1024;

export interface UsageScanner {
  push(chunk: Uint8Array | string): void;
  end(): void;
}

type Mode = 'detect' | 'sse' | 'json';

export function createUsageScanner(dialect: Dialect, onUsage: (usage: TokenUsage) => void): UsageScanner {
  const decoder = new TextDecoder();
  const codec = CODECS[dialect];
  const key = `"${codec.usageField}"`;
  let mode: Mode = 'detect';
  let buf = '';
  /** SSE: the current line overflowed; skip to the next newline. */
  let skipping = false;

  const emit = (u: Partial<IrUsage> | undefined): void => {
    const t = tokenUsage(u);
    if (t) onUsage(t);
  };

  function sseLine(line: string): void {
    if (!line.startsWith('data:') || !line.includes('"usage')) return;
    try {
      emit(codec.usageOf(JSON.parse(line.slice(5))));
    } catch {
      // Not JSON (or a malformed chunk): metering is best-effort, the bytes already went out.
    }
  }

  function scanSse(): void {
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
      if (skipping) skipping = false;
      else sseLine(buf.charCodeAt(nl - 1) === 13 ? buf.slice(start, nl - 1) : buf.slice(start, nl));
      start = nl + 1;
    }
    buf = buf.slice(start);
    if (buf.length > MAX_PENDING_CHARS) {
      buf = '';
      skipping = true;
    }
  }

  /** End index (exclusive) of the JSON object starting at `from`, or -1 when incomplete. */
  function objectEnd(from: number): number {
    let depth = 0;
    let inString = false;
    for (let i = from; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inString) {
        if (c === 92) i++; // backslash: skip the escaped char
        else if (c === 34) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123) depth++;
      else if (c === 125 && --depth === 0) return i + 1;
    }
    return -1;
  }

  function skipWs(i: number): number {
    while (i < buf.length && /\s/.test(buf[i]!)) i++;
    return i;
  }

  function keepFrom(at: number): void {
    buf = buf.slice(at);
  }

  function scanJson(): void {
    for (;;) {
      const at = buf.indexOf(key);
      if (at === -1) {
        // Keep just enough to recognise a key split across chunks.
        buf = buf.slice(Math.max(0, buf.length - key.length - 1));
        return;
      }
      if (at > 0 && buf.charCodeAt(at - 1) === 92) {
        buf = buf.slice(at + key.length); // an escaped quote: the key is text inside a string
        continue;
      }
      const colon = skipWs(at + key.length);
      if (colon === buf.length) return keepFrom(at); // wait for the colon
      if (buf[colon] !== ':') {
        buf = buf.slice(colon); // a string value "usage", not a key
        continue;
      }
      const valueAt = skipWs(colon + 1);
      if (valueAt === buf.length) return keepFrom(at); // wait for the value
      if (buf[valueAt] !== '{') {
        buf = buf.slice(valueAt); // null or another value
        continue;
      }
      const end = objectEnd(valueAt);
      if (end === -1) {
        if (buf.length - valueAt > MAX_USAGE_OBJECT_CHARS) buf = buf.slice(valueAt + 1);
        else return keepFrom(at); // wait for the rest of the object
        continue;
      }
      try {
        emit(codec.usageOf({ [codec.usageField]: JSON.parse(buf.slice(valueAt, end)) }));
      } catch {
        // best-effort
      }
      buf = buf.slice(end);
    }
  }

  function scan(text: string): void {
    buf += text;
    if (mode === 'detect') {
      const first = /\S/.exec(buf);
      if (!first) return;
      mode = '{['.includes(first[0]) ? 'json' : 'sse';
    }
    if (mode === 'sse') scanSse();
    else scanJson();
  }

  return {
    push(chunk) {
      scan(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      scan(decoder.decode());
      if (mode === 'sse' && buf.length > 0 && !skipping) sseLine(buf.replace(/\r$/, ''));
      buf = '';
    },
  };
}

/**
 * A pass-through TransformStream that reports usage found in the bytes. Output bytes are the
 * input chunks themselves, enqueued before any scanning. Scanner failures never reach the stream.
 */
export function createUsageTap(dialect: Dialect, onUsage: (usage: TokenUsage) => void): TransformStream<Uint8Array, Uint8Array> {
  let scanner: UsageScanner | undefined = createUsageScanner(dialect, onUsage);
  const guard = (fn: () => void): void => {
    try {
      fn();
    } catch {
      scanner = undefined; // stop metering, keep streaming
    }
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      const s = scanner;
      if (s) guard(() => s.push(chunk));
    },
    flush() {
      const s = scanner;
      if (s) guard(() => s.end());
    },
  });
}
