// First step of `npm start` and `npm test` (prestart/pretest): installs the dependencies with
// `npm ci` when node_modules is missing or older than package-lock.json, so a fresh clone needs
// no other command. Dependency-free on purpose: it runs before anything is installed.
// "Older" compares the mtimes of package-lock.json and node_modules/.package-lock.json (the
// lockfile npm writes last when it installs). Set ANTIGRAVITY_SKIP_BOOTSTRAP=1 to skip it.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

function needsInstall() {
  if (!existsSync(lock)) return false; // nothing to install from
  if (!existsSync(installed)) return true;
  return statSync(installed).mtimeMs < statSync(lock).mtimeMs;
}

if (!process.env.ANTIGRAVITY_SKIP_BOOTSTRAP && needsInstall()) {
  console.error('Installing dependencies (npm ci)…');
  const args = ['ci', '--no-audit', '--no-fund'];
  // Under npm, npm_execpath is npm's own CLI script: run it with this node (no shell needed).
  const npmCli = process.env.npm_execpath;
  const r = npmCli && /\.c?js$/.test(npmCli)
    ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`npm ci failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`}); run it by hand to see why.`);
    process.exit(r.status || 1);
  }
}
