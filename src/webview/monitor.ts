/**
 * Mount point of the Proxy Monitor tab (issue 6). The monitor owner replaces this body; the
 * panel only guarantees a root element and an opaque message channel (`monitor` messages).
 */
import { h, replaceChildren } from './dom';

export interface MonitorView {
  receive(payload: unknown): void;
}

export function mountMonitor(root: HTMLElement, _post: (payload: unknown) => void, t: (s: string) => string): MonitorView {
  replaceChildren(root, h('p', { class: 'muted' }, t('The Proxy Monitor appears here.')));
  return { receive() {} };
}
