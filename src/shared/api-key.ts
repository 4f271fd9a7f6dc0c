/** Proxy API key rules (DESIGN §1): generated `sk-` + 32 hex; user keys start with `sk-`, ≥ 10 chars. */

export const API_KEY_PREFIX = 'sk-';
export const API_KEY_MIN_LENGTH = 10;

/** Returns an error message (English; the host translates) or undefined when valid. */
export function validateApiKey(value: string): string | undefined {
  const key = value.trim();
  if (!key.startsWith(API_KEY_PREFIX)) return 'The key must start with "sk-".';
  if (key.length < API_KEY_MIN_LENGTH) return 'The key must be at least 10 characters long.';
  if (/\s/.test(key)) return 'The key must not contain spaces.';
  return undefined;
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
