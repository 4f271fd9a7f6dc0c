import { isAscii } from 'node:buffer';
import { type Stage, toTransformStream } from '../codecs/shared/stage';

/** One Server-Sent Event, per the WHATWG event-stream grammar. */
export interface SseEvent {
  /** `event:` field; absent means the default type "message". */
  event?: string;
  /** `data:` lines joined with "\n". */
  data: string;
  id?: string;
  retry?: number;
}

/**
 * Bytes → SSE events. Handles "\n", "\r\n" and "\r" line endings (also a "\r\n" split across
 * chunks), multi-line data, comments, `event`/`id`/`retry` fields, a leading BOM, and chunk
 * boundaries anywhere, including inside a multi-byte UTF-8 character. A final event without
 * the terminating blank line is still dispatched at end of input (upstreams omit it).
 */
export class SseDecoder implements Stage<Uint8Array | string, SseEvent> {
  // ignoreBOM: a BOM is dropped once, at the stream's start, by consume() (the decoder may first see bytes mid-stream).
  private readonly utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  private buffer = '';
  private lastWasCr = false;
  private bomChecked = false;
  private data: string[] = [];
  private hasData = false;
  private eventType: string | undefined;
  private lastId: string | undefined;
  private retry: number | undefined;

  push(chunk: Uint8Array | string, emit: (e: SseEvent) => void): void {
    const text = typeof chunk === 'string' ? chunk : this.decode(chunk);
    this.consume(text, emit);
  }

  /** False while the TextDecoder may hold the start of a UTF-8 sequence cut at a chunk's end. */
  private decoderClean = true;

  /**
   * An ASCII chunk while the decoder holds nothing is its own text (latin1 is a 1:1 view, a
   * copy): most SSE chunks, without the streaming TextDecoder's cost per chunk. Anything else
   * goes through the decoder, which keeps a sequence split between chunks whole.
   */
  private decode(chunk: Uint8Array): string {
    if (this.decoderClean && isAscii(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    this.decoderClean = chunk.byteLength === 0 ? this.decoderClean : chunk[chunk.byteLength - 1]! < 0x80;
    return this.utf8.decode(chunk, { stream: true });
  }

  flush(emit: (e: SseEvent) => void): void {
    this.consume(this.utf8.decode(), emit);
    if (this.buffer.length > 0) {
      this.line(this.buffer, emit);
      this.buffer = '';
    }
    this.dispatch(emit);
  }

  private consume(text: string, emit: (e: SseEvent) => void): void {
    if (!text) return;
    if (!this.bomChecked) {
      this.bomChecked = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // Line ends are found with the native string search (a JS loop over every character was
    // most of this decoder's cost); a CR ending the input is remembered, so a CRLF split
    // across chunks is one line end.
    const n = text.length;
    let start = 0;
    if (this.lastWasCr) {
      // (the previous line was emitted, so the buffer is empty)
      this.lastWasCr = false;
      if (text.charCodeAt(0) === 10 /* \n */) start = 1;
    }
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (lf >= 0 || cr >= 0) {
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        this.line(this.buffer + text.slice(start, cr), emit);
        this.buffer = '';
        start = cr + 1;
        if (start < n) {
          if (text.charCodeAt(start) === 10) start++;
        } else {
          this.lastWasCr = true;
        }
      } else {
        this.line(this.buffer + text.slice(start, lf), emit);
        this.buffer = '';
        start = lf + 1;
      }
      if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    }
    if (start < n) {
      this.buffer += text.slice(start);
      this.lastWasCr = false;
    }
  }

  private line(line: string, emit: (e: SseEvent) => void): void {
    if (line === '') {
      this.dispatch(emit);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return; // comment
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  private dispatch(emit: (e: SseEvent) => void): void {
    if (this.hasData) {
      const ev: SseEvent = { data: this.data.join('\n') };
      if (this.eventType !== undefined && this.eventType !== '') ev.event = this.eventType;
      if (this.lastId !== undefined) ev.id = this.lastId;
      if (this.retry !== undefined) ev.retry = this.retry;
      emit(ev);
    }
    this.data = [];
    this.hasData = false;
    this.eventType = undefined;
    this.retry = undefined;
  }
}

export function decodeSse(): TransformStream<Uint8Array, SseEvent> {
  return toTransformStream<Uint8Array, SseEvent>(new SseDecoder());
}
