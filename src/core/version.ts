import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Set by esbuild (`define` in esbuild.mjs) to package.json's version; absent when run unbundled. */
declare const __VERSION__: string | undefined;

/**
 * The product version, one source: package.json. The bundles get it at build time; unbundled
 * runs (tests through tsx) read package.json next to src/.
 */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : versionFromPackageJson();

function versionFromPackageJson(): string {
  try {
    return String((JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown }).version ?? '0.0.0-dev');
  } catch {
    return '0.0.0-dev';
  }
}
