import type { AccountKind } from '../../core/config';
import { anthropic } from './anthropic';
import { demo } from './demo';
import { gemini } from './gemini';
import { openai } from './openai';
import type { Provider } from './provider';
import { vscodeLm } from './vscode-lm';
import { zai } from './zai';

/** The provider of every account kind (see provider.ts). */
export const PROVIDERS: Readonly<Record<AccountKind, Provider>> = {
  gemini,
  anthropic,
  zai,
  openai,
  'vscode-lm': vscodeLm,
  demo,
};

export function providerOf(kind: AccountKind): Provider {
  return PROVIDERS[kind];
}

/** For an error whose account kind is unknown: does any provider read it as a context-length error? */
export function isContextLengthError(message: string): boolean {
  return Object.values(PROVIDERS).some((p) => p.isContextLengthError(message));
}
