/** Removes anything that looks like a key from text bound for logs or the UI. */
const PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_\-]{6,}/g, // OpenAI, Anthropic (sk-ant-…), OpenRouter (sk-or-…), ours
  /\bAIza[0-9A-Za-z_\-]{20,}/g, // Google API keys
  /(\b(?:bearer|x-api-key|x-goog-api-key|api[_-]?key|token)["']?\s*[:=]?\s*["']?)([A-Za-z0-9._\-]{8,})/gi,
  /([?&]key=)[^&\s]+/g,
];

export function redactSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const secret of extra) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  out = out.replace(PATTERNS[0]!, '[redacted]').replace(PATTERNS[1]!, '[redacted]');
  out = out.replace(PATTERNS[2]!, (_m, prefix: string) => `${prefix}[redacted]`);
  out = out.replace(PATTERNS[3]!, (_m, prefix: string) => `${prefix}[redacted]`);
  return out;
}
