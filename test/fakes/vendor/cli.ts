/**
 * The fake vendor as a program, for the bench and manual runs (built to dist/fake-vendor.mjs,
 * which also exports the whole module for scripts/soak.mjs):
 *   node dist/fake-vendor.mjs [--port 0] [--host 127.0.0.1] [--api-key K] [--chunks 1 --delay 0 --size 16]
 * answers with the bench script (model name → shape, see bench.ts) and prints
 * `listening on http://HOST:PORT` when ready.
 */
import { pathToFileURL } from 'node:url';
import { benchScript } from './bench';
import { FakeVendor } from './server';

export * from './index';

function arg(name: string, dflt?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : process.argv[i + 1];
}

async function main(): Promise<void> {
  const vendor = await FakeVendor.start({
    port: Number(arg('port', '0')),
    host: arg('host', '127.0.0.1'),
    apiKey: arg('api-key'),
    script: benchScript({ chunks: Number(arg('chunks', '1')), delay: Number(arg('delay', '0')), size: Number(arg('size', '16')) }),
    // Load runs: keep nothing, and do not parse multi-megabyte bodies (the model is sniffed).
    record: false,
    loadRun: true,
    parseLimit: 256 * 1024,
  });
  process.stdout.write(`listening on ${vendor.url}\n`);
  const stop = () => void vendor.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
