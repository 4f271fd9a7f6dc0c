/**
 * Minimal arguments for a tool call of the demo upstream: a value that satisfies the tool's
 * JSON schema with as little as possible — required properties only, each filled by its type
 * (const/enum/default first, then the lowest allowed number, the shortest allowed string, the
 * fewest allowed array items). Local `$ref`s (#/$defs/…, #/definitions/…), anyOf/oneOf (the
 * first branch that is not null) and allOf (members merged) are followed. Pure; never throws.
 */
type Schema = Record<string, unknown>;

const isObj = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);
const MAX_DEPTH = 8;

/** The arguments object for a tool whose parameters are `schema` (always an object). */
export function minimalArguments(schema: unknown): Record<string, unknown> {
  const value = sample(isObj(schema) ? schema : {}, isObj(schema) ? schema : {}, 0);
  return isObj(value) ? value : {};
}

function resolveRef(ref: string, root: Schema): Schema {
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = m ? root[m[1]!] : undefined;
  const target = m && isObj(defs) ? defs[decodeURIComponent(m[2]!)] : undefined;
  return isObj(target) ? target : {};
}

/** allOf members merged into one schema (properties and required lists joined). */
function flatten(schema: Schema, root: Schema, depth: number): Schema {
  let s = typeof schema.$ref === 'string' ? { ...resolveRef(schema.$ref, root), ...schema, $ref: undefined } : schema;
  if (Array.isArray(s.allOf) && depth < MAX_DEPTH) {
    const parts = s.allOf.filter(isObj).map((p) => flatten(p, root, depth + 1));
    const merged: Schema = { ...s, allOf: undefined };
    for (const p of parts) {
      const properties = { ...(isObj(merged.properties) ? merged.properties : {}), ...(isObj(p.properties) ? p.properties : {}) };
      const required = [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(p.required) ? p.required : [])];
      Object.assign(merged, { ...p, ...merged, properties, required });
    }
    s = merged;
  }
  return s;
}

function typeOf(s: Schema): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t): t is string => typeof t === 'string' && t !== 'null') ?? (s.type.includes('null') ? 'null' : undefined);
  if (isObj(s.properties) || Array.isArray(s.required)) return 'object';
  if (s.items !== undefined) return 'array';
  return undefined;
}

function sample(input: Schema, root: Schema, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  const s = flatten(input, root, depth);
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const branches = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (branches) {
    const pick = branches.filter(isObj).find((b) => typeOf(flatten(b, root, depth + 1)) !== 'null') ?? branches.find(isObj);
    if (pick) return sample(pick, root, depth + 1);
  }
  switch (typeOf(s)) {
    case 'object': return sampleObject(s, root, depth);
    case 'array': return sampleArray(s, root, depth);
    case 'integer': return sampleNumber(s, true);
    case 'number': return sampleNumber(s, false);
    case 'boolean': return true;
    case 'null': return null;
    case 'string': return sampleString(s);
    default: return 'demo';
  }
}

function sampleObject(s: Schema, root: Schema, depth: number): Record<string, unknown> {
  const props = isObj(s.properties) ? s.properties : {};
  const out: Record<string, unknown> = {};
  for (const name of Array.isArray(s.required) ? s.required : []) {
    if (typeof name !== 'string' || name in out) continue;
    const p = props[name];
    out[name] = sample(isObj(p) ? p : {}, root, depth + 1);
  }
  return out;
}

function sampleArray(s: Schema, root: Schema, depth: number): unknown[] {
  const n = typeof s.minItems === 'number' && s.minItems > 0 ? Math.min(Math.ceil(s.minItems), 16) : 0;
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const item = tuple ? tuple[i] ?? s.additionalItems : s.items;
    out.push(sample(isObj(item) ? item : {}, root, depth + 1));
  }
  return out;
}

function sampleNumber(s: Schema, integer: boolean): number {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const step = integer ? 1 : 0.5;
  let v = num(s.minimum) ?? (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + step : undefined) ?? 1;
  if (integer) v = Math.ceil(v);
  const max = num(s.maximum) ?? (num(s.exclusiveMaximum) !== undefined ? num(s.exclusiveMaximum)! - step : undefined);
  if (max !== undefined && v > max) v = integer ? Math.floor(max) : max;
  const multiple = num(s.multipleOf);
  if (multiple && multiple > 0) v = Math.ceil(v / multiple) * multiple;
  return v;
}

const FORMATS: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  email: 'demo@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
};

function sampleString(s: Schema): string {
  let v = (typeof s.format === 'string' && FORMATS[s.format]) || 'demo';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  while (v.length < min) v += 'o';
  if (typeof s.maxLength === 'number' && v.length > s.maxLength) v = v.slice(0, Math.max(0, s.maxLength));
  return v;
}
