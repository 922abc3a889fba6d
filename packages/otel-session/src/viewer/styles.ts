/**
 * The viewer page's stylesheet, inlined into every page so that it works offline and from a file.
 * Colours follow the system's light or dark preference. Row height is fixed (`--row`): the script
 * positions rows by index and must agree with it.
 */
export const VIEWER_CSS = String.raw`
:root {
  --row: 22px; --name-w: clamp(220px, 34%, 520px);
  --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --border: #d0d7de; --soft: #f6f8fa; --hover: #f3f6fa;
  --sel: #ddf4ff; --sel-border: #54aeff; --grid: #eaeef2; --accent: #0969da;
  --bar: #218bff; --llm: #8250df; --tool: #1a7f37; --agent: #0e7490; --err: #cf222e; --open: #bf8700;
  --code: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --border: #30363d; --soft: #161b22; --hover: #1c2128;
    --sel: #1f3a5f; --sel-border: #388bfd; --grid: #21262d; --accent: #4493f8;
    --bar: #4493f8; --llm: #a371f7; --tool: #3fb950; --agent: #39c5cf; --err: #f85149; --open: #d29922;
  }
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; background: var(--bg); color: var(--fg);
  font: 13px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
button, input { font: inherit; color: inherit; }
button { background: var(--soft); border: 1px solid var(--border); border-radius: 6px; padding: 2px 9px; cursor: pointer; }
button:hover { border-color: var(--muted); }
code, .mono { font-family: var(--code); font-size: 12px; }

#session-header { padding: 10px 16px 8px; border-bottom: 1px solid var(--border); }
.title-row { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.title-row h1 { font-size: 18px; margin: 0; font-weight: 600; }
.status { border-radius: 999px; padding: 1px 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.status-running { color: var(--accent); } .status-completed { color: var(--tool); }
.status-error, .status-crashed { color: var(--err); } .status-interrupted { color: var(--open); }
.status-crashed { background: var(--err); color: #fff; border-color: var(--err); }
.live { font-size: 12px; color: var(--muted); }
.live.on::before { content: "●"; color: var(--tool); margin-right: 4px; }
.live.off::before { content: "●"; color: var(--open); margin-right: 4px; }
.meta { color: var(--muted); margin-top: 4px; }
.meta span + span::before { content: "·"; margin: 0 6px; }
.alert { margin-top: 8px; padding: 6px 10px; border-radius: 6px; border: 1px solid var(--err); color: var(--err);
  background: color-mix(in srgb, var(--err) 8%, transparent); }
.alert pre { margin: 6px 0 0; white-space: pre-wrap; font-family: var(--code); font-size: 11px; color: var(--fg); }
.alert summary { cursor: pointer; color: var(--muted); }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.chip { background: var(--soft); border: 1px solid var(--border); border-radius: 6px; padding: 1px 8px; }
.chip b { font-weight: 600; }

#toolbar { display: flex; align-items: center; gap: 8px; padding: 6px 16px; border-bottom: 1px solid var(--border); flex-wrap: wrap; }
#toolbar input[type=search] { width: 240px; padding: 3px 8px; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); }
#toolbar label { display: inline-flex; align-items: center; gap: 4px; color: var(--muted); }
#toolbar .sep { width: 1px; height: 18px; background: var(--border); }
#toolbar .grow { flex: 1; }
#count, #zoom-level { color: var(--muted); }
.legend { display: inline-flex; gap: 10px; color: var(--muted); font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 3px; vertical-align: -1px; }

#main { flex: 1; display: flex; min-height: 0; }
#waterfall { flex: 1; min-width: 0; display: flex; flex-direction: column; }
#rows { flex: 1; overflow: auto; position: relative; outline: none; }
#axis { position: sticky; top: 0; z-index: 3; display: grid; grid-template-columns: var(--name-w) 1fr; height: 26px;
  background: var(--soft); border-bottom: 1px solid var(--border); user-select: none; }
.axis-name { padding: 4px 10px; color: var(--muted); font-weight: 600; border-right: 1px solid var(--border); }
#ticks { position: relative; cursor: crosshair; overflow: hidden; }
.tick { position: absolute; top: 0; bottom: 0; border-left: 1px solid var(--border); padding: 5px 0 0 4px; color: var(--muted);
  font-size: 11px; white-space: nowrap; pointer-events: none; }
#brush { position: absolute; top: 0; bottom: 0; background: color-mix(in srgb, var(--accent) 25%, transparent);
  border: 1px solid var(--accent); display: none; pointer-events: none; }
#rows-inner { position: relative; }
.grid { position: absolute; left: var(--name-w); right: 0; pointer-events: none; }
.grid div { position: absolute; top: 0; bottom: 0; border-left: 1px solid var(--grid); }
.row { position: absolute; left: 0; right: 0; height: var(--row); display: grid; grid-template-columns: var(--name-w) 1fr;
  cursor: default; border-bottom: 1px solid transparent; }
.row:hover { background: var(--hover); }
.row.selected { background: var(--sel); box-shadow: inset 3px 0 0 var(--sel-border); }
.row.context { opacity: 0.55; }
.name { display: flex; align-items: center; gap: 4px; white-space: nowrap; overflow: hidden; border-right: 1px solid var(--border); padding-right: 6px; }
.toggle { width: 14px; flex: none; text-align: center; color: var(--muted); cursor: pointer; font-size: 10px; }
.label { overflow: hidden; text-overflow: ellipsis; }
.is-error .label { color: var(--err); }
.tag { flex: none; font-size: 10px; font-weight: 600; padding: 0 5px; border-radius: 4px; text-transform: uppercase; letter-spacing: 0.02em; }
.tag-error, .tag-crashed { background: var(--err); color: #fff; }
.tag-open, .tag-interrupted { background: var(--open); color: #fff; }
.kids { flex: none; color: var(--muted); font-size: 11px; }
.lane { position: relative; overflow: hidden; }
.bar { position: absolute; top: 5px; height: 12px; min-width: 2px; border-radius: 3px; background: var(--bar); }
.bar.llm { background: var(--llm); } .bar.tool { background: var(--tool); } .bar.agent { background: var(--agent); }
.bar.err { background: var(--err); }
.bar.unended { background: repeating-linear-gradient(135deg, var(--open) 0 5px, color-mix(in srgb, var(--open) 45%, transparent) 5px 10px); }
.bar.unended.err { background: repeating-linear-gradient(135deg, var(--err) 0 5px, color-mix(in srgb, var(--err) 45%, transparent) 5px 10px); }
.event { position: absolute; top: 3px; width: 2px; height: 16px; background: var(--fg); opacity: 0.55; border-radius: 1px; }
.dur { position: absolute; top: 3px; font-size: 11px; color: var(--muted); white-space: nowrap; pointer-events: none; }
.dur.inside { top: 4px; font-size: 10px; color: #fff; font-weight: 600; text-shadow: 0 0 2px rgba(0, 0, 0, 0.6); }
.empty { padding: 24px; color: var(--muted); }

#details { width: 400px; flex: none; border-left: 1px solid var(--border); overflow: auto; padding: 12px 14px; }
#details h2 { font-size: 15px; margin: 0 0 6px; word-break: break-word; }
#details h3 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin: 16px 0 6px; }
#details .hint { color: var(--muted); }
.badges { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 8px; }
.kv { width: 100%; border-collapse: collapse; table-layout: fixed; }
.kv td { border-top: 1px solid var(--border); padding: 3px 4px; vertical-align: top; word-break: break-word; }
.kv td:first-child { width: 40%; color: var(--muted); font-family: var(--code); font-size: 12px; }
.kv td:last-child { font-family: var(--code); font-size: 12px; white-space: pre-wrap; }
.kv tr.key-attr td:first-child { color: var(--accent); }
.event-item { border-left: 2px solid var(--border); padding-left: 8px; margin-bottom: 8px; }
.event-item .when { color: var(--muted); font-size: 12px; margin-right: 6px; }
.linkish { background: none; border: none; padding: 0; text-align: left; color: var(--accent); cursor: pointer; font-family: var(--code); font-size: 12px; text-decoration: underline; }
.status-message { color: var(--err); white-space: pre-wrap; }
`;
