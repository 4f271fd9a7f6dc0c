import type { Turn } from './turn';

/** SSE framing exactly as each vendor writes it. */
export const dataFrame = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
export const eventFrame = (name: string, o: unknown) => `event: ${name}\ndata: ${JSON.stringify(o)}\n\n`;
/** Google's servers end SSE lines with CRLF. */
export const geminiFrame = (o: unknown) => `data: ${JSON.stringify(o)}\r\n\r\n`;

/** Splits text into a few deltas the way vendors stream it (never an empty piece). */
export function pieces(text: string, n = 3): string[] {
  if (text.length <= 1) return [text];
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The text deltas of a turn: its explicit `parts`, else its text in a few pieces. */
export function textPieces(turn: Turn): string[] {
  return turn.parts ?? (turn.text !== undefined ? pieces(turn.text) : []);
}
