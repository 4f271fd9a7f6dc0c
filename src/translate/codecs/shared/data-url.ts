import type { IrImagePart } from '../../ir';

/** `data:<mime>;base64,<data>` or a plain URL → IR image part. */
export function imageFromUrl(url: string, detail?: string): IrImagePart {
  const m = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  const part: IrImagePart = m
    ? { type: 'image', source: { kind: 'base64', mediaType: m[1] || 'image/png', data: m[2] } }
    : { type: 'image', source: { kind: 'url', url } };
  if (detail) part.detail = detail;
  return part;
}

/** IR image → a URL (data URL for base64) for OpenAI dialects. */
export function imageToUrl(p: IrImagePart): string {
  return p.source.kind === 'base64' ? `data:${p.source.mediaType};base64,${p.source.data}` : p.source.url;
}
