import type { ProxySection } from '../../core/config';
import { ProxyError } from '../../core/errors';

/**
 * The proxy's stall watchdog (issue 14). Our keep-alives blind the clients' own stall
 * detection, so the proxy decides when an upstream has stalled, on the upstream's bytes (vendor
 * pings count as life), never on what we wrote:
 * - before the first content: attempt start → first content event (streams) or first body byte
 *   (non-stream) within `firstByteMs`, and no silence between upstream bytes over `idleMs`;
 * - after it: only the silence between upstream bytes.
 * A stall is a ProxyError of kind `timeout`, retryable (before the first content byte reached
 * the client another account is tried; after it the stream ends with an error event).
 */
export interface StallLimits {
  firstByteMs: number;
  idleMs: number;
}

export const DEFAULT_FIRST_BYTE_SECONDS = 120;
export const DEFAULT_IDLE_SECONDS = 90;

/** The limits of one attempt; the first-byte wait is at most requestTimeoutSeconds (the attempt's outer bound until it answers). */
export function stallLimits(proxy: Pick<ProxySection, 'requestTimeoutSeconds' | 'firstByteTimeoutSeconds' | 'idleTimeoutSeconds'>): StallLimits {
  const first = Math.min(proxy.firstByteTimeoutSeconds ?? DEFAULT_FIRST_BYTE_SECONDS, proxy.requestTimeoutSeconds);
  return { firstByteMs: first * 1000, idleMs: (proxy.idleTimeoutSeconds ?? DEFAULT_IDLE_SECONDS) * 1000 };
}

export interface StallWatchdog {
  /** An upstream byte arrived (headers, pings and keep-alives included). */
  touch(): void;
  /** The first content arrived: from now on only silence counts. */
  content(): void;
  /** What happens on a stall (abort the request, destroy the stream); replaces the previous action. */
  onStall(action: (err: ProxyError) => void): void;
  /** The stall error, once one happened. */
  readonly fired: ProxyError | undefined;
  stop(): void;
}

/** Stall errors → the limit that was hit ("120 s"). */
const stalls = new WeakMap<object, string>();

/** True for an error the watchdog raised (its message is final: no deadline rewording). */
export function isStall(err: unknown): boolean {
  return typeof err === 'object' && err !== null && stalls.has(err);
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export interface WatchdogOptions {
  /** When the attempt started (default now). */
  startedAt?: number;
  /** Told of a stall, and whether content had arrived (for the monitor note). */
  onFire?(err: ProxyError, afterContent: boolean): void;
}

export function stallWatchdog(limits: StallLimits, label: string, opts: WatchdogOptions = {}): StallWatchdog {
  const startedAt = opts.startedAt ?? Date.now();
  let lastByte: number | undefined;
  let contentSeen = false;
  let fired: ProxyError | undefined;
  let stopped = false;
  let action: (err: ProxyError) => void = () => {};
  let timer: NodeJS.Timeout | undefined;

  const fire = (err: ProxyError, ms: number) => {
    stalls.set(err, seconds(ms));
    fired = err;
    stop();
    opts.onFire?.(err, contentSeen);
    action(err);
  };
  const check = () => {
    timer = undefined;
    if (stopped) return;
    const now = Date.now();
    if (!contentSeen && now - startedAt >= limits.firstByteMs) {
      return fire(new ProxyError('timeout', `Upstream ${label} stalled: no first content within ${seconds(limits.firstByteMs)} (firstByteTimeoutSeconds).`, { retryable: true }), limits.firstByteMs);
    }
    if (lastByte !== undefined && now - lastByte >= limits.idleMs) {
      return fire(new ProxyError('timeout', `Upstream ${label} stalled: nothing received for ${seconds(limits.idleMs)} (idleTimeoutSeconds).`, { retryable: true }), limits.idleMs);
    }
    arm();
  };
  let timerDue = Infinity;
  /** One timer at the nearest deadline (re-armed when it passes without a stall; moved when a nearer one appears). */
  const arm = () => {
    if (stopped) return;
    const due = Math.min(contentSeen ? Infinity : startedAt + limits.firstByteMs, lastByte === undefined ? Infinity : lastByte + limits.idleMs);
    if (due === Infinity || (timer && timerDue <= due)) return;
    if (timer) clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(check, Math.max(0, due - Date.now()) + 1);
    timer.unref?.();
  };
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  arm();
  return {
    touch() {
      const first = lastByte === undefined;
      lastByte = Date.now();
      if (first) arm();
    },
    content() {
      contentSeen = true;
    },
    onStall(a) {
      action = a;
    },
    get fired() {
      return fired;
    },
    stop,
  };
}

/** Each stall is a monitor note on the request trace ("stalled 120 s on A, served by B"). */
export function noteStall(notes: string[], err: ProxyError, label: string, midStream: boolean): void {
  notes.push(`stalled ${stalls.get(err) ?? ''} on ${label}${midStream ? ' mid-stream (the stream ended with an error event)' : ''}`);
}

/** Completes the notes of earlier stalls once another account answered. */
export function noteServedAfterStall(notes: string[], label: string): void {
  for (let i = 0; i < notes.length; i++) {
    const n = notes[i]!;
    if (n.startsWith('stalled ') && !n.includes(', served by ') && !n.includes('mid-stream')) notes[i] = `${n}, served by ${label}`;
  }
}
