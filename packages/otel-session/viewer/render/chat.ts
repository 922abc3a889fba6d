import type { ChatMessage, ChatPart } from '../model/messages.js';
import { el } from './dom.js';

/** A span's messages as a chat: one bubble per message, tool calls and results as labelled boxes. */

function partElement(part: ChatPart): HTMLElement {
  if (part.type === 'text') return el('div', 'part text', part.text);
  if (part.type === 'reasoning') return el('div', 'part reasoning', part.text);
  const box = el('div', `part ${part.type}`);
  const head = el('div', 'tool-head');
  head.appendChild(el('span', 'tool-kind', part.type === 'tool-call' ? 'tool call' : 'tool result'));
  if (part.name) head.appendChild(el('b', 'tool-name', part.name));
  if (part.id) head.appendChild(el('span', 'tool-id', part.id));
  box.appendChild(head);
  if (part.text) box.appendChild(el('pre', '', part.text));
  return box;
}

export function chatElement(messages: ChatMessage[]): HTMLElement {
  const chat = el('div', 'chat');
  for (const message of messages) {
    const role = /^[a-z_]+$/.test(message.role) ? message.role : 'other';
    const bubble = el('div', `msg msg-${role}${message.output ? ' msg-output' : ''}`);
    bubble.appendChild(el('div', 'role', message.output ? `${message.role} (response)` : message.role));
    for (const part of message.parts) bubble.appendChild(partElement(part));
    chat.appendChild(bubble);
  }
  return chat;
}
