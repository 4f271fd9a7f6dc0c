/**
 * The panel's client snippets: one <details> each, a chevron codicon as the visible expand
 * affordance (the summary is the native, keyboard-reachable toggle), a Copy button, the code.
 * Open/closed survives re-renders (a snippet the user opened stays open).
 */
import type { Snippet, SnippetId } from '../shared/snippets';
import { h, replaceChildren } from './dom';
import { icon } from './icons';

const OPEN_BY_DEFAULT: ReadonlySet<SnippetId> = new Set(['curl', 'claude-code']);

export function renderSnippetList(box: HTMLElement, snippets: readonly Snippet[], copyText: string, onCopy: (id: SnippetId) => void): void {
  const wasOpen = new Map([...box.querySelectorAll<HTMLDetailsElement>('details.snippet')].map((d) => [d.dataset.id, d.open]));
  replaceChildren(box, ...snippets.map((sn) =>
    h('details', { class: 'snippet', 'data-id': sn.id, open: wasOpen.get(sn.id) ?? OPEN_BY_DEFAULT.has(sn.id) },
      h('summary', {}, icon('chevron-right'), h('span', { class: 'snippet-title' }, sn.title),
        h('button', { class: 'secondary copy', 'data-id': sn.id, onclick: (ev) => { ev.preventDefault(); onCopy(sn.id); } }, icon('copy'), copyText)),
      h('pre', {}, h('code', { class: `language-${sn.language}` }, sn.code)))));
}
