import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TelemetrySection } from '../core/config';
import type { Logger } from '../core/logger';
import { VERSION } from '../core/version';
import type { Monitor, RequestRecord } from '../monitor/types';
import type { OtelSink, OtelSinkOptions } from './otel-entry';
import { recordSpans } from './spans';

/** Live OpenTelemetry export of finished monitor records (issue 20). */
export interface Telemetry {
  /** Applies a changed `telemetry` section: starts, restarts or stops the exporter. */
  update(section: TelemetrySection | undefined): void;
  /** Exports what is pending (tests, stop). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Bundled builds load `otel.js` beside them (its own esbuild bundle; the SDK is external to
 * core.js and cli.js); from source (tests, tsx) the entry itself is required. Only when enabled.
 */
function loadSink(opts: OtelSinkOptions): OtelSink {
  const bundled = join(__dirname, 'otel.js');
  const entry = (existsSync(bundled) ? require(bundled) : require('./otel-entry')) as { createOtelSink(o: OtelSinkOptions): OtelSink };
  return entry.createOtelSink(opts);
}

const same = (a: TelemetrySection | undefined, b: TelemetrySection | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Spans are built from the monitor's finished records (its batched subscription), so the request
 * path pays nothing: with telemetry off there is no subscriber and the SDK is never loaded.
 * Records exist only while the monitor records; content only from what it captured.
 */
export function createTelemetry(monitor: Monitor | undefined, section: TelemetrySection | undefined, logger: Logger): Telemetry {
  let current: TelemetrySection | undefined;
  let sink: OtelSink | undefined;
  let unsubscribe: (() => void) | undefined;

  function stop(): Promise<void> {
    unsubscribe?.();
    unsubscribe = undefined;
    const s = sink;
    sink = undefined;
    return s ? s.shutdown().catch((err: unknown) => logger.warn(`telemetry: ${String(err)}`)) : Promise.resolve();
  }

  function start(sec: TelemetrySection): void {
    if (!monitor) return;
    try {
      sink = loadSink({ endpoint: sec.endpoint, headers: sec.headers, serviceName: sec.serviceName ?? 'antigravity-proxy', serviceVersion: VERSION });
    } catch (err) {
      logger.warn(`telemetry: could not start the OpenTelemetry exporter: ${String(err)}`);
      return;
    }
    const s = sink;
    const content = sec.captureContent === true;
    unsubscribe = monitor.subscribe((batch: RequestRecord[]) => {
      for (const r of batch) s.emit(recordSpans(r, content));
    });
  }

  function update(next: TelemetrySection | undefined): void {
    const wanted = next?.enabled ? next : undefined;
    if (same(wanted, current)) return;
    void stop();
    current = wanted;
    if (wanted) start(wanted);
  }

  update(section);
  return {
    update,
    flush: () => (sink ? sink.flush().catch((err: unknown) => logger.warn(`telemetry: ${String(err)}`)) : Promise.resolve()),
    close: () => {
      current = undefined;
      return stop();
    },
  };
}
