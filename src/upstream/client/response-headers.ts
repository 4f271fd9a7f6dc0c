/**
 * An upstream response's headers as a read-mostly `Headers`, over the object undici parsed
 * (names already lower-case). The WHATWG `Headers` of the runtime costs a validation per
 * header and, on first use, loads Node's own bundled undici (megabytes of heap): for every
 * upstream answer that was measurable (issue 22). Same answers as `Headers` for what the
 * proxy does with them: get / has / forEach / iteration (names sorted, repeated values joined
 * with ", ", set-cookie kept apart), plus set / append / delete.
 */
type Raw = Record<string, string | string[] | undefined>;

export class ResponseHeaders {
  private readonly map = new Map<string, string[]>();

  constructor(raw?: Raw) {
    if (!raw) return;
    for (const k in raw) {
      const v = raw[k];
      if (v === undefined) continue;
      const name = k.toLowerCase();
      const list = Array.isArray(v) ? v.map(norm) : [norm(v)];
      const had = this.map.get(name);
      if (had) had.push(...list);
      else this.map.set(name, list);
    }
  }

  get(name: string): string | null {
    const v = this.map.get(name.toLowerCase());
    return v === undefined ? null : v.join(', ');
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return [...(this.map.get('set-cookie') ?? [])];
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), [norm(String(value))]);
  }

  append(name: string, value: string): void {
    const k = name.toLowerCase();
    const had = this.map.get(k);
    if (had) had.push(norm(String(value)));
    else this.map.set(k, [norm(String(value))]);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  forEach(fn: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this as unknown as Headers);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const k of [...this.map.keys()].sort()) {
      const v = this.map.get(k)!;
      if (k === 'set-cookie') for (const c of v) yield [k, c];
      else yield [k, v.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }
}

/** Leading and trailing HTTP whitespace go, as `Headers` normalises values. */
function norm(v: string): string {
  return /^[\t\n\r ]|[\t\n\r ]$/.test(v) ? v.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '') : v;
}

/** The upstream's raw headers as a `Headers` (see ResponseHeaders). */
export function responseHeaders(raw: Raw): Headers {
  return new ResponseHeaders(raw) as unknown as Headers;
}
