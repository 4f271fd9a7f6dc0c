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
  private readonly utf8 = new TextDecoder('utf-8');
  private buffer = '';
  private lastWasCr = false;
  private bomChecked = false;
  private data: string[] = [];
  private hasData = false;
  private eventType: string | undefined;
  private lastId: string | undefined;
  private retry: number | undefined;

  push(chunk: Uint8Array | string, emit: (e: SseEvent) => void): void {
    const text = typeof chunk === 'string' ? chunk : this.utf8.decode(chunk, { stream: true });
    this.consume(text, emit);
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
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        if (this.lastWasCr && i === start && this.buffer === '') {
          // second half of a \r\n whose \r ended the previous line
          this.lastWasCr = false;
          start = i + 1;
          continue;
        }
        this.line(this.buffer + text.slice(start, i), emit);
        this.buffer = '';
        this.lastWasCr = false;
        start = i + 1;
      } else if (c === 13 /* \r */) {
        this.line(this.buffer + text.slice(start, i), emit);
        this.buffer = '';
        this.lastWasCr = true;
        start = i + 1;
      } else if (this.lastWasCr) {
        this.lastWasCr = false;
      }
    }
    if (start < text.length) {
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
