/**
 * Class brands that hold across bundles. dist/extension.js and dist/core.js each carry their own
 * copy of the error classes, so `instanceof` fails for an error thrown in the other bundle; a
 * `Symbol.for` key is global to the process, so a brand set on one copy's prototype is seen by
 * the other copy's `isInstance`.
 */
export function setBrand(proto: object, brand: symbol): void {
  Object.defineProperty(proto, brand, { value: true, enumerable: false });
}

export function hasBrand(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
}
