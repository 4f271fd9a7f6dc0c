import type { IrImagePart, IrPart, IrTextPart } from '../../ir';
import { asArray, asObject, asString, isObject, shown } from '../shared/json';

/** One Anthropic content block → IR parts (unknown blocks are dropped, never an error). */
function decodeAnthropicBlock(block: unknown, notes?: string[]): IrPart[] {
  if (typeof block === 'string') return block ? [{ type: 'text', text: block }] : [];
  const b = asObject(block);
  switch (b.type) {
    case 'text': {
      const part: IrTextPart = { type: 'text', text: asString(b.text) ?? '' };
      if (isObject(b.cache_control)) part.cacheControl = b.cache_control as unknown as IrTextPart['cacheControl'];
      return [part];
    }
    case 'image':
    case 'document': {
      const img = decodeAnthropicImage(b);
      if (img) return [img];
      if (b.type === 'document') {
        const src = asObject(b.source);
        if (src.type === 'text' && typeof src.data === 'string') return [{ type: 'text', text: src.data }];
      }
      notes?.push(`dropped unsupported ${shown(b.type)} source`);
      return [];
    }
    case 'tool_use':
    case 'server_tool_use':
      return [{ type: 'tool-call', id: asString(b.id) ?? '', name: asString(b.name) ?? '', input: asObject(b.input) }];
    case 'tool_result':
      return [{
        type: 'tool-result',
        callId: asString(b.tool_use_id) ?? '',
        content: decodeToolResultContent(b.content),
        ...(b.is_error === true ? { isError: true } : {}),
      }];
    case 'thinking':
      return [{ type: 'reasoning', text: asString(b.thinking) ?? '', ...(asString(b.signature) ? { signature: asString(b.signature) } : {}) }];
    case 'redacted_thinking':
      return [{ type: 'reasoning', text: '', redacted: asString(b.data) ?? '' }];
    default:
      notes?.push(`dropped content block ${shown(b.type)}`);
      return [];
  }
}

export function decodeAnthropicContent(content: unknown, notes?: string[]): IrPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return asArray(content).flatMap((b) => decodeAnthropicBlock(b, notes));
}

function decodeAnthropicImage(b: Record<string, unknown>): IrImagePart | undefined {
  const src = asObject(b.source);
  if (src.type === 'base64' && typeof src.data === 'string') {
    return { type: 'image', source: { kind: 'base64', mediaType: asString(src.media_type) ?? 'image/png', data: src.data } };
  }
  if (src.type === 'url' && typeof src.url === 'string') return { type: 'image', source: { kind: 'url', url: src.url } };
  return undefined;
}

function decodeToolResultContent(content: unknown): Array<IrTextPart | IrImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const out: Array<IrTextPart | IrImagePart> = [];
  for (const part of decodeAnthropicContent(content)) {
    if (part.type === 'text' || part.type === 'image') out.push(part);
  }
  return out;
}
