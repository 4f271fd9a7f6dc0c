// `npm start`: the headless proxy with ./antigravity-proxy.json when present (env overrides apply).
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';

const args = ['dist/cli.js', 'serve'];
if (existsSync('antigravity-proxy.json')) args.push('--config', 'antigravity-proxy.json');
else console.error('No ./antigravity-proxy.json: using environment variables only (see antigravity-proxy.example.json).');
const child = spawn(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
