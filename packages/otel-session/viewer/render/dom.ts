import { text } from '../model/otlp.js';

/** Element helpers. Text goes in through textContent only: everything shown comes from an untrusted file. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', content?: unknown): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined && content !== null) node.textContent = text(content);
  return node;
}

export function button(className: string, content: string, onClick: () => void): HTMLButtonElement {
  const node = el('button', className, content);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}
