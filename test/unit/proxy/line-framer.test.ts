import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineFramer } from '../../../src/proxy/stream/line-framer';

/** Frames `input` cut at `cuts` (byte offsets), returning the lines as strings (terminators kept). */
function frame(input: Buffer, cuts: number[], maxLine?: number): { lines: string[]; pieces: boolean[] } {
  const f = createLineFramer(maxLine);
  const lines: string[] = [];
  const pieces: boolean[] = [];
  const on = (l: Buffer, whole: boolean) => {
    lines.push(l.toString('utf8'));
    pieces.push(whole);
  };
  let at = 0;
  for (const c of [...cuts, input.length]) {
    f.push(input.subarray(at, c), on);
    at = c;
  }
  f.end(on);
  return { lines, pieces };
}

const CASES: { name: string; input: string; lines: string[] }[] = [
  { name: 'LF', input: 'event: a\ndata: {"x":"é€"}\n\ndata: [DONE]\n\n', lines: ['event: a\n', 'data: {"x":"é€"}\n', '\n', 'data: [DONE]\n', '\n'] },
  { name: 'CRLF', input: 'event: a\r\ndata: {"x":"é€"}\r\n\r\ndata: [DONE]\r\n\r\n', lines: ['event: a\r\n', 'data: {"x":"é€"}\r\n', '\r\n', 'data: [DONE]\r\n', '\r\n'] },
  { name: 'CR', input: 'event: a\rdata: {"x":"é€"}\r\rdata: [DONE]\r\r', lines: ['event: a\r', 'data: {"x":"é€"}\r', '\r', 'data: [DONE]\r', '\r'] },
  { name: 'mixed, last line unterminated', input: 'a\r\nb\rc\n\r\nd', lines: ['a\r\n', 'b\r', 'c\n', '\r\n', 'd'] },
];

for (const c of CASES) {
  test(`line framer (${c.name}): the same lines whatever the single split point, bytes preserved`, () => {
    const input = Buffer.from(c.input);
    for (let i = 0; i <= input.length; i++) {
      const { lines } = frame(input, [i]);
      assert.deepEqual(lines, c.lines, `split at byte ${i}`);
      assert.equal(Buffer.concat(lines.map((l) => Buffer.from(l))).toString(), c.input);
    }
  });

  test(`line framer (${c.name}): one byte per chunk`, () => {
    const input = Buffer.from(c.input);
    const cuts = Array.from({ length: input.length }, (_, i) => i);
    assert.deepEqual(frame(input, cuts).lines, c.lines);
  });
}

test('line framer: every pair of split points (CRLF held across chunks is one terminator)', () => {
  const input = Buffer.from('x\r\n\r\ny\rz\n');
  const want = ['x\r\n', '\r\n', 'y\r', 'z\n'];
  for (let i = 0; i <= input.length; i++) {
    for (let j = i; j <= input.length; j++) assert.deepEqual(frame(input, [i, j]).lines, want, `splits ${i},${j}`);
  }
});

test('line framer: a CR at the end of a chunk waits for the next byte; at the end of input it is a line end', () => {
  const f = createLineFramer();
  const seen: string[] = [];
  f.push(Buffer.from('a\r'), (l) => seen.push(l.toString()));
  assert.equal(seen.length, 0, 'not yet: an LF may follow');
  f.end((l) => seen.push(l.toString()));
  assert.deepEqual(seen, ['a\r']);
});

test('line framer: an over-long line is handed on in pieces (never buffered without bound)', () => {
  const long = 'x'.repeat(100);
  const { lines, pieces } = frame(Buffer.from(`${long}\nok\n`), [40, 80], 32);
  assert.equal(lines.join(''), `${long}\nok\n`);
  assert.deepEqual(pieces, [false, false, true, true]);
  assert.deepEqual(lines.slice(2), ['x'.repeat(20) + '\n', 'ok\n']);
});
