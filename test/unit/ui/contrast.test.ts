import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composite, contrastRatio, flatten, parseCssColor, relativeLuminance } from '../../support/contrast';

const close = (a: number, b: number, eps = 0.01) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('parses the computed colour syntaxes Chromium returns', () => {
  assert.deepEqual(parseCssColor('rgb(59, 59, 59)'), { r: 59, g: 59, b: 59, a: 1 });
  assert.deepEqual(parseCssColor('rgba(0, 0, 0, 0)'), { r: 0, g: 0, b: 0, a: 0 });
  assert.deepEqual(parseCssColor('transparent'), { r: 0, g: 0, b: 0, a: 0 });
  const mixed = parseCssColor('color(srgb 0.2 0.4 1 / 0.14)');
  close(mixed.r, 51); close(mixed.g, 102); close(mixed.b, 255); close(mixed.a, 0.14);
  assert.throws(() => parseCssColor('lab(50 10 10)'), /unsupported/);
  assert.throws(() => parseCssColor('rgb(1, x, 3)'), /unparsable/);
});

test('WCAG reference values: black on white 21:1, equal colours 1:1, #767676 on white ~4.54:1', () => {
  const white = parseCssColor('rgb(255, 255, 255)');
  const black = parseCssColor('rgb(0, 0, 0)');
  close(relativeLuminance(white), 1);
  close(relativeLuminance(black), 0);
  close(contrastRatio(black, white), 21);
  close(contrastRatio(white, black), 21);
  close(contrastRatio(white, white), 1);
  close(contrastRatio(parseCssColor('rgb(118, 118, 118)'), white), 4.54);
  // The light-theme badge: white text on light green (#73c991) is ~2:1, far below 4.5.
  assert.ok(contrastRatio(white, parseCssColor('rgb(115, 201, 145)')) < 2.2);
});

test('translucent layers composite onto what lies beneath, nearest first', () => {
  const red = { r: 255, g: 0, b: 0, a: 0.5 };
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const c = composite(red, white);
  close(c.r, 255); close(c.g, 127.5); close(c.b, 127.5); close(c.a, 1);
  // A transparent layer changes nothing; an opaque one hides everything below it.
  const page = { r: 30, g: 30, b: 30, a: 1 };
  assert.deepEqual(flatten([{ r: 0, g: 0, b: 0, a: 0 }, page]), { ...page, a: 1 });
  assert.deepEqual(flatten([{ r: 9, g: 9, b: 9, a: 1 }, page]), { r: 9, g: 9, b: 9, a: 1 });
  // Translucent text is blended before the ratio is taken (lower than the opaque colour's).
  assert.ok(contrastRatio({ r: 0, g: 0, b: 0, a: 0.5 }, white) < contrastRatio({ r: 0, g: 0, b: 0, a: 1 }, white));
});
