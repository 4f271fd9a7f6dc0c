/**
 * The proxy API key rule (DESIGN §1), written once: generated keys are `sk-` + 32 hex; user keys
 * start with `sk-`, have at least 10 characters and no whitespace. Config validation, the
 * headless key file and the extension's key input all ask this module.
 */
const API_KEY_PREFIX = 'sk-';
const API_KEY_MIN_LENGTH = 10;

/** What is wrong with `key` (English; the host translates), or undefined when it is valid. */
export function apiKeyProblem(key: string): string | undefined {
  if (!key.startsWith(API_KEY_PREFIX)) return 'The key must start with "sk-".';
  if (key.length < API_KEY_MIN_LENGTH) return 'The key must be at least 10 characters long.';
  if (/\s/.test(key)) return 'The key must not contain spaces.';
  return undefined;
}

export function isValidProxyKey(key: string): boolean {
  return apiKeyProblem(key) === undefined;
}

/** For typed input: surrounding whitespace is trimmed first (the caller stores the trimmed key). */
export function validateApiKey(value: string): string | undefined {
  return apiKeyProblem(value.trim());
}

/** `sk-` + 32 lowercase hex characters from 16 random bytes. */
export function generateApiKey(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(16);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return API_KEY_PREFIX + hex;
}

/** `sk-a1b2••••••••c3d4`: enough to recognise a key, never enough to use it. */
export function maskApiKey(key: string): string {
  if (!key) return '';
  if (key.length <= 10) return '•'.repeat(key.length);
  return key.slice(0, 7) + '•'.repeat(8) + key.slice(-4);
}
