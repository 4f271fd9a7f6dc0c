/**
 * Issue 15 item 12: an untrusted workspace could change the shared proxy for every client
 * (`modelMapping`, `monitor.captureBodies`, `monitor.enabled`, `requestTimeoutSeconds`,
 * `scheduling` were not restricted). Now every setting is application-scoped or restricted in
 * untrusted workspaces, and the README lists the choice for each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');
const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
const settings: Record<string, { scope?: string }> = Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: object }) => c.properties));

test('untrusted workspaces are supported only in a limited way', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the settings the issue names are restricted', () => {
  for (const s of ['modelMapping', 'requestTimeoutSeconds', 'scheduling'].map((n) => `antigravity.proxy.${n}`).concat(['antigravity.monitor.captureBodies', 'antigravity.monitor.enabled'])) {
    assert.ok(restricted.includes(s), `${s} is not restricted`);
  }
});

test('every setting is application-scoped or restricted (none a workspace can change unnoticed)', () => {
  const names = Object.keys(settings);
  assert.ok(names.length >= 17, `${names.length} settings`);
  for (const name of names) {
    assert.ok(restricted.includes(name) || settings[name]!.scope === 'application', `${name}: neither restricted nor application-scoped`);
  }
  for (const r of restricted) assert.ok(names.includes(r), `restricted ${r} is not a contributed setting`);
});

test('the README lists the choice for each setting', () => {
  const i = readme.indexOf('### Settings in untrusted workspaces');
  assert.ok(i >= 0, 'README section');
  const section = readme.slice(i, readme.indexOf('\n## ', i));
  for (const name of Object.keys(settings)) {
    const zaiModel = /^antigravity\.zai\.models\.(opus|sonnet|haiku)$/.exec(name);
    const row = section.split('\n').find((l) => l.includes(zaiModel ? '`antigravity.zai.models.opus`' : `\`${name}\``));
    assert.ok(row, `${name} is not in the README table`);
    const app = settings[name]!.scope === 'application';
    const res = restricted.includes(name);
    const expected = app && res ? 'application + restricted' : app ? 'application' : 'restricted';
    assert.equal(row!.split('|')[2]!.trim(), expected, `${name}: README says "${row!.split('|')[2]!.trim()}"`);
  }
});
