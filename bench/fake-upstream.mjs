// Dependency-free fake LLM upstream for the benchmarks: OpenAI chat completions, Anthropic
// Messages and Gemini generateContent, each as JSON or SSE.
//
// The response shape is chosen by the model name, so it survives any proxy in between
// (passthrough, translation, a peer router) without custom headers:
//   bench                  → small JSON / 1 small chunk
//   bench-n200-d0-s16      → n events (content deltas), d ms between them (fractions allowed,
//                            0 = write back to back), s characters of text per delta
// Defaults can be set on the command line (--chunks, --delay, --size) for requests whose
// model carries no parameters.
//
//   node bench/fake-upstream.mjs [--port 0] [--host 127.0.0.1]
// prints `listening on http://HOST:PORT` when ready.
import http from 'node:http';

const LARGE = 256 * 1024;

export function parseModelParams(model, defaults = {}) {
  const p = { n: defaults.chunks ?? 1, d: defaults.delay ?? 0, s: defaults.size ?? 16 };
  if (typeof model !== 'string') return p;
  for (const m of model.matchAll(/-([nds])(\d+(?:\.\d+)?)/g)) p[m[1]] = Number(m[2]);
  return p;
}

/** Model and stream flag without parsing multi-megabyte bodies: scan head and tail only. */
function sniff(buf) {
  if (buf.length <= LARGE) {
    try {
      const j = JSON.parse(buf.toString('utf8'));
      return { model: j.model, stream: j.stream === true };
    } catch {
      return { model: undefined, stream: false };
    }
  }
  const text = buf.subarray(0, 65536).toString('latin1') + '\n' + buf.subarray(buf.length - 65536).toString('latin1');
  const model = /"model"\s*:\s*"([^"]*)"/.exec(text)?.[1];
  const stream = /"stream"\s*:\s*true/.test(text);
  return { model, stream };
}

const text = (s, i) => {
  const base = `tok${i} `;
  return base.length >= s ? base.slice(0, Math.max(1, s)) : base + 'x'.repeat(s - base.length);
};

// ---- OpenAI chat completions ----
function openaiJson(model, p) {
  let content = '';
  for (let i = 0; i < p.n; i++) content += text(p.s, i);
  return {
    id: 'chatcmpl-bench', object: 'chat.completion', created: 1700000000, model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: p.n, total_tokens: 12 + p.n },
  };
}
function* openaiEvents(model, p) {
  const head = `{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":${JSON.stringify(model)},"choices":[`;
  yield `data: ${head}{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`;
  for (let i = 0; i < p.n; i++) yield `data: ${head}{"index":0,"delta":{"content":${JSON.stringify(text(p.s, i))}},"finish_reason":null}]}\n\n`;
  yield `data: ${head}{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":${p.n},"total_tokens":${12 + p.n}}}\n\n`;
  yield 'data: [DONE]\n\n';
}

// ---- Anthropic Messages ----
function anthropicJson(model, p) {
  let t = '';
  for (let i = 0; i < p.n; i++) t += text(p.s, i);
  return {
    id: 'msg_bench', type: 'message', role: 'assistant', model,
    content: [{ type: 'text', text: t }], stop_reason: 'end_turn', stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: p.n },
  };
}
function* anthropicEvents(model, p) {
  const ev = (name, data) => `event: ${name}\ndata: ${data}\n\n`;
  yield ev('message_start', `{"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":${JSON.stringify(model)},"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}`);
  yield ev('content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}');
  for (let i = 0; i < p.n; i++) yield ev('content_block_delta', `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text(p.s, i))}}}`);
  yield ev('content_block_stop', '{"type":"content_block_stop","index":0}');
  yield ev('message_delta', `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":${p.n}}}`);
  yield ev('message_stop', '{"type":"message_stop"}');
}

// ---- Gemini ----
function geminiJson(model, p) {
  let t = '';
  for (let i = 0; i < p.n; i++) t += text(p.s, i);
  return {
    candidates: [{ content: { role: 'model', parts: [{ text: t }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: p.n, totalTokenCount: 12 + p.n },
    modelVersion: model,
  };
}
function* geminiEvents(model, p) {
  for (let i = 0; i < p.n; i++) {
    const last = i === p.n - 1;
    const fin = last ? ',"finishReason":"STOP"' : '';
    const usage = last ? `,"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":${p.n},"totalTokenCount":${12 + p.n}}` : '';
    yield `data: {"candidates":[{"content":{"role":"model","parts":[{"text":${JSON.stringify(text(p.s, i))}}]},"index":0${fin}}]${usage},"modelVersion":${JSON.stringify(model)}}\r\n\r\n`;
  }
}

function* geminiArray(model, p) {
  let first = true;
  for (const ev of geminiEvents(model, p)) {
    yield (first ? '[' : ',\r\n') + ev.slice(6, -4);
    first = false;
  }
  yield ']';
}

function sendJson(res, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendStream(res, events, p) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const it = events[Symbol.iterator]();
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  if (!(p.d > 0)) {
    // Back to back: one write per event (so the proxy sees realistic chunking), then end.
    for (let r = it.next(); !r.done; r = it.next()) res.write(r.value);
    res.end();
    return;
  }
  const step = () => {
    if (closed) return;
    const r = it.next();
    if (r.done) return res.end();
    res.write(r.value);
    setTimeout(step, p.d);
  };
  step();
}

function notFound(res, path) {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: `fake upstream: no route ${path}` } }));
}

export function createFakeUpstream(defaults = {}) {
  let requests = 0;
  let bytesIn = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    let len = 0;
    req.on('data', (c) => {
      len += c.length;
      chunks.push(c);
    });
    req.on('end', () => {
      requests++;
      bytesIn += len;
      const url = req.url || '/';
      const q = url.indexOf('?');
      const path = q === -1 ? url : url.slice(0, q);
      if (req.method === 'GET' && path.endsWith('/stats')) return sendJson(res, { requests, bytesIn });
      if (req.method !== 'POST') return notFound(res, path);
      const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, len);
      if (path.endsWith('/chat/completions')) {
        const { model, stream } = sniff(buf);
        const p = parseModelParams(model, defaults);
        return stream ? sendStream(res, openaiEvents(model ?? 'bench', p), p) : sendJson(res, openaiJson(model ?? 'bench', p));
      }
      if (path.endsWith('/messages')) {
        const { model, stream } = sniff(buf);
        const p = parseModelParams(model, defaults);
        return stream ? sendStream(res, anthropicEvents(model ?? 'bench', p), p) : sendJson(res, anthropicJson(model ?? 'bench', p));
      }
      const g = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
      if (g) {
        const model = decodeURIComponent(g[1]);
        const p = parseModelParams(model, defaults);
        if (g[2] !== 'streamGenerateContent') return sendJson(res, geminiJson(model, p));
        // `?alt=sse` → SSE; without it Gemini streams one JSON array.
        return sendStream(res, /[?&]alt=sse/.test(url) ? geminiEvents(model, p) : geminiArray(model, p), p);
      }
      return notFound(res, path);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  server.requestTimeout = 0;
  server.maxConnections = 10_000;
  return server;
}

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : process.argv[i + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = createFakeUpstream({ chunks: Number(arg('chunks', 1)), delay: Number(arg('delay', 0)), size: Number(arg('size', 16)) });
  const host = arg('host', '127.0.0.1');
  server.listen(Number(arg('port', 0)), host, () => {
    process.stdout.write(`listening on http://${host}:${server.address().port}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
