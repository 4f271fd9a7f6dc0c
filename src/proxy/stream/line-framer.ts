/**
 * Bytes → complete lines, for the passthrough path. Each line keeps its terminator (LF, CRLF or
 * a lone CR), so the lines joined are exactly the input bytes: observers read lines, byte
 * transforms rewrite them, and nothing is lost or re-encoded. Split-safe at every byte: a line
 * cut across chunks is held until its end, and a CR that ends a chunk is held until the next
 * byte says whether an LF follows (CRLF is one terminator, never an empty line).
 *
 * A line longer than `maxLine` bytes (a Gemini JSON-array stream without newlines) is handed
 * on in pieces marked `whole: false`, so the framer never buffers without bound.
 */
export interface LineFramer {
  push(chunk: Uint8Array, onLine: (line: Buffer, whole: boolean) => void): void;
  /** The last line (without terminator), when the input did not end with one. */
  end(onLine: (line: Buffer, whole: boolean) => void): void;
}

const LF = 0x0a;
const CR = 0x0d;

const MAX_LINE_BYTES = 1 << 20;

function asBuffer(c: Uint8Array): Buffer {
  return Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

export function createLineFramer(maxLine = MAX_LINE_BYTES): LineFramer {
  let pending: Buffer | undefined;
  return {
    push(chunk, onLine) {
      if (chunk.byteLength === 0) return;
      const buf = pending ? Buffer.concat([pending, asBuffer(chunk)]) : asBuffer(chunk);
      pending = undefined;
      let start = 0;
      let lf = buf.indexOf(LF);
      let cr = buf.indexOf(CR);
      while (lf >= 0 || cr >= 0) {
        let end: number;
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          if (cr + 1 >= buf.length) break; // a CR at the end: LF or not is told by the next byte
          end = buf[cr + 1] === LF ? cr + 2 : cr + 1;
        } else {
          end = lf + 1;
        }
        onLine(buf.subarray(start, end), true);
        start = end;
        if (lf >= 0 && lf < start) lf = buf.indexOf(LF, start);
        if (cr >= 0 && cr < start) cr = buf.indexOf(CR, start);
      }
      if (start >= buf.length) return;
      const rest = buf.subarray(start);
      if (rest.length > maxLine) onLine(rest, false);
      else pending = Buffer.from(rest); // a copy: the chunk it came from is not kept alive
    },
    end(onLine) {
      const rest = pending;
      pending = undefined;
      if (rest && rest.length > 0) onLine(rest, true);
    },
  };
}
