import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runStage } from '../../../../src/translate/codecs/shared/stage';
import { decodeSse, SseDecoder, type SseEvent } from '../../../../src/translate/sse/decode-sse';

const FIXTURE =
  '\uFEFF: a comment line\n' +
  'event: message_start\n' +
  'data: {"text":"Grüße 👋 日本"}\n\n' +
  'id: 7\r\n' +
  'data: line one\r\n' +
  'data: line two\r\n\r\n' +
  'event: ping\r' +
  'data:no-space\r\r' +
  'retry: 3000\n' +
  'data\n' +
  'unknown: field\n\n' +
  'data: [DONE]'; // no final blank line

const EXPECTED: SseEvent[] = [
  { event: 'message_start', data: '{"text":"Grüße 👋 日本"}' },
  { id: '7', data: 'line one\nline two' },
  { event: 'ping', id: '7', data: 'no-space' },
  { id: '7', retry: 3000, data: '' },
  { id: '7', data: '[DONE]' },
];

const bytes = new TextEncoder().encode(FIXTURE);

function decodeChunks(chunks: Uint8Array[]): SseEvent[] {
  return runStage(new SseDecoder(), chunks);
}

describe('SSE decoder', () => {
  it('decodes the fixture in one chunk', () => {
    assert.deepEqual(decodeChunks([bytes]), EXPECTED);
  });

  it('gives the same events when split at every byte offset (also inside UTF-8 sequences and \\r\\n)', () => {
    for (let i = 0; i <= bytes.length; i++) {
      assert.deepEqual(decodeChunks([bytes.subarray(0, i), bytes.subarray(i)]), EXPECTED, `split at ${i}`);
    }
  });

  it('gives the same events at every pair of split points', () => {
    for (let i = 0; i <= bytes.length; i += 3) {
      for (let j = i; j <= bytes.length; j += 5) {
        assert.deepEqual(decodeChunks([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]), EXPECTED, `split at ${i},${j}`);
      }
    }
  });

  it('ASCII chunks first, then a U+FEFF at the start of a later chunk: kept (only a BOM at the stream start goes)', () => {
    const enc = new TextEncoder();
    const events = decodeChunks([enc.encode('data: a\n\ndata: '), enc.encode('\uFEFFb é\n\n'), enc.encode('data: c\n\n')]);
    assert.deepEqual(events, [{ data: 'a' }, { data: '\uFEFFb é' }, { data: 'c' }]);
  });

  it('one byte at a time', () => {
    const chunks = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    assert.deepEqual(decodeChunks(chunks), EXPECTED);
  });

  it('does not dispatch an event without data, nor a trailing comment', () => {
    assert.deepEqual(decodeChunks([new TextEncoder().encode('event: x\n\n: keep-alive\n\n')]), []);
  });

  it('works as a TransformStream', async () => {
    const ts = decodeSse();
    const w = ts.writable.getWriter();
    const out: SseEvent[] = [];
    const reading = (async () => {
      const r = ts.readable.getReader();
      for (;;) {
        const x = await r.read();
        if (x.done) return;
        out.push(x.value);
      }
    })();
    for (let i = 0; i < bytes.length; i += 11) await w.write(bytes.subarray(i, i + 11));
    await w.close();
    await reading;
    assert.deepEqual(out, EXPECTED);
  });
});
