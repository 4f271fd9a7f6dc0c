import type { AccountConfig, ModelLimits } from '../core/config';
import type { IrRequest, IrStreamEvent } from '../translate/ir';

/**
 * An upstream that is not reached over HTTP: the models VS Code offers (`vscode-lm`), served
 * by the extension host. The core hands it the request as IR and gets IR stream events back,
 * so every client dialect gets a correct answer through its own codec.
 */
export interface LocalProvider {
  /** Models an account of this provider can serve right now (for routing and /v1/models). */
  models(account: AccountConfig): string[];
  /**
   * Streams one answer. Failures are thrown as ProxyError (status mapped, e.g. no consent →
   * 403 naming the command to run; blocked → 429 so the pool cools the account).
   */
  stream(request: IrRequest, account: AccountConfig, model: string, signal: AbortSignal): AsyncIterable<IrStreamEvent>;
  /** Token count for usage where the provider reports none (marked estimated in the monitor). */
  countTokens?(request: IrRequest, account: AccountConfig, model: string, signal: AbortSignal): Promise<number>;
  /** The model's window as the provider reports it (VS Code: `maxInputTokens`), for the model catalog. */
  limits?(account: AccountConfig, model: string): ModelLimits | undefined;
}
