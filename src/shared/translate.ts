/** The `vscode.l10n.t` contract, shared by host, UI and webview: English template, `{0}` placeholders. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Fills `{0}`, `{1}`, … from `args`; a placeholder without an argument stays as it is. */
export function formatMessage(template: string, args: ReadonlyArray<string | number | boolean>): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

/** Identity translator (tests, headless): English with the placeholders filled. */
export const englishOnly: Translate = (message, ...args) => formatMessage(message, args);
