/**
 * Entry of `dist/otel.js` (esbuild.mjs): the official OpenTelemetry SDK and OTLP/HTTP exporter,
 * bundled on their own and required only when telemetry is enabled (src/telemetry/telemetry.ts),
 * so a proxy with telemetry off never loads them.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { SpanSpec } from './spans';

export interface OtelSinkOptions {
  endpoint: string;
  headers?: Record<string, string>;
  serviceName: string;
  serviceVersion: string;
}

export interface OtelSink {
  emit(spec: SpanSpec): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

function start(tracer: Tracer, spec: SpanSpec, parent: ReturnType<Tracer['startSpan']> | undefined): void {
  const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  const span = tracer.startSpan(spec.name, { kind: parent ? SpanKind.CLIENT : SpanKind.SERVER, startTime: spec.startMs, attributes: spec.attributes }, ctx);
  for (const e of spec.events) span.addEvent(e.name, e.attributes, spec.endMs);
  if (spec.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error });
  for (const c of spec.children) start(tracer, c, span);
  span.end(spec.endMs);
}

export function createOtelSink(opts: OtelSinkOptions): OtelSink {
  const exporter = new OTLPTraceExporter({ url: opts.endpoint, headers: opts.headers ?? {} });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName, [ATTR_SERVICE_VERSION]: opts.serviceVersion }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
  });
  // Our own provider, not the global one: the extension host may hold another extension's.
  const tracer = provider.getTracer('antigravity-proxy', opts.serviceVersion);
  return {
    emit: (spec) => start(tracer, spec, undefined),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
