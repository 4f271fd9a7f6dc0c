import type { ChildProcess } from 'node:child_process';

/**
 * The URL a headless `cli.js serve` child prints ("listening on http://…") once it serves;
 * rejects when it exits first or stays silent for `timeoutMs` (`why` says what it printed).
 */
export function waitListening(child: ChildProcess, timeoutMs: number, why: (stdout: string) => string): Promise<string> {
  let out = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless proxy did not print "listening on" within ${timeoutMs} ms. ${why(out)}`)), timeoutMs);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`headless proxy exited early (${code ?? sig}). ${why(out)}`));
    });
  });
}
