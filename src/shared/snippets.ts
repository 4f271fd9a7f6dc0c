/**
 * Client setup snippets (pure). Base URL rules come from CLIENTS.md: OpenAI-style clients
 * need `/v1`; Anthropic SDK, Claude Code, Gemini CLI and the Google SDKs need the bare origin.
 */

export type SnippetId =
  | 'curl'
  | 'openai-python'
  | 'openai-node'
  | 'anthropic-sdk'
  | 'claude-code'
  | 'kilo-code'
  | 'codex'
  | 'gemini-cli'
  | 'google-generativeai'
  | 'google-genai';

export interface Snippet {
  id: SnippetId;
  title: string;
  language: 'shell' | 'python' | 'javascript' | 'toml' | 'json' | 'text';
  code: string;
}

export interface SnippetInput {
  /** Host a local client connects to (never 0.0.0.0). */
  host: string;
  port: number;
  /** The real key, only after an explicit "include key"; otherwise the placeholder is used. */
  apiKey?: string;
  /** Example model names per dialect (pickSnippetModels: from the models the accounts serve). */
  models?: { openai?: string; anthropic?: string; gemini?: string };
  /**
   * Whether the proxy checks the key (effective auth mode not `off`); default true. With auth
   * off, curl sends no key header and SDKs that insist on a key get NO_AUTH_KEY.
   */
  auth?: boolean;
}

export const KEY_PLACEHOLDER = 'YOUR_PROXY_API_KEY';
/** What SDKs that require some key get while auth is off (any value passes). */
export const NO_AUTH_KEY = 'unused';

export function baseUrls(host: string, port: number): { origin: string; openai: string; anthropic: string; gemini: string } {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const origin = `http://${h}:${port}`;
  return { origin, openai: `${origin}/v1`, anthropic: origin, gemini: origin };
}

export function buildSnippets(input: SnippetInput): Snippet[] {
  const url = baseUrls(input.host, input.port);
  const auth = input.auth ?? true;
  const key = !auth ? NO_AUTH_KEY : input.apiKey && input.apiKey.length > 0 ? input.apiKey : KEY_PLACEHOLDER;
  const oModel = input.models?.openai ?? 'gpt-4o-mini';
  const aModel = input.models?.anthropic ?? 'claude-sonnet-4-5';
  const gModel = input.models?.gemini ?? 'gemini-3-flash';
  const q = JSON.stringify; // string literals valid in Python, JS, TOML and JSON alike
  const chatBody = JSON.stringify({ model: oModel, messages: [{ role: 'user', content: 'Hello' }] });

  return [
    {
      id: 'curl',
      title: 'curl',
      language: 'shell',
      code: [
        `curl ${url.openai}/chat/completions \\`,
        `  -H "Content-Type: application/json" \\`,
        ...(auth ? [`  -H "Authorization: Bearer ${key}" \\`] : []),
        `  -d '${chatBody}'`,
      ].join('\n'),
    },
    {
      id: 'openai-python',
      title: 'OpenAI Python',
      language: 'python',
      code: [
        'from openai import OpenAI',
        '',
        `client = OpenAI(base_url=${q(url.openai)}, api_key=${q(key)})`,
        'resp = client.chat.completions.create(',
        `    model=${q(oModel)},`,
        '    messages=[{"role": "user", "content": "Hello"}],',
        ')',
        'print(resp.choices[0].message.content)',
      ].join('\n'),
    },
    {
      id: 'openai-node',
      title: 'OpenAI Node',
      language: 'javascript',
      code: [
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: ${q(url.openai)}, apiKey: ${q(key)} });`,
        'const resp = await client.chat.completions.create({',
        `  model: ${q(oModel)},`,
        "  messages: [{ role: 'user', content: 'Hello' }],",
        '});',
        'console.log(resp.choices[0].message.content);',
      ].join('\n'),
    },
    {
      id: 'anthropic-sdk',
      title: 'Anthropic SDK (Python)',
      language: 'python',
      code: [
        'import anthropic',
        '',
        '# Base URL without /v1: the SDK adds it.',
        `client = anthropic.Anthropic(base_url=${q(url.anthropic)}, api_key=${q(key)})`,
        'msg = client.messages.create(',
        `    model=${q(aModel)},`,
        '    max_tokens=1024,',
        '    messages=[{"role": "user", "content": "Hello"}],',
        ')',
        'print(msg.content[0].text)',
      ].join('\n'),
    },
    {
      id: 'claude-code',
      title: 'Claude Code (env)',
      language: 'shell',
      code: [
        '# Base URL without /v1',
        `export ANTHROPIC_BASE_URL=${url.anthropic}`,
        `export ANTHROPIC_AUTH_TOKEN=${key}`,
        'claude',
      ].join('\n'),
    },
    {
      id: 'kilo-code',
      title: 'Kilo Code',
      language: 'text',
      code: [
        'API Provider: OpenAI Compatible',
        `Base URL:     ${url.openai}`,
        `API Key:      ${key}`,
        `Model:        ${oModel}`,
      ].join('\n'),
    },
    {
      id: 'codex',
      title: 'Codex (~/.codex/config.toml)',
      language: 'toml',
      code: [
        `model = ${q(oModel)}`,
        'model_provider = "antigravity"',
        '',
        '[model_providers.antigravity]',
        'name = "Antigravity Proxy"',
        `base_url = ${q(url.openai)}`,
        ...(auth ? ['env_key = "ANTIGRAVITY_API_KEY"'] : []),
        'wire_api = "responses"',
        ...(auth ? ['', `# then: export ANTIGRAVITY_API_KEY=${key}`] : []),
      ].join('\n'),
    },
    {
      id: 'gemini-cli',
      title: 'Gemini CLI (env)',
      language: 'shell',
      code: [
        '# Base URL without /v1beta',
        `export GOOGLE_GEMINI_BASE_URL=${url.gemini}`,
        `export GEMINI_API_KEY=${key}`,
        'gemini',
      ].join('\n'),
    },
    {
      id: 'google-generativeai',
      title: 'google-generativeai (Python)',
      language: 'python',
      code: [
        'import google.generativeai as genai',
        '',
        'genai.configure(',
        `    api_key=${q(key)},`,
        '    transport="rest",',
        `    client_options={"api_endpoint": ${q(url.gemini)}},`,
        ')',
        `model = genai.GenerativeModel(${q(gModel)})`,
        'print(model.generate_content("Hello").text)',
      ].join('\n'),
    },
    {
      id: 'google-genai',
      title: '@google/genai (Node)',
      language: 'javascript',
      code: [
        "import { GoogleGenAI } from '@google/genai';",
        '',
        'const ai = new GoogleGenAI({',
        `  apiKey: ${q(key)},`,
        `  httpOptions: { baseUrl: ${q(url.gemini)} },`,
        '});',
        `const resp = await ai.models.generateContent({ model: ${q(gModel)}, contents: 'Hello' });`,
        'console.log(resp.text);',
      ].join('\n'),
    },
  ];
}
