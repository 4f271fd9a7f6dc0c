import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { collectUiStrings } from './l10n-strings';

const root = new URL('../../../', import.meta.url).pathname;
const json = (f: string) => JSON.parse(readFileSync(root + f, 'utf8')) as Record<string, string>;

test('every UI string has a German translation with the same placeholders', () => {
  const de = json('l10n/bundle.l10n.de.json');
  const strings = collectUiStrings(root);
  assert.ok(strings.length > 100);
  const missing = strings.filter((s) => !(s in de));
  assert.deepEqual(missing, []);
  for (const s of strings) {
    const ph = (x: string) => (x.match(/\{\d+\}/g) ?? []).sort().join();
    assert.equal(ph(de[s]!), ph(s), `placeholders differ: ${s}`);
  }
});

test('package.nls.de.json translates every manifest key, and the manifest uses only known keys', () => {
  const en = json('package.nls.json');
  const de = json('package.nls.de.json');
  assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort());
  const manifest = readFileSync(root + 'package.json', 'utf8');
  for (const [, key] of manifest.matchAll(/"%([^%"]+)%"/g)) assert.ok(key! in en, `missing nls key ${key}`);
});

test('the manifest declares all issue-5 commands in category Antigravity and the DESIGN §1 settings', () => {
  const pkg = JSON.parse(readFileSync(root + 'package.json', 'utf8'));
  const en = json('package.nls.json');
  const titles = pkg.contributes.commands.map((c: { title: string; category: string }) => {
    assert.equal(en[c.category.slice(1, -1)], 'Antigravity');
    return en[c.title.slice(1, -1)];
  });
  for (const title of ['Start Proxy', 'Stop Proxy', 'Restart Proxy', 'Open API Proxy Panel', 'Check Health', 'Copy Base URL…',
    'Copy Client Setup…', 'Configure Claude Code…', 'Add Account…', 'Remove Account…', 'Enable/Disable Account…', 'Set API Key…',
    'Regenerate API Key', 'Copy API Key', 'Open Proxy Monitor', 'Show Log']) assert.ok(titles.includes(title), title);
  const props = Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: object }) => c.properties));
  assert.equal(props['antigravity.proxy.port'].default, 8045);
  assert.equal(props['antigravity.proxy.port'].minimum, 1024);
  assert.equal(props['antigravity.proxy.port'].maximum, 65535);
  assert.deepEqual(props['antigravity.proxy.authMode'].enum, ['off', 'strict', 'all_except_health', 'auto']);
  assert.equal(props['antigravity.proxy.authMode'].default, 'auto');
  assert.deepEqual(props['antigravity.proxy.scheduling'].enum, ['sticky', 'round-robin', 'fill-first']);
  assert.deepEqual(props['antigravity.zai.dispatchMode'].enum, ['off', 'exclusive', 'pooled', 'fallback']);
  assert.deepEqual(props['antigravity.monitor.captureBodies'].enum, ['none', 'errors', 'all']);
  for (const key of ['proxy.allowLanAccess', 'proxy.autoStart', 'proxy.requestTimeoutSeconds', 'proxy.modelMapping', 'proxy.upstreamProxy',
    'zai.enabled', 'zai.baseUrl', 'zai.models.opus', 'zai.models.sonnet', 'zai.models.haiku', 'monitor.enabled', 'monitor.maxEntries']) {
    assert.ok(props[`antigravity.${key}`], key);
  }
  for (const [key, p] of Object.entries(props)) {
    assert.ok((p as { markdownDescription?: string }).markdownDescription, `${key} has a markdown description`);
    assert.ok(!/apiKey|secret|token/i.test(key), `${key}: no secrets in settings`);
  }
});
