/**
 * The `demo` account kind (issue 16): a built-in upstream that answers in-process, with no key
 * and no network, so the whole path — auth, pool, translation into every client dialect, the
 * monitor — can be tried before a real account exists. It is a LocalProvider like `vscode-lm`:
 * the dispatcher hands it the request as IR and encodes its IR events for the client.
 *
 * It serves `demo` and stands in for every other model (the pool routes any model to it, after
 * real accounts serving that model). Its answers are deterministic (demo-reply.ts), streamed in
 * several deltas, and carry usage numbers (the local token estimate) in the `finish` event.
 */
import { randomBytes } from 'node:crypto';
import type { AccountConfig } from '../../core/config';
import { estimateIr, textTokens } from '../../translate/count-tokens';
import type { IrRequest, IrStreamEvent } from '../../translate/ir';
import type { LocalProvider } from '../local-provider';
import { inProcessProvider } from './in-process';
import { DEMO_MODEL, planDemoReply } from './demo-reply';

export { DEMO_MODEL, ADD_ACCOUNT_HINT, planDemoReply } from './demo-reply';

/** The demo account `npm start` / `serve --demo` runs with. */
export function demoAccount(): AccountConfig {
  return { id: 'demo', kind: 'demo', label: 'Demo (built-in)', enabled: true };
}

/** About this many deltas per text answer (word boundaries kept). */
const PIECES = 6;

/** Splits text into about `n` pieces at word boundaries; joined they give the text back. */
export function splitDeltas(text: string, n = PIECES): string[] {
  const words = text.match(/\S+\s*/g) ?? [text];
  const per = Math.max(1, Math.ceil(words.length / n));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(''));
  return out.length > 0 ? out : [''];
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createDemoProvider(): LocalProvider {
  return {
    models(account: AccountConfig): string[] {
      const listed = (account.models ?? []).filter((m) => m.trim() !== '' && !m.includes('*'));
      return [...new Set([DEMO_MODEL, ...listed])];
    },

    async *stream(ir: IrRequest, _account: AccountConfig, model: string, signal: AbortSignal): AsyncIterable<IrStreamEvent> {
      const reply = planDemoReply(ir);
      const inputTokens = estimateIr(ir);
      yield { type: 'message-start', id: `msg_demo_${randomBytes(8).toString('hex')}`, model, usage: { inputTokens } };
      let produced: string;
      if (reply.kind === 'text') {
        produced = reply.text;
        yield { type: 'text-start', id: 't0' };
        for (const delta of splitDeltas(reply.text)) {
          await tick();
          if (signal.aborted) return;
          yield { type: 'text-delta', id: 't0', delta };
        }
        yield { type: 'text-end', id: 't0' };
      } else {
        const args = JSON.stringify(reply.arguments);
        produced = reply.name + args;
        const callId = `call_demo_${randomBytes(6).toString('hex')}`;
        yield { type: 'tool-input-start', id: 'c0', callId, name: reply.name };
        for (const delta of splitDeltas(args, 2)) {
          await tick();
          if (signal.aborted) return;
          yield { type: 'tool-input-delta', id: 'c0', delta };
        }
        yield { type: 'tool-input-end', id: 'c0' };
        yield { type: 'tool-call', id: 'c0', callId, name: reply.name, arguments: args };
      }
      const outputTokens = Math.max(1, Math.ceil(textTokens(produced)));
      yield { type: 'finish', reason: reply.kind === 'text' ? 'stop' : 'tool_calls', usage: { inputTokens, outputTokens } };
    },

    async countTokens(ir: IrRequest): Promise<number> {
      return estimateIr(ir);
    },
  };
}

/** The registry entry of the `demo` kind (served in process by createDemoProvider above). */
export const demo = inProcessProvider('demo', 'antigravity-proxy');
