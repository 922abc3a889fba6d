import { describeCrash, type Segment } from '../model/history.js';
import type { SpanNode } from '../model/sessionModel.js';
import { el, button } from './dom.js';

/**
 * A process's crash as the page shows it: the cause (reason, signal, exit code, error), the stack, and
 * the spans that were running, each one click away.
 */
export function crashRecord(segment: Segment, running: SpanNode[], onSpan: (node: SpanNode) => void): HTMLElement {
  const crash = segment.crash;
  const box = el('div', 'alert crash');
  box.dataset.segment = String(segment.index);
  // A process that exited on its own while spans were open is `interrupted`, with the exit recorded.
  const stopped = segment.status === 'interrupted';
  box.appendChild(el('b', '', stopped ? 'Stopped: ' : 'Crash: '));
  box.appendChild(document.createTextNode(crash ? describeCrash(crash) : `the process stopped (${segment.status}) without a recorded cause`));
  if (crash?.stack) box.appendChild(el('pre', 'stack', crash.stack));
  if (running.length) {
    const list = el('div', 'crash-spans');
    list.appendChild(el('span', '', stopped ? 'Running when it stopped: ' : 'Running when it crashed: '));
    for (const node of running) list.appendChild(button('linkish crash-span', node.name || node.spanId, () => onSpan(node)));
    box.appendChild(list);
  }
  return box;
}
