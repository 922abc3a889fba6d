import { embedJson, escapeHtml } from './embedJson.js';
import type { ViewerAssets } from './viewerAssets.js';

/**
 * The viewer as one self-contained HTML page: styles, script and the session itself inline, nothing
 * fetched. The Content-Security-Policy enforces that: no network at all for a saved page, and only the
 * page's own origin (for the live updates) when `view --live` serves it.
 */

export interface ViewerPageOptions {
  /** The session file's JSON text. */
  sessionJson: string;
  /** The page's title. */
  title: string;
  /** Whether the page subscribes to `events` for new states of the file. */
  live: boolean;
}

/** The page for `assets` from viewerAssets(): the bundled script and stylesheet, inlined. */
export function renderViewerPage({ sessionJson, title, live }: ViewerPageOptions, assets: ViewerAssets): string {
  const connect = live ? "'self'" : "'none'";
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src ${connect}; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="otel-session">
<title>${escapeHtml(title)} &middot; otel-session</title>
<style>${assets.style}</style>
</head>
<body>
<header id="session-header"></header>
<div id="toolbar">
  <input id="filter" type="search" placeholder="Filter spans: name or key=value" aria-label="Filter spans">
  <label><input id="errors-only" type="checkbox"> errors only</label>
  <button id="expand-all" type="button" title="Unfold every span">Expand all</button>
  <button id="collapse-all" type="button" title="Fold everything below the root spans">Collapse</button>
  <span class="sep"></span>
  <button id="zoom-out" type="button" title="Zoom out (-)">&minus;</button>
  <button id="zoom-in" type="button" title="Zoom in (+)">+</button>
  <button id="zoom-fit" type="button" title="Show the whole session (0)">Fit</button>
  <span id="zoom-level"></span>
  <label title="Draw pauses with nothing running narrow"><input id="compress-idle" type="checkbox" checked> compress idle time</label>
  <span class="grow"></span>
  <span class="legend"><span><i style="background:var(--agent)"></i>agent</span><span><i style="background:var(--llm)"></i>LLM</span><span><i style="background:var(--tool)"></i>tool</span><span><i style="background:var(--bar)"></i>other</span><span><i style="background:var(--err)"></i>error</span><span><i style="background:var(--open)"></i>not ended</span></span>
  <span id="count"></span>
</div>
<main id="main">
  <section id="waterfall">
    <div id="minimap-row"><div class="axis-name">Whole session</div><div id="minimap-area" title="Click to move the view here, drag to zoom into a range"><canvas id="minimap"></canvas><div id="minimap-window"></div><div id="minimap-rows"></div><div id="minimap-brush"></div></div></div>
    <div id="rows" tabindex="0">
      <div id="axis">
        <div class="axis-name">Span</div><div id="ticks" title="Drag to zoom into a range, wheel to zoom, double-click to fit"><div id="brush"></div></div>
        <div class="axis-name band">Processes</div><div id="segments-band"></div>
      </div>
      <div id="rows-inner"></div>
    </div>
  </section>
  <aside id="details"></aside>
</main>
<script id="session-data" type="application/json">${embedJson(sessionJson)}</script>
<script id="viewer-config" type="application/json">${JSON.stringify({ live })}</script>
<script>${assets.script}</script>
</body>
</html>
`;
}
