import { followHash, load } from './actions.js';
import { wire } from './controls.js';
import { listen } from './live/events.js';
import { buildModel } from './model/sessionModel.js';
import { byId } from './render/dom.js';

/**
 * The viewer page's script. The page (src/viewer/page.ts) carries the session in `#session-data` and
 * `{"live": true}` in `#viewer-config` when `view --live` serves it.
 */

const config = JSON.parse(byId('viewer-config').textContent || '{}') as { live?: boolean };
wire();
load(buildModel(JSON.parse(byId('session-data').textContent || '{}')));
followHash();
if (config.live) listen();
document.body.dataset.ready = 'true';
