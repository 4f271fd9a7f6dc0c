import type { IrImagePart, IrRequest } from '../../ir';

/** An image fetched by the proxy for an upstream that takes only inline data. */
export interface InlineImage {
  mediaType: string;
  /** base64 */
  data: string;
}

/** Gemini's own file URIs go as fileData, never fetched. */
const GEMINI_FILE = /^https:\/\/generativelanguage\.googleapis\.com\//;

function* imageParts(ir: IrRequest): Generator<IrImagePart> {
  for (const m of ir.messages) {
    for (const p of m.content) {
      if (p.type === 'image') yield p;
      else if (p.type === 'tool-result') for (const c of p.content) if (c.type === 'image') yield c;
    }
  }
}

/** The http(s) image URLs of a request (messages and tool results), each once. */
export function remoteImageUrls(ir: IrRequest): string[] {
  const urls = new Set<string>();
  for (const p of imageParts(ir)) {
    if (p.source.kind === 'url' && /^https?:\/\//i.test(p.source.url) && !GEMINI_FILE.test(p.source.url)) urls.add(p.source.url);
  }
  return [...urls];
}

/** Replaces URL sources by the fetched inline data (in place; unknown URLs stay). */
export function inlineImageUrls(ir: IrRequest, images: ReadonlyMap<string, InlineImage>): void {
  for (const p of imageParts(ir)) {
    if (p.source.kind !== 'url') continue;
    const img = images.get(p.source.url);
    if (img) p.source = { kind: 'base64', mediaType: img.mediaType, data: img.data };
  }
}
