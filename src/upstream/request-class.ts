/**
 * Request classes: what kind of call a request is, so `routes` can send it to a model of its
 * own ("send the background and subagent calls to the cheap model").
 *
 * First Claude Code's gateway hint headers, when present:
 *   `x-claude-code-request-class`: auxiliary → background; subagent, workflow → subagent;
 *     compaction → longContext; one of our class names → that class; anything else → default;
 *   `x-claude-code-compaction` (any value but false/0) → longContext;
 *   `x-claude-code-agent-type`: main / primary / default → default; one of our class names →
 *     that class; any other agent type → subagent.
 * Else the request itself, first hit wins: a Haiku-family model or a title / warm-up request →
 * background; subagent markers in the system prompt → subagent; thinking enabled → think;
 * estimated input over `longContextThreshold` → longContext; image parts → image; a web search
 * tool → webSearch. Every verdict carries the rule that matched, for the monitor record.
 */
import { REQUEST_CLASSES, type ProxyConfig, type RequestClass } from '../core/config';
import type { Dialect } from '../core/dialect';
import { CODECS } from '../translate/codecs/registry';
import { estimateIr } from '../translate/count-tokens';
import type { IrPart, IrRequest } from '../translate/ir';
import { headerValue, type HeadersLike } from './cooldown-hints';
import { globMatch } from './model-mapping';

export type ClassName = RequestClass | 'default';

export interface ClassVerdict {
  cls: ClassName;
  /** Why, as the monitor shows it: "class background from header", "longContext: 81 200 tokens > 60 000". */
  rule: string;
}

export interface ClassInput {
  dialect: Dialect;
  clientModel: string;
  headers: HeadersLike;
  body: Record<string, unknown>;
  /** Estimated input tokens above which a request is longContext. */
  threshold: number;
}

const ownClass = (v: string): RequestClass | undefined => REQUEST_CLASSES.find((c) => c.toLowerCase() === v.toLowerCase());

function fromHeaders(headers: HeadersLike): ClassVerdict | undefined {
  const requestClass = headerValue(headers, 'x-claude-code-request-class')?.trim();
  if (requestClass) {
    const v = requestClass.toLowerCase();
    const cls: ClassName = ownClass(v) ?? (v === 'auxiliary' ? 'background' : v === 'subagent' || v === 'workflow' ? 'subagent' : v === 'compaction' ? 'longContext' : 'default');
    return { cls, rule: `class ${cls} from header x-claude-code-request-class: ${requestClass}` };
  }
  const compaction = headerValue(headers, 'x-claude-code-compaction')?.trim();
  if (compaction && !/^(false|0|no)$/i.test(compaction)) return { cls: 'longContext', rule: 'class longContext from header x-claude-code-compaction' };
  const agent = headerValue(headers, 'x-claude-code-agent-type')?.trim();
  if (agent) {
    const cls: ClassName = /^(main|primary|default)$/i.test(agent) ? 'default' : ownClass(agent) ?? 'subagent';
    return { cls, rule: `class ${cls} from header x-claude-code-agent-type: ${agent}` };
  }
  return undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function decode(dialect: Dialect, body: Record<string, unknown>): IrRequest | undefined {
  try {
    return CODECS[dialect].decodeRequest(body);
  } catch {
    return undefined; // a body the codec refuses is refused later, with the codec's own message
  }
}

function hasImage(parts: readonly IrPart[]): boolean {
  return parts.some((p) => p.type === 'image' || (p.type === 'tool-result' && hasImage(p.content)));
}

/** Hosted web search as each dialect declares it (the codecs drop these tools, so read the body). */
function hasWebSearch(body: Record<string, unknown>): boolean {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  return tools.some((t) => isObj(t) && (
    (typeof t.type === 'string' && /^web_search/.test(t.type)) ||
    t.name === 'web_search' || (isObj(t.function) && t.function.name === 'web_search') ||
    'googleSearch' in t || 'google_search' in t || 'googleSearchRetrieval' in t));
}

function thinkingOn(ir: IrRequest): boolean {
  const r = ir.reasoning;
  if (!r || r.enabled === false) return false;
  return r.enabled === true || r.adaptive === true || (r.budgetTokens !== undefined && r.budgetTokens !== 0) || (r.effort !== undefined && r.effort !== 'none' && r.effort !== 'minimal');
}

/** "81 200": thousands grouped by a space, as the monitor shows token counts. */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

const SUBAGENT_MARKERS = /<CCR-SUBAGENT-MODEL>|\bsub-?agent\b|You are an agent for Claude Code/i;
const TITLE_REQUEST = /\b(title|topic)\b[^.\n]{0,80}\b(conversation|message|words?|characters)\b|\b(conversation|message)\b[^.\n]{0,80}\btitle\b/i;

export function classifyRequest(input: ClassInput): ClassVerdict {
  const hinted = fromHeaders(input.headers);
  if (hinted) return hinted;
  if (/haiku/i.test(input.clientModel)) return { cls: 'background', rule: `background: Haiku-family model ${input.clientModel}` };
  try {
    return fromRequest(input);
  } catch {
    // A body too deep to walk (hostile nesting): no class; the codec answers it as it would anyway.
    return { cls: 'default', rule: 'class default (request not classifiable)' };
  }
}

function fromRequest(input: ClassInput): ClassVerdict {
  const ir = decode(input.dialect, input.body);
  if (!ir) return { cls: 'default', rule: 'class default (no rule matched)' };
  const system = ir.system.map((p) => p.text).join('\n');
  const firstUser = ir.messages.find((m) => m.role === 'user');
  const firstText = (firstUser?.content ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('').trim();
  if (/^warm-?up$/i.test(firstText)) return { cls: 'background', rule: 'background: warm-up request' };
  if (ir.tools.length === 0 && TITLE_REQUEST.test(system)) return { cls: 'background', rule: 'background: title request' };
  if (SUBAGENT_MARKERS.test(system)) return { cls: 'subagent', rule: 'subagent: subagent marker in the system prompt' };
  if (thinkingOn(ir)) return { cls: 'think', rule: 'think: thinking enabled' };
  const tokens = estimateIr(ir);
  if (tokens > input.threshold) return { cls: 'longContext', rule: `longContext: ${groupDigits(tokens)} tokens > ${groupDigits(input.threshold)}` };
  if (ir.messages.some((m) => hasImage(m.content))) return { cls: 'image', rule: 'image: image input' };
  if (hasWebSearch(input.body)) return { cls: 'webSearch', rule: 'webSearch: web search tool' };
  return { cls: 'default', rule: 'class default (no rule matched)' };
}

/**
 * The model a request of this class goes to: `routes[cls]`, unless `modelMapping` names the
 * exact client model (the user's explicit word wins) or no route is set for the class.
 * Returns the model and, when the route was not taken though set, why.
 */
export function routeFor(config: Pick<ProxyConfig, 'routes' | 'modelMapping'>, clientModel: string, verdict: ClassVerdict): { model: string; note?: string } {
  if (verdict.cls === 'default') return { model: clientModel };
  const target = config.routes?.[verdict.cls];
  if (!target) return { model: clientModel };
  const exact = Object.keys(config.modelMapping).some((k) => !k.includes('*') && globMatch(k, clientModel));
  if (exact) return { model: clientModel, note: `modelMapping for ${clientModel} wins over routes.${verdict.cls}` };
  return { model: target, note: `routes.${verdict.cls} → ${target}` };
}
