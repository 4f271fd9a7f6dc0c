import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartGeometry } from '../../../src/shared/usage-chart';

const fmt = (d: string) => d;

test('axis labels for the HTML axis: scale top and first/last day; none on an empty chart', () => {
  const g = chartGeometry({ days: ['2025-01-01', '2025-01-02'], input: [1000, 500], output: [500, 0], requests: [1, 1], max: 1500 }, fmt);
  assert.deepEqual(g.axis, { max: '1.5k', first: '2025-01-01', last: '2025-01-02' });
  const empty = chartGeometry({ days: ['2025-01-01'], input: [0], output: [0], requests: [0], max: 0 }, fmt);
  assert.deepEqual(empty.axis, { first: '2025-01-01' });
});
