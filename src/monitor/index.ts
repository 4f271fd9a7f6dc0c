/** The Proxy Monitor: records, store, usage totals, usage metering. */
export * from './types';
export { createMonitor, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BODY_BYTES, MONITOR_DIR } from './monitor';
export { NOOP_BUILDER, mergeUsage } from './record-builder';
export { BODY_CAP_BYTES } from './body-capture';
export { toCsv, usageToCsv } from './csv';
export { dayKey, USAGE_RETENTION_DAYS } from './usage-totals';
export { createUsageTap, createUsageScanner, type UsageScanner } from './usage-tap';
