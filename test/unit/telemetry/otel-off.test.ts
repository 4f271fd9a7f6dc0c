/** Issue 20: telemetry off (the default) loads no OpenTelemetry code, and requests still pass. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerWell, FakeVendor } from '../../fakes/vendor';
import { startProxy } from '../../support/proxy-harness';

const otelLoaded = () => Object.keys(require.cache).some((k) => k.includes('@opentelemetry') || k.includes('otel-entry'));

test('telemetry off: no @opentelemetry module is loaded by a proxy serving requests; turning it on via update() loads it', async () => {
  const vendor = await FakeVendor.start((req, res) => answerWell(req, res));
  const dataDir = mkdtempSync(join(tmpdir(), 'otel-off-'));
  const proxy = await startProxy({ accounts: [{ id: 'o', kind: 'openai', label: 'O', baseUrl: `${vendor.url}/v1`, apiKey: 'sk-test-key', enabled: true }] }, { dataDir });
  try {
    const r = await fetch(`${proxy.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    assert.equal(r.status, 200);
    await r.text();
    assert.equal(otelLoaded(), false, 'the SDK stays unloaded while telemetry is off');
    proxy.server.update({ ...proxy.config, telemetry: { enabled: true, endpoint: 'http://127.0.0.1:9/v1/traces' } });
    assert.equal(otelLoaded(), true, 'enabling loads it (this check keeps the first one honest)');
  } finally {
    await proxy.server.dispose();
    await vendor.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
