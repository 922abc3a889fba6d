import { load } from '../actions.js';
import { buildModel } from '../model/sessionModel.js';
import { renderLive } from '../render/header.js';

/**
 * `view --live`: the server pushes each new state of the file as a Server-Sent Event `session`; the
 * page shows it in place (the reader's selection, folds and zoom are kept by `load`).
 */
export function listen(): void {
  if (!window.EventSource) return;
  const source = new EventSource('events');
  renderLive('connecting\u2026', 'off');
  source.addEventListener('open', () => renderLive('live', 'on'));
  source.addEventListener('error', () => renderLive('reconnecting\u2026', 'off'));
  source.addEventListener('session', (event) => {
    let file: unknown;
    try {
      file = JSON.parse((event as MessageEvent<string>).data);
    } catch {
      return;
    }
    load(buildModel(file));
    renderLive(`live \u00b7 updated ${new Date().toLocaleTimeString()}`, 'on');
  });
}
