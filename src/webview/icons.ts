/**
 * Codicons (media/codicons/codicon.css, from @vscode/codicons) for buttons, headings and
 * badges. An icon is decoration (aria-hidden); the text next to it (or aria-label on an
 * icon-only button) says what it is. Text lives in a `.label` span so it can change without
 * rebuilding the icon.
 */
import { h } from './dom';

export function icon(name: string): HTMLElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** Gives `el` an icon and an empty `.label` span; returns `el`. */
export function withIcon<T extends HTMLElement>(el: T, name: string): T {
  el.replaceChildren(icon(name), h('span', { class: 'label' }));
  return el;
}

export function setIcon(el: HTMLElement, name: string): void {
  const i = el.querySelector(':scope > .codicon');
  const cls = `codicon codicon-${name}`;
  if (i && i.className !== cls) i.className = cls;
}

/** Sets the `.label` text (or the whole text when `el` has no label span). */
export function setLabel(el: HTMLElement, text: string): void {
  const target = el.querySelector<HTMLElement>(':scope > .label') ?? el;
  if (target.textContent !== text) target.textContent = text;
}

/** A state badge: tone class (ok / busy / bad / other / off), icon and text. */
export function setBadge(el: HTMLElement, text: string, tone: string, iconName: string): void {
  if (!el.querySelector(':scope > .label')) withIcon(el, iconName);
  setIcon(el, iconName);
  setLabel(el, text);
  el.className = `badge ${tone}`;
}

export function badge(text: string, tone: string, iconName: string, attrs: Record<string, string> = {}): HTMLElement {
  const el = h('span', attrs);
  setBadge(el, text, tone, iconName);
  return el;
}

/** An icon-only button: the accessible name and tooltip come from `title`. */
export function iconButton(name: string, title: string, attrs: Parameters<typeof h>[1] = {}): HTMLButtonElement {
  const b = h('button', { class: 'secondary icon-only', title, 'aria-label': title, ...attrs }, icon(name));
  return b;
}
