/**
 * Reasoning signatures are only valid at the vendor that produced them (DESIGN §3: "foreign
 * signatures are dropped deliberately"). Wire decoders tag every signature with its vendor
 * before it reaches a client of another dialect; wire encoders accept only their own tag and
 * drop the rest (an untagged signature reached us through a passthrough or a real OpenAI
 * account and is foreign to every translated upstream).
 *
 * Clients without a redacted-thinking concept (Gemini, OpenAI) carry Anthropic redacted data
 * as a signature string with the `ag:r:` prefix, decoded back into `redacted`.
 */
export type SignatureVendor = 'anthropic' | 'gemini';

const TAG: Record<SignatureVendor, string> = { anthropic: 'ag:a:', gemini: 'ag:g:' };
const REDACTED = 'ag:r:';

export function tagSignature(vendor: SignatureVendor, sig: string): string {
  return TAG[vendor] + sig;
}

/** The native signature when `sig` was produced by `vendor`, else undefined. */
export function untagSignature(vendor: SignatureVendor, sig: string | undefined): string | undefined {
  if (!sig || !sig.startsWith(TAG[vendor])) return undefined;
  const native = sig.slice(TAG[vendor].length);
  return native || undefined;
}

/** IR `redacted` → a signature string for clients without redacted blocks. */
export function redactedAsSignature(redacted: string): string {
  return REDACTED + redacted;
}

/** Splits a client-provided signature into IR `signature` / `redacted`. */
export function readClientSignature(sig: string | undefined): { signature?: string; redacted?: string } {
  if (!sig) return {};
  if (sig.startsWith(REDACTED)) return { redacted: sig.slice(REDACTED.length) };
  return { signature: sig };
}
