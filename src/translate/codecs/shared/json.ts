/** Small, total helpers for reading untrusted JSON bodies. */

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `obj[key] = value` with define semantics: a client key named `__proto__` becomes an own data
 * property (kept, serialised) instead of replacing `obj`'s prototype. Use wherever keys chosen
 * by a client are copied one by one.
 */
export function setOwn(obj: Json, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

export function asObject(v: unknown): Json {
  return isObject(v) ? v : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * A client value for a note or message: strings, numbers and booleans as they are, anything
 * else by its JSON type. Never `String(v)`: an object with a `toString` key that is not a
 * function (`{"toString": 1}`) makes String() throw.
 */
export function shown(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return `${v}`;
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Parses a JSON text; undefined when malformed. */
export function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Tool-call arguments text → object; malformed or non-object text is kept under `_raw`… never thrown. */
export function parseArguments(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  const v = tryParse(text);
  if (isObject(v)) return v;
  return { _raw: text };
}

/** Drops keys whose value is undefined (keeps the wire bodies tidy). */
export function compact<T extends Json>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
