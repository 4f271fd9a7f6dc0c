import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { bindHost, configSecrets, type ProxyConfig } from '../core/config';
import { createApp } from './app';
import type { DispatchServices } from './dispatch/client-call';
import { createAccountPool } from '../upstream/pool';
import { createUpstreamDispatcher } from '../upstream/client/upstream-dispatcher';
import { bindError, noAccountError } from '../core/start-error';
import { assertValidConfig } from '../core/validate-config';
import { type ProxyDeps, type ProxyServer, type ProxyStatus, type StopOptions } from './server-types';
import { silentLogger } from '../core/logger';
import type { AccountPool } from '../upstream/pool-types';
import { createMonitor, type Monitor } from '../monitor';
import { beginRecord, finishRecord } from './monitor-hooks';
import { createDemoProvider } from '../upstream/providers/demo';
import { localProviders } from './local-providers';
import { holdEnd } from './hold-end';
import { DRAIN_TIMEOUT_SECONDS, InFlight, refuseStopping } from './drain';

/** After the drain time: how long ended requests get to unwind before their connections are cut. */
const END_GRACE_MS = 2000;
import { createResponseStore, DEFAULT_MAX_RESPONSE_AGE_MS } from '../monitor/response-store';
import { createTelemetry } from '../telemetry/telemetry';
import { LearnedLimits } from '../upstream/model-catalog';
import { recordCost } from '../monitor/prices';
import { createLimitsDiscovery } from '../upstream/discover-limits';
import { createTeamState } from './team-state';

/** DESIGN §2: keep-alive at least every 10 s while the upstream is silent. */
const KEEP_ALIVE_MS = 10_000;

/** Default for `proxy.bodyTimeoutSeconds`: the whole request (headers and body) within 60 s. */
export const BODY_TIMEOUT_SECONDS = 60;

/**
 * Socket timeouts (issue 15): headers within min(30 s, body timeout); the whole request body
 * within the body timeout (Node answers 408 via clientError and closes); idle keep-alive 65 s.
 * The check runs every second at most, so a timeout fires within ~1 s of its due time. A long
 * answer is not limited by these: they end when the request has been received.
 */
export function socketTimeouts(bodyTimeoutSeconds = BODY_TIMEOUT_SECONDS) {
  const requestTimeout = Math.max(1, bodyTimeoutSeconds) * 1000;
  return {
    requestTimeout,
    headersTimeout: Math.min(30_000, requestTimeout),
    keepAliveTimeout: 65_000,
    connectionsCheckingInterval: Math.min(1000, Math.max(100, requestTimeout / 10)),
  };
}

function clientErrorAnswer(code: string | undefined): { status: number; reason: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large', message: 'Request headers are too large.' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT') return { status: 408, reason: 'Request Timeout', message: 'The request was not received in time.' };
  return { status: 400, reason: 'Bad Request', message: 'Malformed HTTP request.' };
}

/** Throws ConfigError (field-named problems) for an invalid config, before anything is built. */
export function createProxyServer(initial: ProxyConfig, deps: ProxyDeps = {}): ProxyServer {
  assertValidConfig(initial, { anyPort: true });
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  const instanceId = deps.instanceId ?? randomUUID();
  let config = initial;
  // issue 16: in-process providers by account kind; `demo` is always served, `vscode-lm` by the
  // host when given. Kinds without a provider fall back to the account's `models` (see PoolDeps).
  // Accounts served in process, by kind: the demo always, VS Code's models inside VS Code.
  const inProcess = localProviders(deps.localProvider, { demo: createDemoProvider(), ...deps.localProviders });
  const secrets = () => configSecrets(config);
  const ownsMonitor = !deps.monitor && deps.dataDir !== undefined;
  const monitor: Monitor | undefined =
    deps.monitor ??
    (deps.dataDir !== undefined
      ? createMonitor({ dataDir: deps.dataDir, ...config.monitor, secrets, now, logger })
      : undefined);
  // Team mode (issue 23): pool state shared through Redis; undefined (nothing loaded) without `state`.
  const team = createTeamState(config, { logger, instanceId, now, monitor });
  const pool: AccountPool = createAccountPool(config, { now, localModels: (a) => inProcess(a.kind)?.models(a) ?? a.models, upstreamDispatcher: () => dispatcher, probeBackoffMs: deps.probeBackoffMs, shared: team?.shared.pool });
  let dispatcher: Dispatcher | undefined = createUpstreamDispatcher(config.proxy.upstreamProxy);
  let server: Server | undefined;
  /** The server being stopped (its idle connections are closed as requests finish). */
  let draining: Server | undefined;
  let state: ProxyStatus['state'] = 'stopped';
  let error: string | undefined;
  let startedAt: number | undefined;
  let boundHost = bindHost(config.proxy);
  let boundPort = config.proxy.port;
  let active = 0;
  /** Requests answered 4xx before auth let them in: counted, never recorded (issue 15 item 13). */
  let refusedBeforeAuth = 0;
  const sockets = new Set<Socket>();
  const listeners = new Set<(s: ProxyStatus) => void>();
  // OpenTelemetry export of finished records (issue 20): nothing loaded or subscribed while off.
  const telemetry = createTelemetry(monitor, config.telemetry, logger);

  function responseStore() {
    const local = createResponseStore({ dataDir: deps.dataDir, ...deps.responseStore, now, onError: (m) => logger.warn(m) });
    return team ? team.responses(local, deps.responseStore?.maxAgeMs ?? DEFAULT_MAX_RESPONSE_AGE_MS) : local;
  }

  const learned = new LearnedLimits();
  const discoverLimits = createLimitsDiscovery(learned, now);
  const services: DispatchServices = {
    pool: () => pool,
    config: () => config,
    logger,
    dispatcher: () => dispatcher,
    secrets,
    localProvider: inProcess,
    // Persisted in the data dir when there is one (a restart keeps the conversations), else in memory.
    responses: responseStore(),
    limits: { learned, discover: () => discoverLimits(config.accounts, dispatcher) },
    keepAliveMs: Math.min(deps.keepAliveMs ?? KEEP_ALIVE_MS, KEEP_ALIVE_MS),
    imageFetch: deps.imageFetch,
    monitor: () => monitor,
    spend: team ? () => team.spend(monitor?.spend()) : () => monitor?.spend(),
    teamUsage: team && ((since) => team.usageRows(since)),
  };
  // issue 20: every record is priced once it finishes, by the live config's prices and accounts.
  monitor?.update({ costOf: (r) => recordCost(r, config) });

  const status = (): ProxyStatus => ({
    state,
    host: boundHost,
    port: boundPort,
    accounts: pool.size(),
    activeRequests: active,
    refusedBeforeAuth,
    startedAt,
    error,
    accountStates: pool.status(),
  });
  const emit = () => {
    if (listeners.size === 0) return;
    const s = status();
    for (const l of listeners) l(s);
  };
  // Request counts change constantly under load: tell listeners at most every 250 ms.
  let emitTimer: NodeJS.Timeout | undefined;
  const emitSoon = () => {
    if (emitTimer || listeners.size === 0) return;
    emitTimer = setTimeout(() => {
      emitTimer = undefined;
      emit();
    }, 250);
    emitTimer.unref?.();
  };

  const releases = new WeakMap<object, () => void>();
  const inFlight = new InFlight();
  const app = createApp({
    config: () => config,
    lanBound: () => (server ? boundHost === '0.0.0.0' : config.proxy.allowLanAccess),
    services,
    logger,
    instanceId,
    version: deps.version ?? '0.1.0',
    onRequestStart: (ex) => {
      active++;
      inFlight.add(ex);
      emitSoon();
      const rec = beginRecord(monitor, ex);
      // A recorded request's answer ends only after its usage is journaled (hold-end.ts).
      if (rec.active) releases.set(ex, holdEnd(ex.res));
      return rec;
    },
    onRequestEnd: (ex, reply) => {
      active--;
      const trace = ex.trace;
      try {
        if (finishRecord(ex, reply) === 'refused') refusedBeforeAuth++;
        if (trace.account && trace.tokens > 0) pool.recordUsage(trace.account.id, trace.tokens);
      } catch (err) {
        logger.warn(`monitor: ${(err as Error).message}`);
      } finally {
        releases.get(ex)?.();
        releases.delete(ex);
        inFlight.delete(ex);
      }
      // While stopping, a kept-alive connection that just became idle is closed.
      if (inFlight.draining) setImmediate(() => draining?.closeIdleConnections?.());
      emitSoon();
    },
  });

  // One start at a time: a second start() waits for the first; stop() waits for it too, so a
  // stop during a start never leaves a listening server behind.
  let starting: Promise<void> | undefined;
  function start(): Promise<void> {
    if (state === 'running') return Promise.resolve();
    starting ??= doStart().finally(() => {
      starting = undefined;
    });
    return starting;
  }

  async function doStart(): Promise<void> {
    if (pool.size() === 0) {
      const e = noAccountError();
      state = 'error';
      error = e.message;
      emit();
      throw e;
    }
    state = 'starting';
    error = undefined;
    boundHost = bindHost(config.proxy);
    boundPort = config.proxy.port;
    emit();
    const koa = app.callback();
    // A request on a kept-alive connection while stopping: refused (503, connection closed).
    const srv = (req: IncomingMessage, res: ServerResponse) => (inFlight.draining ? refuseStopping(req, res) : void koa(req, res));
    const http = await import('node:http');
    const s = http.createServer(socketTimeouts(config.proxy.bodyTimeoutSeconds), srv);
    s.on('connection', (sock: Socket) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    // Malformed HTTP never reaches Koa, so its dialect is unknown: one body every SDK reads
    // (OpenAI and Gemini read error.message/code, Anthropic type + error.type/message).
    // A request (headers and body) not received within the timeout arrives here too (408).
    s.on('clientError', (err: NodeJS.ErrnoException, sock: Socket) => {
      // An answer already began on this socket: another status line would corrupt it.
      if (!sock.writable || sock.bytesWritten > 0) return sock.destroy();
      const answer = clientErrorAnswer(err.code);
      const body = JSON.stringify({
        type: 'error',
        error: { type: 'invalid_request_error', code: answer.status, status: 'INVALID_ARGUMENT', message: answer.message },
      });
      sock.end(`HTTP/1.1 ${answer.status} ${answer.reason}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      sock.destroySoon?.();
    });
    try {
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(boundPort, boundHost, () => {
          s.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      const e = bindError(boundHost, boundPort, code);
      state = 'error';
      error = e.message;
      emit();
      throw e;
    }
    boundPort = (s.address() as AddressInfo).port;
    server = s;
    state = 'running';
    startedAt = now();
    logger.info(`listening on http://${boundHost}:${boundPort}`);
    emit();
  }

  /**
   * Graceful (SIGTERM, Stop Proxy): stop accepting, let in-flight requests finish for
   * `drainSeconds` (default `proxy.drainTimeoutSeconds`), then end open streams with an error
   * event in their dialect and answer the rest 503 (drain.ts); then close every connection.
   */
  async function stop(opts: StopOptions = {}): Promise<void> {
    await starting?.catch(() => {});
    const s = server;
    server = undefined;
    if (s) {
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      inFlight.draining = true;
      draining = s;
      s.closeIdleConnections?.();
      const drainSeconds = opts.drainSeconds ?? config.proxy.drainTimeoutSeconds ?? DRAIN_TIMEOUT_SECONDS;
      await inFlight.settle(drainSeconds * 1000);
      if (inFlight.size > 0) {
        logger.info(`stop: ${inFlight.size} request(s) still open after ${drainSeconds} s: ending them`);
        inFlight.endAll();
        // Their error events go out and the dispatcher unwinds (it sees its upstream aborted).
        await inFlight.settle(END_GRACE_MS);
      }
      for (const sock of sockets) sock.destroy();
      s.closeAllConnections?.();
      await closed;
      inFlight.draining = false;
      draining = undefined;
    }
    sockets.clear();
    state = 'stopped';
    startedAt = undefined;
    await monitor?.flush();
    emit();
  }

  async function dispose(opts?: StopOptions): Promise<void> {
    await stop(opts);
    listeners.clear();
    pool.close?.();
    await dispatcher?.close().catch(() => {});
    await telemetry.close();
    if (ownsMonitor) await monitor?.close();
    await team?.close();
  }

  /** Throws ConfigError and keeps the running config when `next` is invalid. */
  function update(next: ProxyConfig): void {
    assertValidConfig(next, { anyPort: true });
    if (server && bindHost(next.proxy) !== boundHost) logger.warn('allowLanAccess changes take effect on restart.');
    if (next.proxy.upstreamProxy !== config.proxy.upstreamProxy) {
      const old = dispatcher;
      dispatcher = createUpstreamDispatcher(next.proxy.upstreamProxy);
      // In-flight requests keep the old agent until they finish.
      void old?.close().catch(() => {});
    }
    if (JSON.stringify(next.state ?? null) !== JSON.stringify(config.state ?? null)) logger.warn('state (team mode) changes take effect on restart.');
    config = next;
    pool.update(next);
    monitor?.update(next.monitor);
    telemetry.update(next.telemetry);
    emit();
  }

  return {
    start,
    stop,
    status,
    update,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    monitor: () => monitor,
    dispose,
  };
}
