import type { IrResponse } from '../../ir';
import { newId } from '../shared/ids';
import type { Json } from '../shared/json';
import { functionCallItem, messageItem, reasoningItem, responseObject } from './encode-responses-items';
import { encodeStatus, encodeUsage } from './mappings';

/** IR → OpenAI Responses response object for a Responses client. */
export function encodeResponsesResponse(r: IrResponse, model: string, now = Date.now()): Json {
  const output: Json[] = [];
  let text = '';
  const flushText = () => {
    if (text) output.push(messageItem(newId('msg_'), text));
    text = '';
  };
  for (const p of r.content) {
    if (p.type === 'text') {
      text += p.text;
      continue;
    }
    flushText();
    if (p.type === 'reasoning') output.push(reasoningItem(newId('rs_'), p.text, p.signature, p.redacted));
    else output.push(functionCallItem(newId('fc_'), p.id || newId('call_'), p.name, JSON.stringify(p.input)));
  }
  flushText();
  const { status, incomplete_details } = encodeStatus(r.finishReason);
  return responseObject(r.id.startsWith('resp_') ? r.id : newId('resp_'), model, Math.floor(now / 1000), {
    status,
    incomplete_details,
    output,
    usage: encodeUsage(r.usage),
  });
}
