import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { EMPTY_QUERY, parseMonitorEvent, parseMonitorRequest } from '../../../src/shared/monitor-protocol';
import { WEBVIEW_STRINGS } from '../../../src/shared/webview-strings';

test('well-formed monitor requests pass; everything else is dropped', () => {
  assert.deepEqual(parseMonitorRequest({ kind: 'query', query: { ...EMPTY_QUERY, text: 'x', extra: 1 } }), { kind: 'query', query: { ...EMPTY_QUERY, text: 'x' } });
  assert.deepEqual(parseMonitorRequest({ kind: 'detail', id: 'abc' }), { kind: 'detail', id: 'abc' });
  assert.deepEqual(parseMonitorRequest({ kind: 'usage', days: 30, groupBy: 'account' }), { kind: 'usage', days: 30, groupBy: 'account' });
  assert.deepEqual(parseMonitorRequest({ kind: 'exportCsv', what: 'usage' }), { kind: 'exportCsv', what: 'usage' });
  assert.deepEqual(parseMonitorRequest({ kind: 'setPaused', paused: true }), { kind: 'setPaused', paused: true });
  assert.deepEqual(parseMonitorRequest({ kind: 'clear', usage: true }), { kind: 'clear' });
  for (const bad of [
    undefined, null, 'query', [], { kind: 'query' }, { kind: 'query', query: { ...EMPTY_QUERY, errorsOnly: 'yes' } },
    { kind: 'query', query: { ...EMPTY_QUERY, text: 'x'.repeat(501) } }, { kind: 'detail', id: '' }, { kind: 'detail', id: 5 },
    { kind: 'usage', days: 8, groupBy: 'day' }, { kind: 'usage', days: 7, groupBy: 'week' }, { kind: 'exportCsv', what: 'all' },
    { kind: 'setPaused', paused: 'no' }, { kind: '__proto__' },
  ]) assert.equal(parseMonitorRequest(bad), undefined, JSON.stringify(bad));
});

test('host events are recognised by kind', () => {
  assert.ok(parseMonitorEvent({ kind: 'notice', text: 'x' }));
  assert.equal(parseMonitorEvent({ kind: 'other' }), undefined);
  assert.equal(parseMonitorEvent('snapshot'), undefined);
});

test('every literal t(…) of the webview is a localised webview string', () => {
  const dir = new URL('../../../src/webview/', import.meta.url).pathname;
  const known = new Set<string>(WEBVIEW_STRINGS);
  const missing: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const src = readFileSync(dir + f, 'utf8');
    for (const m of src.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) if (!known.has(m[1]!)) missing.push(`${f}: ${m[1]}`);
    // Labels passed to t() through tables ([label, key] pairs and string lists).
    if (f.startsWith('monitor')) for (const m of src.matchAll(/\[\s*'([A-Z][^']*)',\s*'[a-zA-Z]+'/g)) if (!known.has(m[1]!)) missing.push(`${f}: ${m[1]}`);
  }
  assert.deepEqual(missing, []);
});
