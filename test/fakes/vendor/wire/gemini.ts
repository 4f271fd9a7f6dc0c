import { geminiFrame, pieces, textPieces } from './sse';
import { newId, textOf, USAGE, type RequestView, type Turn } from './turn';

/** Gemini API v1beta as generativelanguage.googleapis.com sends it. */
export function viewGemini(body: any, model: string, stream: boolean): RequestView {
  const contents: any[] = Array.isArray(body?.contents) ? body.contents : [];
  const lastModel = contents.map((c) => c?.role).lastIndexOf('model');
  const parts = (c: any): any[] => (Array.isArray(c?.parts) ? c.parts : []);
  const lastUser = [...contents].reverse().find((c) => c?.role !== 'model' && parts(c).some((p) => typeof p?.text === 'string'));
  const gc = body?.generationConfig ?? {};
  const wantsJson = gc.responseMimeType === 'application/json';
  return {
    dialect: 'gemini',
    model,
    stream,
    tools: (body?.tools ?? []).flatMap((t: any) => t?.functionDeclarations ?? []).map((f: any) => ({ name: f.name, schema: f.parametersJsonSchema ?? f.parameters })),
    toolResults: contents
      .slice(lastModel + 1)
      .flatMap(parts)
      .filter((p) => p?.functionResponse)
      .map((p) => ({ id: p.functionResponse.id, name: p.functionResponse.name, text: JSON.stringify(p.functionResponse.response ?? {}) })),
    lastUserText: parts(lastUser)
      .filter((p) => typeof p?.text === 'string')
      .map((p) => p.text)
      .join('\n'),
    allText: [textOf(body?.systemInstruction), ...contents.map((c) => parts(c).map((p) => (p?.functionResponse ? JSON.stringify(p.functionResponse) : textOf(p))).join('\n'))].join('\n'),
    jsonSchema: wantsJson ? (gc.responseJsonSchema ?? gc.responseSchema ?? {}) : undefined,
    signaturesBack: contents.flatMap((c) => (c?.role === 'model' ? parts(c).filter((p) => p?.thoughtSignature).map((p) => p.thoughtSignature) : [])),
    toolCallIdsBack: contents.flatMap((c) => (c?.role === 'model' ? parts(c).filter((p) => p?.functionCall?.id).map((p) => p.functionCall.id) : [])),
  };
}

/** What the Gemini API refuses with 400 that a translator could get wrong. */
export function validateGemini(body: any): string | undefined {
  if (!Array.isArray(body?.contents) || body.contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  for (const [i, c] of body.contents.entries()) {
    if (c?.role !== undefined && c.role !== 'user' && c.role !== 'model') return `Please use a valid role: user, model. (contents[${i}].role = ${c.role})`;
    if (!Array.isArray(c?.parts) || c.parts.length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
    const calls = c.role === 'model' ? c.parts.filter((p: any) => p?.functionCall).length : 0;
    const next = body.contents[i + 1];
    if (calls && next) {
      const responses = (next.parts ?? []).filter((p: any) => p?.functionResponse).length;
      if (responses !== calls) {
        return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
      }
    }
  }
  return undefined;
}

/** Parts of a turn. The thought signature rides on the first function call, else on the answer's first part (as Gemini 3 does). */
function parts(turn: Turn): any[] {
  const out: any[] = [];
  if (turn.reasoning) out.push({ text: turn.reasoning.text, thought: true });
  // The Gemini API sends no call ids: a translator has to make them up and pair results by name/order.
  const calls = (turn.toolCalls ?? []).map((c) => ({ functionCall: { name: c.name, args: c.args } }));
  const text = turn.text !== undefined ? [{ text: turn.text }] : [];
  const answer = [...text, ...calls];
  if (turn.reasoning) {
    const carrier = calls[0] ?? answer[0];
    if (carrier) (carrier as any).thoughtSignature = turn.reasoning.signature;
    else (out[0] as any).thoughtSignature = turn.reasoning.signature;
  }
  return [...out, ...answer];
}

const usage = (candidates: number) => ({
  promptTokenCount: USAGE.input,
  candidatesTokenCount: candidates,
  totalTokenCount: USAGE.input + candidates + USAGE.reasoning,
  thoughtsTokenCount: USAGE.reasoning,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: USAGE.input }],
});

export function renderGemini(turn: Turn, model: string) {
  return {
    candidates: [{ content: { parts: parts(turn), role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: usage(USAGE.output),
    modelVersion: model,
    responseId: newId(''),
  };
}

/** One GenerateContentResponse per chunk: thoughts, then text deltas, then whole function calls; the last carries finishReason. */
export function geminiChunks(turn: Turn, model: string): any[] {
  const all = parts(turn);
  const split: any[][] = [];
  for (const p of all) {
    const deltas = typeof p.text !== 'string' || p.thoughtSignature ? undefined : p.thought ? pieces(p.text) : textPieces(turn);
    if (deltas) for (const t of deltas) split.push([{ ...p, text: t }]);
    else split.push([p]);
  }
  const responseId = newId('');
  return split.map((ps, i) => ({
    candidates: [{ content: { parts: ps, role: 'model' }, ...(i === split.length - 1 ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: i === split.length - 1 ? usage(USAGE.output) : { promptTokenCount: USAGE.input, totalTokenCount: USAGE.input },
    modelVersion: model,
    responseId,
  }));
}

export function streamGeminiSse(turn: Turn, model: string): string[] {
  return geminiChunks(turn, model).map(geminiFrame);
}

/** Without `alt=sse` the API streams one JSON array. */
export function streamGeminiArray(turn: Turn, model: string): string[] {
  const chunks = geminiChunks(turn, model);
  return chunks.map((c, i) => `${i === 0 ? '[' : '\r\n,'}${JSON.stringify(c)}${i === chunks.length - 1 ? ']' : ''}`);
}

export function geminiModels(ids: string[]) {
  return {
    models: ids.map((id) => ({
      name: `models/${id}`,
      version: '001',
      displayName: id,
      description: `Fake ${id}`,
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
      temperature: 1,
      topP: 0.95,
      topK: 64,
      maxTemperature: 2,
      thinking: true,
    })),
  };
}
