import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartGeometry, DEFAULT_LAYOUT } from '../../../src/shared/usage-chart';

const fmt = (day: string, i: string, o: string, r: number) => `${day} ${i}/${o} ${r}`;

test('stacked bars: input stands on the baseline, output on top, tallest day fills the plot', () => {
  const g = chartGeometry({ days: ['2025-01-01', '2025-01-02', '2025-01-03'], input: [100, 0, 1500], output: [50, 0, 500], requests: [2, 0, 9], max: 2000 }, fmt);
  const { height, top, bottom, width } = DEFAULT_LAYOUT;
  const plot = height - top - bottom;
  assert.equal(g.baseline, top + plot);
  assert.equal(g.bars.length, 3);
  const [a, idle, big] = g.bars;
  assert.equal(big!.input.y + big!.input.height, g.baseline);
  assert.equal(big!.output.y, top, 'the max day reaches the top of the plot');
  assert.equal(big!.output.y + big!.output.height, big!.input.y);
  assert.equal(idle!.input.height, 0);
  assert.equal(a!.title, '2025-01-01 100/50 2');
  assert.equal(big!.title, '2025-01-03 1.5k/500 9');
  assert.ok(big!.input.x + big!.input.width <= width);
  assert.ok(a!.input.x + a!.input.width <= idle!.input.x, 'bars do not overlap');
  assert.deepEqual(g.labels.map((l) => l.text), ['2025-01-01', '2025-01-03', '2k']);
  assert.equal(g.empty, false);
});

test('no usage: flat, marked empty, no scale label', () => {
  const g = chartGeometry({ days: ['2025-01-01'], input: [0], output: [0], requests: [0], max: 0 }, fmt);
  assert.equal(g.empty, true);
  assert.deepEqual(g.labels.map((l) => l.text), ['2025-01-01']);
  assert.equal(g.bars[0]!.input.height, 0);
  assert.ok(Number.isFinite(g.bars[0]!.output.y));
});

test('90 days fit the width with visible bars', () => {
  const days = Array.from({ length: 90 }, (_, i) => `d${i}`);
  const g = chartGeometry({ days, input: days.map(() => 1), output: days.map(() => 1), requests: days.map(() => 1), max: 2 }, fmt);
  const lastBar = g.bars.at(-1)!;
  assert.ok(lastBar.input.x + lastBar.input.width <= DEFAULT_LAYOUT.width + 0.01);
  assert.ok(lastBar.input.width >= 0.5);
});
