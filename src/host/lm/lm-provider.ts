/**
 * The `vscode-lm` account kind: serves the language models VS Code offers (e.g. GitHub
 * Copilot's) as a LocalProvider. Conversion and error mapping are pure (lm-convert.ts,
 * lm-errors.ts); this file is the `vscode` edge: model selection, sendRequest with a
 * cancellation token tied to the client connection, countTokens.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountConfig, ProxyConfig } from '../../core/config';
import type { IrRequest, IrStreamEvent } from '../../translate/ir';
import type { LocalProvider } from '../../upstream/local-provider';
import type { Logger } from '../../core/logger';
import { LmStreamDecoder, toLmRequest, type LmFactory } from './lm-convert';
import { lmError } from './lm-errors';
import { offeredModels } from './lm-models';

type Part = vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart | vscode.LanguageModelToolResultPart;

export const VSCODE_LM_FACTORY: LmFactory<vscode.LanguageModelChatMessage, Part> = {
  text: (value) => new vscode.LanguageModelTextPart(value),
  toolCall: (callId, name, input) => new vscode.LanguageModelToolCallPart(callId, name, input),
  toolResult: (callId, content) => new vscode.LanguageModelToolResultPart(callId, content),
  user: (parts) => vscode.LanguageModelChatMessage.User(parts as Array<vscode.LanguageModelTextPart | vscode.LanguageModelToolResultPart>),
  assistant: (parts) => vscode.LanguageModelChatMessage.Assistant(parts as Array<vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart>),
};

const JUSTIFICATION = 'Antigravity Proxy answers requests of your local tools (Claude Code, Codex, SDKs) with this model through its local gateway.';

/** A cancellation token that fires when `signal` aborts (the client disconnected). */
function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const cts = new vscode.CancellationTokenSource();
  if (signal.aborted) cts.cancel();
  else signal.addEventListener('abort', () => cts.cancel(), { once: true });
  return cts;
}

export class VscodeLmProvider implements LocalProvider, vscode.Disposable {
  private chats: vscode.LanguageModelChat[] = [];

  constructor(private readonly log: Logger) {}

  /** Re-reads what VS Code offers (also activates providers such as Copilot). */
  async refresh(): Promise<void> {
    try {
      this.chats = await vscode.lm.selectChatModels();
    } catch (err) {
      this.log.warn(`VS Code language models: ${err instanceof Error ? err.message : String(err)}`);
      this.chats = [];
    }
  }

  /** Fills each `vscode-lm` account's `models` with what it can serve now (the pool routes by it). */
  async resolveInto(config: ProxyConfig): Promise<ProxyConfig> {
    if (!config.accounts.some((a) => a.kind === 'vscode-lm' && a.enabled)) return config;
    await this.refresh();
    return { ...config, accounts: config.accounts.map((a) => (a.kind === 'vscode-lm' ? { ...a, models: this.models(a) } : a)) };
  }

  models(account: AccountConfig): string[] {
    return offeredModels(this.chats, account).map((c) => c.id);
  }

  /** VS Code's `maxInputTokens` of the model, for the model catalog (issue 18). */
  limits(account: AccountConfig, model: string): { contextWindow?: number } | undefined {
    const chat = offeredModels(this.chats, account).find((c) => c.id === model);
    return chat && chat.maxInputTokens > 0 ? { contextWindow: chat.maxInputTokens } : undefined;
  }

  async *stream(ir: IrRequest, account: AccountConfig, model: string, signal: AbortSignal): AsyncIterable<IrStreamEvent> {
    const chat = await this.chat(account, model);
    const req = toLmRequest(ir, VSCODE_LM_FACTORY);
    if (req.notes.length > 0) this.log.debug(`vscode-lm ${chat.id}: ${req.notes.join('; ')}`);
    const cts = tokenFor(signal);
    try {
      let response: vscode.LanguageModelChatResponse;
      try {
        response = await chat.sendRequest(req.messages, {
          justification: JUSTIFICATION,
          ...(req.tools.length > 0 ? { tools: req.tools } : {}),
          ...(req.toolMode ? { toolMode: req.toolMode === 'required' ? vscode.LanguageModelChatToolMode.Required : vscode.LanguageModelChatToolMode.Auto } : {}),
        }, cts.token);
      } catch (err) {
        throw lmError(err, chat.id, signal.aborted || cts.token.isCancellationRequested);
      }
      const decoder = new LmStreamDecoder(chat.id, `msg_${randomBytes(12).toString('hex')}`);
      try {
        for await (const part of response.stream) yield* decoder.part(part);
      } catch (err) {
        if (signal.aborted) return;
        throw lmError(err, chat.id, cts.token.isCancellationRequested);
      }
      yield* decoder.end();
    } finally {
      cts.dispose();
    }
  }

  async countTokens(ir: IrRequest, account: AccountConfig, model: string, signal: AbortSignal): Promise<number> {
    const chat = await this.chat(account, model);
    const cts = tokenFor(signal);
    try {
      const { messages } = toLmRequest(ir, VSCODE_LM_FACTORY);
      const counts = await Promise.all(messages.map((m) => chat.countTokens(m, cts.token)));
      return counts.reduce((a, b) => a + b, 0);
    } finally {
      cts.dispose();
    }
  }

  dispose(): void {
    this.chats = [];
  }

  private async chat(account: AccountConfig, model: string): Promise<vscode.LanguageModelChat> {
    const find = () => offeredModels(this.chats, account).find((c) => c.id === model);
    let chat = find();
    if (!chat) {
      await this.refresh();
      chat = find();
    }
    if (!chat) throw lmError({ code: 'NotFound', message: `not offered for vendor/family of account ${account.label}` }, model);
    return chat;
  }
}
