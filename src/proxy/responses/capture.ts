import type { ServerResponse } from 'node:http';

type Json = Record<string, unknown>;

/** Answers larger than this are not stored (the client still gets them whole). */
const CAPTURE_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Watches what is written to the client (a copy of every chunk; the response itself is not
 * changed) so that the final Responses object can be stored once the answer is complete,
 * whichever way it was produced: a passthrough, a translation, a stream or one JSON body.
 */
export function tapResponse(res: ServerResponse): { response(): Json | undefined } {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const keep = (c: unknown, enc?: unknown) => {
    if (over || c === undefined || c === null || typeof c === 'function') return;
    const b = typeof c === 'string' ? Buffer.from(c, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8') : Buffer.from(c as Uint8Array);
    size += b.byteLength;
    if (size > CAPTURE_LIMIT_BYTES) {
      over = true;
      chunks.length = 0;
      return;
    }
    chunks.push(b);
  };
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  (res as unknown as { write: (...a: unknown[]) => boolean }).write = (...a: unknown[]) => {
    keep(a[0], a[1]);
    return write(...a);
  };
  (res as unknown as { end: (...a: unknown[]) => ServerResponse }).end = (...a: unknown[]) => {
    keep(a[0], a[1]);
    return end(...a);
  };
  return {
    response() {
      if (over || res.statusCode !== 200) return undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      const type = String(res.getHeader('content-type') ?? '');
      return /event-stream/i.test(type) ? finalFromSse(text) : finalFromJson(text);
    },
  };
}

function finalFromJson(text: string): Json | undefined {
  try {
    const j = JSON.parse(text) as Json;
    return j && j.object === 'response' && typeof j.id === 'string' ? j : undefined;
  } catch {
    return undefined;
  }
}

/** The response object of the stream's terminal event (completed or incomplete; a failed one is not kept). */
export function finalFromSse(text: string): Json | undefined {
  let final: Json | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (!data.startsWith('{') || !/"response\.(completed|incomplete)"/.test(data)) continue;
    try {
      const ev = JSON.parse(data) as Json;
      const r = ev.response as Json | undefined;
      if ((ev.type === 'response.completed' || ev.type === 'response.incomplete') && r && typeof r.id === 'string') final = r;
    } catch {
      // not an event of ours
    }
  }
  return final;
}
