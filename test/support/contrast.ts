/**
 * WCAG 2.x contrast from CSS colour strings as getComputedStyle returns them: `rgb()`, `rgba()`
 * and `color(srgb r g b / a)` (what Chromium reports for color-mix()). Semi-transparent colours
 * are alpha-composited over what lies beneath, nearest layer first, as the browser paints them.
 */

export interface Rgba { r: number; g: number; b: number; a: number }

/** Parses a computed colour; channels 0–255, alpha 0–1. Throws on anything else (a test must not guess). */
export function parseCssColor(css: string): Rgba {
  const s = css.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const nums = (body: string) => body.split(/[\s,/]+/).filter(Boolean).map((x) => (x.endsWith('%') ? Number(x.slice(0, -1)) / 100 : Number(x)));
  let m = /^rgba?\((.*)\)$/.exec(s);
  if (m) {
    const [r, g, b, a = 1] = nums(m[1]!);
    if ([r, g, b, a].some((v) => v === undefined || Number.isNaN(v))) throw new Error(`unparsable colour: ${css}`);
    return { r: r!, g: g!, b: b!, a };
  }
  m = /^color\(srgb\s+(.*)\)$/.exec(s);
  if (m) {
    const [r, g, b, a = 1] = nums(m[1]!);
    if ([r, g, b, a].some((v) => v === undefined || Number.isNaN(v))) throw new Error(`unparsable colour: ${css}`);
    return { r: r! * 255, g: g! * 255, b: b! * 255, a };
  }
  throw new Error(`unsupported colour syntax: ${css}`);
}

/** `top` painted over an opaque-or-not `bottom` (source-over). */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

/** Layers from the element outwards (its own background first, the page last) flattened to one opaque colour. */
export function flatten(layers: readonly Rgba[], base: Rgba = { r: 255, g: 255, b: 255, a: 1 }): Rgba {
  let out = base;
  for (const layer of [...layers].reverse()) out = composite(layer, out);
  return { ...out, a: 1 };
}

export function relativeLuminance(c: Rgba): number {
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** Contrast ratio (1–21) of text `fg` (composited over `bg` if translucent) on an opaque `bg`. */
export function contrastRatio(fg: Rgba, bg: Rgba): number {
  const text = fg.a < 1 ? composite(fg, bg) : fg;
  const [hi, lo] = [relativeLuminance(text), relativeLuminance(bg)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
