// Run as an unprivileged user (see lifecycle.test.ts): tries to start the proxy on port 80 and
// prints the StartError as JSON on stdout.
import { createProxyServer } from '../../../src/proxy/server';
import { account, makeConfig } from '../../support/proxy-harness';

const port = Number(process.argv[2] ?? 80);
const s = createProxyServer(makeConfig({ proxy: { port }, accounts: [account('openai', 'http://127.0.0.1:9/v1')] }));
s.start().then(
  async () => {
    process.stdout.write(JSON.stringify({ started: true }));
    await s.dispose();
  },
  (e: { name?: string; code?: string; reason?: string; message?: string }) => {
    process.stdout.write(JSON.stringify({ name: e.name, code: e.code, reason: e.reason, message: e.message, state: s.status().state }));
  },
);
