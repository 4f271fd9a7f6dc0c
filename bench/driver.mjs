// Load driver on undici Pool: fixed concurrency, a request budget and/or a time budget,
// per-request latency, and for streams time to first body byte, time to last byte and the
// gaps between body chunks as the client sees them.
import { Pool } from 'undici';
import net from 'node:net';

/** A loopback port the OS just handed out (closed again before use). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const pools = new Map();
export function poolFor(origin, connections) {
  const key = `${origin}|${connections}`;
  let p = pools.get(key);
  if (!p) {
    p = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 120_000, bodyTimeout: 120_000 });
    pools.set(key, p);
  }
  return p;
}
export async function closePools() {
  await Promise.all([...pools.values()].map((p) => p.destroy().catch(() => {})));
  pools.clear();
}

/** One request, whole body as text: for checking that a variant answers what it should. */
export async function fetchOnce(o) {
  const pool = poolFor(o.origin, 1);
  try {
    const res = await pool.request({ method: 'POST', path: o.path, headers: o.headers, body: o.body });
    const text = await res.body.text();
    return { status: res.statusCode, text };
  } catch (err) {
    return { status: 0, text: String(err?.code || err?.message || err) };
  }
}

/**
 * @param {object} o
 * @param {string} o.origin   http://host:port
 * @param {string} o.path
 * @param {Record<string,string>} o.headers
 * @param {Buffer|string} o.body
 * @param {number} o.concurrency
 * @param {number} [o.requests]   stop after this many (default: unlimited within duration)
 * @param {number} [o.durationMs] stop starting new requests after this long
 * @param {number} [o.minRequests] keep going past durationMs until at least this many
 * @param {boolean} [o.stream]    record TTFB / chunk gaps
 */
export async function runLoad(o) {
  const pool = poolFor(o.origin, o.concurrency);
  const lat = [];
  const ttfb = [];
  const gaps = [];
  const chunkCounts = [];
  let errors = 0;
  let firstError;
  let started = 0;
  let bytes = 0;
  const tStart = performance.now();
  const deadline = o.durationMs ? tStart + o.durationMs : Infinity;
  const maxReq = o.requests ?? Infinity;
  const minReq = o.minRequests ?? 1;
  const more = () => started < maxReq && (performance.now() < deadline || started < minReq);

  async function one() {
    const t0 = performance.now();
    let tFirst = 0;
    let tPrev = 0;
    let n = 0;
    try {
      const res = await pool.request({ method: 'POST', path: o.path, headers: o.headers, body: o.body });
      for await (const chunk of res.body) {
        const t = performance.now();
        bytes += chunk.length;
        if (n === 0) tFirst = t;
        else if (o.stream) gaps.push(t - tPrev);
        tPrev = t;
        n++;
      }
      const t1 = performance.now();
      if (res.statusCode >= 400) {
        errors++;
        firstError ??= `${res.statusCode}`;
        return;
      }
      lat.push(t1 - t0);
      if (o.stream) {
        ttfb.push((tFirst || t1) - t0);
        chunkCounts.push(n);
      }
    } catch (err) {
      errors++;
      firstError ??= err?.code || err?.message || String(err);
    }
  }

  const workers = [];
  for (let w = 0; w < o.concurrency; w++) {
    workers.push(
      (async () => {
        while (more()) {
          started++;
          await one();
        }
      })(),
    );
  }
  await Promise.all(workers);
  const elapsed = performance.now() - tStart;
  lat.sort((a, b) => a - b);
  ttfb.sort((a, b) => a - b);
  const gs = gaps.sort((a, b) => a - b);
  return {
    ok: lat.length,
    errors,
    firstError,
    elapsedMs: elapsed,
    rps: lat.length / (elapsed / 1000),
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    ttfbP50: o.stream ? quantile(ttfb, 0.5) : undefined,
    gapMean: o.stream && gs.length ? gs.reduce((a, b) => a + b, 0) / gs.length : undefined,
    gapP99: o.stream ? quantile(gs, 0.99) : undefined,
    chunksPerStream: o.stream ? median(chunkCounts) : undefined,
    bytes,
  };
}
