import { Readable } from 'node:stream';
import type { Dialect } from '../../core/dialect';
import { ProxyError, errorKindForStatus } from '../../core/errors';

/** Past this many bytes without a complete event, stop looking (the stream is not an error). */
const PEEK_LIMIT = 64 * 1024;

const ANTHROPIC_STATUS: Record<string, number> = {
  overloaded_error: 529,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  authentication_error: 401,
  permission_error: 403,
  invalid_request_error: 400,
  request_too_large: 413,
};

/**
 * Vendors answer 200 and then send an error as the very first event (Anthropic's
 * `overloaded_error` is the common case). Nothing has reached the client yet, so that is a
 * failed attempt like any other: the next account is tried (DESIGN §3). Reads up to the first
 * event that is not a ping or comment, and hands back a stream that still starts with every
 * byte read.
 */
export function peekFirstEvent(body: Readable, wire: Dialect, label: string): Promise<{ body: Readable; error?: ProxyError }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let text = '';
    let settled = false;
    const finish = (ended: boolean, error?: ProxyError) => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      const bytes = Buffer.concat(chunks);
      if (ended) return resolve({ body: Readable.from(bytes.length ? [bytes] : []), error });
      body.pause();
      if (bytes.length) body.unshift(bytes);
      resolve({ body, error });
    };
    const onData = (c: Buffer) => {
      chunks.push(c);
      text += c.toString('latin1');
      const block = firstEvent(text);
      if (block !== undefined) finish(false, errorOf(block, wire, label));
      else if (text.length > PEEK_LIMIT) finish(false);
    };
    const onEnd = () => {
      const block = firstEvent(`${text}\n\n`);
      finish(true, block === undefined ? undefined : errorOf(block, wire, label));
    };
    // A failure while peeking is left for the pump to report (the body is handed back as is).
    const onError = () => finish(false);
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
  });
}

/** The first complete SSE event that is not a keep-alive, or undefined when none is complete yet. */
export function firstEvent(text: string): string | undefined {
  const blocks = text.split(/\r?\n\r?\n|\r\r/);
  blocks.pop(); // the last piece is incomplete (or empty)
  for (const block of blocks) {
    const lines = block.split(/\r?\n|\r/).filter((l) => l && !l.startsWith(':'));
    if (lines.length === 0) continue;
    if (lines.some((l) => /^event: ?ping$/.test(l)) || lines.every((l) => /^data: ?\{"type": ?"ping"\}$/.test(l))) continue;
    return lines.join('\n');
  }
  return undefined;
}

function errorOf(block: string, wire: Dialect, label: string): ProxyError | undefined {
  const data = block
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trimStart())
    .join('\n');
  if (!/"error"/.test(data)) return undefined;
  let json: { type?: string; error?: { type?: string; code?: unknown; message?: string; status?: string } };
  try {
    json = JSON.parse(Buffer.from(data, 'latin1').toString('utf8'));
  } catch {
    return undefined;
  }
  const err = json?.error;
  if (!err || typeof err !== 'object') return undefined;
  if (wire === 'anthropic' && !/^event: ?error/m.test(block) && json.type !== 'error') return undefined;
  const status =
    (typeof err.code === 'number' && err.code >= 400 && err.code < 600 ? err.code : undefined) ??
    ANTHROPIC_STATUS[err.type ?? ''] ??
    (err.type === 'rate_limit_exceeded' || err.status === 'RESOURCE_EXHAUSTED' ? 429 : 502);
  return new ProxyError(errorKindForStatus(status), `Upstream ${label}: ${err.message ?? 'error event'}`, { status });
}
