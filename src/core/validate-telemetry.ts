import type { TelemetrySection } from './config';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `telemetry` section (issue 20): problems go to `bad` (the one validation, validate-config.ts).
 * An enabled section needs an http(s) endpoint; a disabled one may leave it empty.
 */
export function validateTelemetry(input: unknown, bad: (field: string, rule: string) => void): TelemetrySection | undefined {
  if (!isObj(input)) {
    bad('telemetry', 'must be an object { enabled, endpoint, headers, captureContent, serviceName }');
    return undefined;
  }
  const enabled = input.enabled ?? false;
  if (typeof enabled !== 'boolean') bad('telemetry.enabled', 'must be true or false');
  const endpoint = input.endpoint ?? '';
  if (typeof endpoint !== 'string') bad('telemetry.endpoint', 'must be an OTLP/HTTP traces URL');
  else if (endpoint !== '' || enabled === true) {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(endpoint).protocol);
    } catch {
      ok = false;
    }
    if (!ok) bad('telemetry.endpoint', 'must be an http(s) OTLP/HTTP traces URL, e.g. http://localhost:4318/v1/traces');
  }
  const headers = input.headers ?? {};
  if (!isObj(headers) || !Object.values(headers).every((v) => typeof v === 'string')) bad('telemetry.headers', 'must map header names to string values');
  const captureContent = input.captureContent ?? false;
  if (typeof captureContent !== 'boolean') bad('telemetry.captureContent', 'must be true or false');
  const serviceName = input.serviceName ?? '';
  if (typeof serviceName !== 'string') bad('telemetry.serviceName', 'must be a string');
  const out: TelemetrySection = { enabled: enabled === true, endpoint: typeof endpoint === 'string' ? endpoint : '' };
  if (isObj(headers) && Object.keys(headers).length > 0) out.headers = headers as Record<string, string>;
  if (captureContent === true) out.captureContent = true;
  if (typeof serviceName === 'string' && serviceName.trim() !== '') out.serviceName = serviceName.trim();
  return out;
}
