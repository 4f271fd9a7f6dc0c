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
  // An origin-stamped tag still holding its origin was not admitted for this upstream (see admitOrigin).
  return native && !native.includes(':') ? native : undefined;
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

/**
 * Origin tags (account × model family). A signature decoded from an upstream account is
 * stamped `ag:a:<origin>:<native>` before it reaches the client; on the way back it is admitted
 * (`ag:a:<native>`, which the wire encoders untag) only when the target account and model family
 * are the ones that issued it. Anything else — another origin, or an older tag without one —
 * is dropped, never rewritten: a signature is the vendor's proof and cannot be forged.
 * Native signatures are base64 (no `:`), so the origin segment is unambiguous.
 */
const ORIGIN_TAG = /^ag:([ag]):([0-9a-z]{1,16}):([^:]*)$/;
const VENDOR_TAG = /^ag:([ag]):([^:]*)$/;

/** The model family a signature is bound to: `claude`, `gemini-3`, `gemini-2`, `glm`, `gpt`, … */
export function modelFamily(model: string): string {
  const m = model.toLowerCase().replace(/^models\//, '');
  const gemini = /^gemini-(\d+)/.exec(m);
  if (gemini) return `gemini-${gemini[1]}`;
  return /^[a-z]+/.exec(m)?.[0] ?? m;
}

/** FNV-1a of account id and model family, base 36: short, stable, reveals neither. */
export function signatureOrigin(accountId: string, model: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${accountId}\u0000${modelFamily(model)}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** A vendor-tagged signature (as the wire decoders produce it) stamped with its origin; others unchanged. */
export function stampOrigin(sig: string | undefined, origin: string): string | undefined {
  if (!sig) return sig;
  const m = VENDOR_TAG.exec(sig);
  return m ? `ag:${m[1]}:${origin}:${m[2]}` : sig;
}

/**
 * A client-held signature for an upstream of `origin`: the vendor tag the wire encoder reads when
 * the origin matches; undefined for another origin or a tag without one. Untagged values pass
 * unchanged (the encoders treat them as foreign).
 */
export function admitOrigin(sig: string | undefined, origin: string): string | undefined {
  if (!sig || !sig.startsWith('ag:')) return sig;
  const m = ORIGIN_TAG.exec(sig);
  return m && m[2] === origin ? `ag:${m[1]}:${m[3]}` : undefined;
}

/** True when `sig` is an origin-stamped signature. */
export function hasOrigin(sig: string | undefined): boolean {
  return !!sig && ORIGIN_TAG.test(sig);
}
