import { isObject, setOwn, type Json } from '../shared/json';

/**
 * JSON Schema → the OpenAPI-3 subset Gemini's `Schema` accepts (function parameters and
 * responseSchema). Gemini rejects unknown keywords, so this is a whitelist:
 * - `$ref` into `$defs`/`definitions` is inlined (recursive references become a plain object);
 * - `type: [T, "null"]` → `type: T, nullable: true`; other unions keep the first type;
 * - `const` → a one-value `enum`; non-string enums become a description note (Gemini enums are strings);
 * - `oneOf` → `anyOf`; a `null` branch becomes `nullable`; a single branch is merged; `allOf` is merged;
 * - formats other than the ones Gemini knows are dropped;
 * - `required` keeps only names that exist in `properties`;
 * - everything else (`$schema`, `additionalProperties`, `default`, `examples`, `if`/`then`, …) is dropped.
 */
const KEEP_NUMBERS = ['minimum', 'maximum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties'];
const FORMATS: Record<string, string[]> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
};
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const MAX_DEPTH = 32;

export function cleanGeminiSchema(schema: unknown): Json {
  const root = isObject(schema) ? schema : {};
  const defs = { ...(isObject(root.definitions) ? root.definitions : {}), ...(isObject(root.$defs) ? root.$defs : {}) };
  return clean(root, defs, new Set(), 0);
}

function resolveRef(ref: string, defs: Json): Json | undefined {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (!m) return undefined;
  const name = decodeURIComponent(m[1]).replace(/~1/g, '/').replace(/~0/g, '~');
  const def = Object.hasOwn(defs, name) ? defs[name] : undefined; // never Object.prototype's members
  return isObject(def) ? def : undefined;
}

function clean(input: Json, defs: Json, seen: Set<string>, depth: number): Json {
  if (depth > MAX_DEPTH) return { type: 'object' };
  const s = input;
  if (typeof s.$ref === 'string') {
    const ref = s.$ref;
    const target = resolveRef(ref, defs);
    if (!target || seen.has(ref)) return withDescription({ type: 'object' }, s.description);
    const { $ref: _drop, ...siblings } = s;
    const inner = clean(target, defs, new Set([...seen, ref]), depth + 1);
    return { ...inner, ...clean(siblings, defs, seen, depth + 1) };
  }
  if (Array.isArray(s.allOf)) {
    const merged: Json = {};
    for (const part of s.allOf) if (isObject(part)) mergeInto(merged, clean(part, defs, seen, depth + 1));
    const { allOf: _a, ...rest } = s;
    mergeInto(merged, clean(rest, defs, seen, depth + 1));
    return merged;
  }

  const out: Json = {};
  let nullable = s.nullable === true;
  let type: string | undefined;
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t): t is string => typeof t === 'string');
    if (types.includes('null')) nullable = true;
    type = types.find((t) => t !== 'null');
  } else if (typeof s.type === 'string' && s.type !== 'null') {
    type = s.type;
  } else if (s.type === 'null') {
    nullable = true;
  }

  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (union) {
    const branches: Json[] = [];
    for (const b of union) {
      if (!isObject(b)) continue;
      if (b.type === 'null') nullable = true;
      else branches.push(clean(b, defs, seen, depth + 1));
    }
    if (branches.length === 1 && type === undefined) {
      Object.assign(out, branches[0]);
      type = typeof out.type === 'string' ? out.type : undefined;
    } else if (branches.length > 1) {
      out.anyOf = branches;
    }
  }

  let description = typeof s.description === 'string' ? s.description : (out.description as string | undefined);
  if (type === undefined && out.anyOf === undefined) type = inferType(s);
  if (type !== undefined && TYPES.has(type)) out.type = type;
  if (typeof s.title === 'string') out.title = s.title;

  if (s.const !== undefined) {
    if (typeof s.const === 'string') {
      out.enum = [s.const];
      out.type = 'string';
    } else {
      description = appendNote(description, `Must be ${JSON.stringify(s.const)}.`);
    }
  }
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v) => v !== null);
    if (s.enum.includes(null)) nullable = true;
    if (values.every((v) => typeof v === 'string')) {
      out.enum = values;
      out.type = 'string';
    } else {
      description = appendNote(description, `Allowed values: ${values.map((v) => JSON.stringify(v)).join(', ')}.`);
    }
  }
  if (typeof s.format === 'string' && typeof out.type === 'string' && FORMATS[out.type]?.includes(s.format)) out.format = s.format;
  for (const k of KEEP_NUMBERS) if (typeof s[k] === 'number') out[k] = s[k];
  if (typeof s.pattern === 'string' && out.type === 'string') out.pattern = s.pattern;

  if (isObject(s.properties)) {
    const props: Json = {};
    // Property names are the client's: define, never assign (`__proto__` keeps its schema).
    for (const [name, sub] of Object.entries(s.properties)) setOwn(props, name, isObject(sub) ? clean(sub, defs, seen, depth + 1) : {});
    out.properties = props;
    if (out.type === undefined && out.anyOf === undefined) out.type = 'object';
    const required = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string' && Object.hasOwn(props, r)) : [];
    if (required.length) out.required = required;
  }
  if (s.items !== undefined) {
    const items = Array.isArray(s.items) ? s.items[0] : s.items; // tuple → first element schema
    out.items = isObject(items) ? clean(items, defs, seen, depth + 1) : {};
  } else if (out.type === 'array') {
    out.items = {};
  }
  if (description) out.description = description;
  if (nullable) out.nullable = true;
  return out;
}

function inferType(s: Json): string | undefined {
  if (isObject(s.properties)) return 'object';
  if (s.items !== undefined) return 'array';
  if (typeof s.const === 'string') return 'string';
  return undefined;
}

function appendNote(description: string | undefined, note: string): string {
  return description ? `${description} ${note}` : note;
}

function withDescription(o: Json, d: unknown): Json {
  return typeof d === 'string' ? { ...o, description: d } : o;
}

function mergeInto(target: Json, src: Json): void {
  for (const [k, v] of Object.entries(src)) {
    if (k === 'properties' && isObject(target.properties) && isObject(v)) target.properties = { ...target.properties, ...v };
    else if (k === 'required' && Array.isArray(target.required) && Array.isArray(v)) target.required = [...new Set([...target.required, ...v])];
    else if (target[k] === undefined) setOwn(target, k, v);
  }
}
