/** The panel's HTML shell (pure): strict CSP with a nonce; all content is built by media/webview.js with DOM APIs. */

export interface PanelHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** Stylesheets loaded before styleUri (the codicon font's CSS), so the panel's rules win. */
  baseStyleUris?: string[];
  lang: string;
  title: string;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    // The codicon font (media/codicons/codicon.ttf) loads from the extension's media folder.
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function buildPanelHtml(i: PanelHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="${escapeAttr(i.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(panelCsp(i.cspSource, i.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${(i.baseStyleUris ?? []).map((u) => `<link rel="stylesheet" href="${escapeAttr(u)}">\n`).join('')}<link rel="stylesheet" href="${escapeAttr(i.styleUri)}">
<title>${escapeAttr(i.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${escapeAttr(i.nonce)}" src="${escapeAttr(i.scriptUri)}"></script>
</body>
</html>`;
}

/** 32 characters from [A-Za-z0-9]; `random` is injected for tests. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...random(32)].map((b) => chars[b % chars.length]).join('');
}
