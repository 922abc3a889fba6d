/**
 * The viewer page's script, inlined into every page. Plain browser JavaScript in a string, so that tsc
 * ships it in dist/ and nothing is read from the source tree at run time; written without backticks and
 * without `${` so that it survives inside this template literal.
 *
 * It reads the session from `#session-data`, builds the span tree with one map (no quadratic lookups),
 * and draws only the rows in view: a 100k-span session costs a few hundred DOM nodes. With
 * `{"live":true}` in `#viewer-config` it listens to `events` (Server-Sent Events) and re-renders each new
 * state, keeping the zoom, the collapsed spans, the selection and the scroll position. Every text from
 * the file goes through textContent, never innerHTML: span attributes are untrusted input.
 */
export const VIEWER_SCRIPT = String.raw`
(function () {
  'use strict';
  var ROW_HEIGHT = 22;
  var OVERSCAN = 15;
  var INDENT = 14;
  var MIN_RANGE_MS = 0.001;
  var MAX_EVENT_MARKS = 30;
  var STATE_KEY = 'otel_session.span.state';
  var KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
  var STATUS_CODES = ['unset', 'ok', 'error'];
  var LLM_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings', 'completion']);
  // The Vercel AI SDK's model calls, by ai.operationId.
  var AI_SDK_MODEL_CALLS = new Set([
    'ai.generateText.doGenerate', 'ai.streamText.doStream', 'ai.generateObject.doGenerate', 'ai.streamObject.doStream',
    'ai.embed.doEmbed', 'ai.embedMany.doEmbed'
  ]);
  var KEY_ATTRIBUTES = new Set([
    'gen_ai.operation.name', 'gen_ai.request.model', 'gen_ai.response.model', 'gen_ai.tool.name',
    'tool.name', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'session.id',
    'llm.model_name', 'llm.token_count.prompt', 'llm.token_count.completion',
    'ai.model.id', 'ai.toolCall.name', 'ai.usage.inputTokens', 'ai.usage.outputTokens'
  ]);

  var state = {
    model: null,
    rows: [],
    matched: null,
    filtering: false,
    collapsed: new Set(),
    selected: null,
    view: { from: 0, to: 1 },
    fit: true,
    filter: '',
    errorsOnly: false,
    version: 0
  };

  function byId(id) { return document.getElementById(id); }

  // Any JSON value as text. String() throws for an object like {"toString": false}, which a file may hold.
  function text(value) {
    if (typeof value === 'string') return value;
    var json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = text(content);
    return node;
  }

  // ---- reading the file ----------------------------------------------------------------------------

  // A double holds this century's epoch nanoseconds to within 512 ns: plenty for drawing.
  function nanosToMs(value) {
    if (typeof value === 'number') return value / 1e6;
    return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) / 1e6 : NaN;
  }

  function valueText(value) {
    if (!value || typeof value !== 'object') return '';
    if (value.stringValue !== undefined) return text(value.stringValue);
    if (value.intValue !== undefined) return text(value.intValue);
    if (value.doubleValue !== undefined) return text(value.doubleValue);
    if (value.boolValue !== undefined) return text(value.boolValue);
    if (value.arrayValue) return '[' + objects(value.arrayValue.values).map(valueText).join(', ') + ']';
    if (value.kvlistValue) {
      return '{' + objects(value.kvlistValue.values).map(function (kv) { return text(kv.key) + ': ' + valueText(kv.value); }).join(', ') + '}';
    }
    if (value.bytesValue !== undefined) return '<' + text(value.bytesValue).length + ' base64 chars>';
    return '';
  }

  function attribute(span, key) {
    var list = span.attributes || [];
    for (var i = 0; i < list.length; i++) if (list[i] && list[i].key === key) return valueText(list[i].value);
    return undefined;
  }

  function category(node) {
    if (node.err) return 'err';
    var span = node.span;
    var operation = attribute(span, 'gen_ai.operation.name');
    var kind = attribute(span, 'openinference.span.kind');
    var aiOperation = attribute(span, 'ai.operationId');
    if (operation === 'execute_tool' || kind === 'TOOL' || aiOperation === 'ai.toolCall' || attribute(span, 'gen_ai.tool.name') !== undefined || attribute(span, 'tool.name') !== undefined) return 'tool';
    if (LLM_OPERATIONS.has(operation) || kind === 'LLM' || kind === 'EMBEDDING' || AI_SDK_MODEL_CALLS.has(aiOperation)) return 'llm';
    if (operation === 'invoke_agent' || operation === 'create_agent') return 'agent';
    return 'other';
  }

  function byStart(a, b) { return (a.start - b.start) || (a.index - b.index); }

  // Lists from the file as arrays of objects, whatever the file holds, so that drawing never throws.
  function objects(value) {
    return Array.isArray(value) ? value.filter(function (item) { return item !== null && typeof item === 'object'; }) : [];
  }

  function buildModel(file) {
    var nodes = [];
    var resources = [];
    objects(file.resourceSpans).forEach(function (group, resourceIndex) {
      var resource = group.resource && typeof group.resource === 'object' ? group.resource : {};
      resource.attributes = objects(resource.attributes);
      resources.push(resource);
      objects(group.scopeSpans).forEach(function (scopeSpans) {
        objects(scopeSpans.spans).forEach(function (span) {
          span.attributes = objects(span.attributes);
          span.events = objects(span.events);
          span.links = objects(span.links);
          span.events.concat(span.links).forEach(function (item) { item.attributes = objects(item.attributes); });
          span.name = text(span.name);
          var traceId = text(span.traceId);
          var spanState = attribute(span, STATE_KEY);
          nodes.push({
            index: nodes.length, span: span, key: traceId + text(span.spanId),
            parentKey: span.parentSpanId ? traceId + text(span.parentSpanId) : null,
            start: nanosToMs(span.startTimeUnixNano), end: nanosToMs(span.endTimeUnixNano),
            err: !!(span.status && span.status.code === 2), state: spanState === undefined ? null : spanState,
            resource: resourceIndex, scope: objects([scopeSpans.scope])[0] || {}, parent: null, children: [], depth: 0,
            search: null, category: 'other'
          });
        });
      });
    });

    var byKey = new Map();
    nodes.forEach(function (node) { if (!byKey.has(node.key)) byKey.set(node.key, node); });
    nodes.forEach(function (node) {
      var parent = node.parentKey === null ? undefined : byKey.get(node.parentKey);
      if (parent && parent !== node) { node.parent = parent; parent.children.push(node); }
    });

    var reached = new Uint8Array(nodes.length);
    function walk(root) {
      var stack = [root];
      reached[root.index] = 1;
      while (stack.length) {
        var node = stack.pop();
        node.children.sort(byStart);
        for (var i = 0; i < node.children.length; i++) {
          var child = node.children[i];
          child.depth = node.depth + 1;
          reached[child.index] = 1;
          stack.push(child);
        }
      }
    }
    var roots = nodes.filter(function (node) { return !node.parent; });
    roots.forEach(walk);
    // A node not reached from a root sits on a parent cycle (a corrupt file): show it as a root.
    nodes.forEach(function (node) {
      if (reached[node.index]) return;
      var siblings = node.parent.children;
      siblings.splice(siblings.indexOf(node), 1);
      node.parent = null;
      node.depth = 0;
      roots.push(node);
      walk(node);
    });
    roots.sort(byStart);

    var t0 = Infinity, t1 = -Infinity;
    nodes.forEach(function (node) {
      node.category = category(node);
      if (node.start < t0) t0 = node.start;
      if (node.end > t1) t1 = node.end;
      if (node.start > t1) t1 = node.start;
    });
    if (!isFinite(t0)) { t0 = 0; t1 = 1; }
    if (!(t1 > t0)) t1 = t0 + MIN_RANGE_MS;
    return { file: file, header: file.session || {}, nodes: nodes, roots: roots, byKey: byKey, resources: resources, t0: t0, t1: t1 };
  }

  // ---- formatting ----------------------------------------------------------------------------------

  function formatDuration(ms) {
    if (!isFinite(ms) || ms < 0) return '?';
    if (ms === 0) return '0';
    if (ms < 1) return Math.round(ms * 1000) + 'µs';
    if (ms < 10) return ms.toFixed(2) + 'ms';
    if (ms < 100) return ms.toFixed(1) + 'ms';
    if (ms < 1000) return Math.round(ms) + 'ms';
    if (ms < 10000) return (ms / 1000).toFixed(2) + 's';
    if (ms < 60000) return (ms / 1000).toFixed(1) + 's';
    var minutes = Math.floor(ms / 60000);
    if (minutes < 60) return minutes + 'm' + String(Math.floor((ms % 60000) / 1000)).padStart(2, '0') + 's';
    return Math.floor(minutes / 60) + 'h' + String(minutes % 60).padStart(2, '0') + 'm';
  }

  function formatTime(ms) {
    if (!isFinite(ms)) return '?';
    var date = new Date(ms);
    return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function formatCount(n) { return typeof n === 'number' && isFinite(n) ? n.toLocaleString('en-US') : '?'; }

  function formatCompact(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '?';
    if (n < 1000) return String(n);
    if (n < 1e6) return (n / 1000).toFixed(n < 10000 ? 1 : 0) + 'k';
    return (n / 1e6).toFixed(1) + 'M';
  }

  function describeCrash(crash) {
    var how = [crash.reason, crash.signal, crash.exitCode === undefined ? undefined : 'exit code ' + text(crash.exitCode)]
      .filter(function (part) { return part !== undefined && part !== null; }).map(text).join(', ');
    var error = crash.error ? ': ' + (crash.error.name ? text(crash.error.name) + ': ' : '') + text(crash.error.message) : '';
    return how + error;
  }

  // ---- the header ----------------------------------------------------------------------------------

  function chip(label, value) {
    var node = el('span', 'chip');
    node.appendChild(document.createTextNode(label + ' '));
    node.appendChild(el('b', '', value));
    return node;
  }

  function renderHeader() {
    var header = state.model.header;
    var root = byId('session-header');
    var titleRow = el('div', 'title-row');
    titleRow.appendChild(el('h1', '', header.title || header.id || 'Session'));
    titleRow.appendChild(el('span', 'status status-' + text(header.status), header.status));
    var live = el('span', 'live', '');
    live.id = 'live';
    titleRow.appendChild(live);

    var meta = el('div', 'meta');
    var start = Date.parse(header.startTime), update = Date.parse(header.updateTime), end = Date.parse(header.endTime);
    meta.appendChild(el('span', 'mono', header.id));
    meta.appendChild(el('span', '', 'started ' + formatTime(start)));
    meta.appendChild(el('span', '', 'updated ' + formatTime(update)));
    if (isFinite(end)) meta.appendChild(el('span', '', 'ended ' + formatTime(end)));
    meta.appendChild(el('span', '', 'took ' + formatDuration((isFinite(end) ? end : update) - start)));
    var counts = formatCount(header.spanCount) + ' spans';
    if (header.openSpanCount) counts += ', ' + formatCount(header.openSpanCount) + ' open';
    if (header.droppedSpanCount) counts += ', ' + formatCount(header.droppedSpanCount) + ' dropped';
    meta.appendChild(el('span', '', counts));
    if (header.resumeCount) meta.appendChild(el('span', '', 'continued ' + header.resumeCount + '× by another process'));

    var parts = [titleRow, meta];
    if (header.crash) {
      var crash = el('div', 'alert crash');
      crash.appendChild(el('b', '', 'Crash: '));
      crash.appendChild(document.createTextNode(describeCrash(header.crash)));
      if (header.crash.error && header.crash.error.stack) {
        var stack = el('details', '');
        stack.appendChild(el('summary', '', 'stack'));
        stack.appendChild(el('pre', '', header.crash.error.stack));
        crash.appendChild(stack);
      }
      parts.push(crash);
    }
    if (header.error) {
      var error = el('div', 'alert');
      error.appendChild(el('b', '', 'Error: '));
      error.appendChild(document.createTextNode(header.error));
      parts.push(error);
    }
    var summary = header.summary;
    if (summary) {
      var chips = el('div', 'chips');
      chips.appendChild(chip('LLM calls', formatCount(summary.llmCalls)));
      if (summary.tokens) {
        var tokens = formatCompact(summary.tokens.input) + ' in / ' + formatCompact(summary.tokens.output) + ' out';
        if (summary.tokens.cacheRead) tokens += ' / ' + formatCompact(summary.tokens.cacheRead) + ' cache';
        chips.appendChild(chip('tokens', tokens));
      }
      if (typeof summary.cost === 'number') chips.appendChild(chip('cost', '$' + (summary.cost < 1 ? summary.cost.toPrecision(3) : summary.cost.toFixed(2))));
      if (summary.errors) chips.appendChild(chip('errors', formatCount(summary.errors)));
      if (summary.models && summary.models.length) chips.appendChild(chip('models', summary.models.join(', ')));
      Object.keys(summary.toolCalls || {}).forEach(function (tool) { chips.appendChild(chip(tool, '×' + text(summary.toolCalls[tool]))); });
      parts.push(chips);
    }
    root.replaceChildren.apply(root, parts);
    renderLive();
  }

  var liveText = '';
  var liveClass = '';
  function renderLive() {
    var node = byId('live');
    if (!node) return;
    node.textContent = liveText;
    node.className = 'live ' + liveClass;
  }

  // ---- which rows are shown --------------------------------------------------------------------------

  function searchText(node) {
    if (node.search === null) {
      var parts = [node.span.name];
      node.span.attributes.forEach(function (kv) { parts.push(text(kv.key) + '=' + valueText(kv.value)); });
      node.search = parts.join('\n').toLowerCase();
    }
    return node.search;
  }

  function computeRows() {
    var model = state.model;
    var needle = state.filter.trim().toLowerCase();
    var filtering = needle !== '' || state.errorsOnly;
    var kept = null, matched = null;
    if (filtering) {
      kept = new Uint8Array(model.nodes.length);
      matched = new Uint8Array(model.nodes.length);
      model.nodes.forEach(function (node) {
        if (state.errorsOnly && !node.err) return;
        if (needle && searchText(node).indexOf(needle) === -1) return;
        matched[node.index] = 1;
        for (var up = node; up && !kept[up.index]; up = up.parent) kept[up.index] = 1;
      });
    }
    var rows = [];
    var stack = [];
    for (var r = model.roots.length - 1; r >= 0; r--) if (!kept || kept[model.roots[r].index]) stack.push(model.roots[r]);
    while (stack.length) {
      var node = stack.pop();
      rows.push(node);
      // While filtering, matches are shown even inside collapsed spans: the filter is what was asked for.
      if (!filtering && state.collapsed.has(node.key)) continue;
      for (var i = node.children.length - 1; i >= 0; i--) {
        var child = node.children[i];
        if (!kept || kept[child.index]) stack.push(child);
      }
    }
    state.rows = rows;
    state.matched = matched;
    state.filtering = filtering;
    var count = byId('count');
    count.textContent = filtering
      ? formatCount(matched.reduce(function (sum, m) { return sum + m; }, 0)) + ' of ' + formatCount(model.nodes.length) + ' spans match'
      : formatCount(rows.length) + ' of ' + formatCount(model.nodes.length) + ' spans shown';
  }

  // ---- the time axis and zoom --------------------------------------------------------------------------

  function niceStep(raw) {
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var fraction = raw / power;
    return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
  }

  function tickTimes() {
    var width = byId('ticks').clientWidth || 600;
    var range = state.view.to - state.view.from;
    var step = niceStep(range / Math.max(2, Math.floor(width / 90)));
    var times = [];
    var origin = state.model.t0;
    var first = Math.ceil((state.view.from - origin) / step) * step;
    for (var t = first; origin + t <= state.view.to && times.length < 60; t += step) times.push(t);
    return times;
  }

  function percent(ms) { return ((ms - state.view.from) / (state.view.to - state.view.from)) * 100; }

  function renderAxis() {
    var ticks = byId('ticks');
    var brush = byId('brush');
    var nodes = [brush];
    var origin = state.model.t0;
    tickTimes().forEach(function (t) {
      var at = percent(origin + t);
      // A label at the right edge would be cut off; its grid line still shows where it is.
      var tick = el('div', 'tick', at > 94 ? '' : formatDuration(t));
      tick.style.left = at + '%';
      nodes.push(tick);
    });
    ticks.replaceChildren.apply(ticks, nodes);
    var total = state.model.t1 - state.model.t0;
    byId('zoom-level').textContent = state.fit ? 'fit' : (total / (state.view.to - state.view.from)).toFixed(1) + '×';
  }

  function setView(from, to, fit) {
    var model = state.model;
    var total = model.t1 - model.t0;
    var range = Math.min(total, Math.max(MIN_RANGE_MS, to - from));
    from = Math.max(model.t0, Math.min(from, model.t1 - range));
    state.view = { from: from, to: from + range };
    state.fit = !!fit || range >= total;
    renderAll();
  }

  function fitView() { setView(state.model.t0, state.model.t1, true); }

  function zoomAt(anchor, factor) {
    var view = state.view;
    setView(anchor - (anchor - view.from) * factor, anchor + (view.to - anchor) * factor, false);
  }

  function timeAtClientX(clientX) {
    var box = byId('ticks').getBoundingClientRect();
    var x = Math.min(box.width, Math.max(0, clientX - box.left));
    return state.view.from + (x / (box.width || 1)) * (state.view.to - state.view.from);
  }

  // ---- rows ----------------------------------------------------------------------------------------

  function bar(node) {
    var left = percent(node.start), right = percent(node.end);
    var fragment = document.createDocumentFragment();
    if (!isFinite(left) || right < 0 || left > 100) return fragment;
    var shape = el('div', 'bar ' + node.category + (node.state ? ' unended' : '') + (node.err ? ' err' : ''));
    var from = Math.max(left, -1), to = Math.min(Math.max(right, left), 101);
    shape.style.left = from + '%';
    shape.style.width = Math.max(0, to - from) + '%';
    fragment.appendChild(shape);
    var events = node.span.events || [];
    for (var i = 0; i < events.length && i < MAX_EVENT_MARKS; i++) {
      var at = percent(nanosToMs(events[i] && events[i].timeUnixNano));
      if (!(at >= 0 && at <= 100)) continue;
      var mark = el('div', 'event');
      mark.style.left = at + '%';
      mark.title = text(events[i].name);
      fragment.appendChild(mark);
    }
    // The duration goes after the bar, else before it, else inside it: wherever it fits in the lane.
    var duration = el('span', 'dur', formatDuration(node.end - node.start));
    if (to < 85) {
      duration.style.left = 'calc(' + Math.max(to, 0) + '% + 4px)';
    } else if (from > 12) {
      duration.style.right = 'calc(' + (100 - from) + '% + 4px)';
    } else {
      duration.className = 'dur inside';
      duration.style.right = 'calc(' + (100 - Math.min(to, 100)) + '% + 6px)';
    }
    fragment.appendChild(duration);
    return fragment;
  }

  function rowElement(node, index) {
    var classes = 'row';
    if (node.err) classes += ' is-error';
    if (node.key === state.selected) classes += ' selected';
    if (state.filtering && !state.matched[node.index]) classes += ' context';
    var row = el('div', classes);
    row.style.top = index * ROW_HEIGHT + 'px';
    row.dataset.index = String(index);
    row.dataset.spanId = text(node.span.spanId);

    var name = el('div', 'name');
    name.style.paddingLeft = 4 + node.depth * INDENT + 'px';
    var collapsed = state.collapsed.has(node.key) && !state.filtering;
    name.appendChild(el('span', 'toggle', node.children.length ? (collapsed ? '▶' : '▼') : ''));
    name.appendChild(el('span', 'label', node.span.name));
    if (node.state) name.appendChild(el('span', 'tag tag-' + node.state, node.state));
    else if (node.err) name.appendChild(el('span', 'tag tag-error', 'error'));
    if (collapsed) name.appendChild(el('span', 'kids', '+' + node.children.length));
    name.title = node.span.name;

    var lane = el('div', 'lane');
    lane.appendChild(bar(node));
    row.appendChild(name);
    row.appendChild(lane);
    return row;
  }

  function visibleRange() {
    var container = byId('rows');
    var top = Math.max(0, container.scrollTop - byId('axis').offsetHeight);
    var first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    var last = Math.min(state.rows.length, Math.ceil((top + container.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    return { first: first, last: last };
  }

  function renderRows() {
    var inner = byId('rows-inner');
    inner.style.height = state.rows.length * ROW_HEIGHT + 'px';
    if (state.model.nodes.length === 0) {
      inner.replaceChildren(el('div', 'empty', 'No spans in this session file yet.'));
      return;
    }
    var range = visibleRange();
    var fragment = document.createDocumentFragment();
    var grid = el('div', 'grid');
    grid.style.top = range.first * ROW_HEIGHT + 'px';
    grid.style.height = (range.last - range.first) * ROW_HEIGHT + 'px';
    var origin = state.model.t0;
    tickTimes().forEach(function (t) {
      var line = el('div', '');
      line.style.left = percent(origin + t) + '%';
      grid.appendChild(line);
    });
    fragment.appendChild(grid);
    for (var i = range.first; i < range.last; i++) fragment.appendChild(rowElement(state.rows[i], i));
    inner.replaceChildren(fragment);
  }

  function renderAll() {
    renderAxis();
    renderRows();
  }

  var scheduled = false;
  function scheduleRows() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; renderRows(); });
  }

  // ---- the details pane ----------------------------------------------------------------------------

  function kvTable(list, highlight) {
    var table = el('table', 'kv');
    (list || []).forEach(function (kv) {
      if (!kv) return;
      var row = el('tr', highlight && KEY_ATTRIBUTES.has(kv.key) ? 'key-attr' : '');
      row.appendChild(el('td', '', kv.key));
      row.appendChild(el('td', '', valueText(kv.value)));
      table.appendChild(row);
    });
    return table;
  }

  function spanLink(traceId, spanId) {
    var target = state.model.byKey.get(text(traceId) + text(spanId));
    if (!target) return el('span', 'mono', spanId);
    var button = el('button', 'linkish', spanId + ' (' + target.span.name + ')');
    button.addEventListener('click', function () { select(target, true); });
    return button;
  }

  function heading(title, count) {
    return el('h3', '', count === undefined ? title : title + ' (' + count + ')');
  }

  function renderDetails() {
    var pane = byId('details');
    var node = state.selected === null ? undefined : state.model.byKey.get(state.selected);
    if (!node) {
      pane.replaceChildren(el('p', 'hint', 'Click a span to see its attributes, events, status and links. Arrow keys move and fold; wheel or drag over the time axis zooms.'));
      return;
    }
    var span = node.span;
    var parts = [];
    parts.push(el('h2', '', span.name));
    var badges = el('div', 'badges');
    var code = span.status && typeof span.status.code === 'number' ? span.status.code : 0;
    badges.appendChild(el('span', 'status status-' + (code === 2 ? 'error' : code === 1 ? 'completed' : 'running'), 'status ' + (STATUS_CODES[code] || code)));
    if (node.state) badges.appendChild(el('span', 'tag tag-' + node.state, node.state));
    badges.appendChild(el('span', 'chip', (typeof span.kind === 'number' && KINDS[span.kind]) || 'kind ' + text(span.kind)));
    parts.push(badges);
    if (span.status && span.status.message) parts.push(el('div', 'status-message', span.status.message));

    var facts = el('table', 'kv');
    function fact(label, value) {
      var row = el('tr', '');
      row.appendChild(el('td', '', label));
      var cell = el('td', '');
      if (value instanceof Node) cell.appendChild(value); else cell.textContent = value;
      row.appendChild(cell);
      facts.appendChild(row);
    }
    fact('duration', formatDuration(node.end - node.start));
    fact('start', '+' + formatDuration(node.start - state.model.t0) + (isFinite(node.start) ? '  (' + new Date(node.start).toISOString() + ')' : ''));
    fact('end', '+' + formatDuration(node.end - state.model.t0) + (node.state ? '  (when the file was written)' : ''));
    fact('trace id', span.traceId);
    fact('span id', span.spanId);
    if (span.parentSpanId) fact('parent', spanLink(span.traceId, span.parentSpanId));
    if (node.children.length) fact('children', formatCount(node.children.length));
    fact('scope', text(node.scope.name || '') + (node.scope.version ? ' ' + text(node.scope.version) : ''));
    parts.push(facts);

    parts.push(heading('Attributes', (span.attributes || []).length));
    parts.push(kvTable(span.attributes, true));

    var events = span.events || [];
    if (events.length) {
      parts.push(heading('Events', events.length));
      events.forEach(function (event) {
        var item = el('div', 'event-item');
        item.appendChild(el('span', 'when', '+' + formatDuration(nanosToMs(event.timeUnixNano) - node.start)));
        item.appendChild(el('b', '', event.name));
        if (event.attributes && event.attributes.length) item.appendChild(kvTable(event.attributes, false));
        parts.push(item);
      });
    }
    var links = span.links || [];
    if (links.length) {
      parts.push(heading('Links', links.length));
      links.forEach(function (link) {
        var item = el('div', 'event-item');
        item.appendChild(el('div', 'mono', 'trace ' + text(link.traceId)));
        item.appendChild(spanLink(link.traceId, link.spanId));
        if (link.attributes && link.attributes.length) item.appendChild(kvTable(link.attributes, false));
        parts.push(item);
      });
    }
    var resource = state.model.resources[node.resource] || {};
    parts.push(heading('Resource', (resource.attributes || []).length));
    parts.push(kvTable(resource.attributes, false));
    pane.replaceChildren.apply(pane, parts);
  }

  function scrollIntoView(index) {
    var container = byId('rows');
    var axis = byId('axis').offsetHeight;
    var top = index * ROW_HEIGHT;
    if (top < container.scrollTop) container.scrollTop = top;
    else if (top + ROW_HEIGHT > container.scrollTop + container.clientHeight - axis) container.scrollTop = top + ROW_HEIGHT - container.clientHeight + axis;
  }

  function select(node, reveal) {
    state.selected = node ? node.key : null;
    if (node && reveal) {
      // Unfold the ancestors, so that a span chosen from the details pane gets a row.
      var changed = false;
      for (var up = node.parent; up; up = up.parent) if (state.collapsed.delete(up.key)) changed = true;
      if (changed) computeRows();
      var index = state.rows.indexOf(node);
      if (index !== -1) scrollIntoView(index);
    }
    renderRows();
    renderDetails();
  }

  function toggle(node, open) {
    if (!node.children.length) return;
    var isOpen = !state.collapsed.has(node.key);
    if (open === isOpen) return;
    if (isOpen) state.collapsed.add(node.key); else state.collapsed.delete(node.key);
    computeRows();
    renderRows();
  }

  // ---- loading a state of the file ---------------------------------------------------------------

  function load(file) {
    state.model = buildModel(file);
    state.version++;
    if (state.fit) {
      state.view = { from: state.model.t0, to: state.model.t1 };
    } else {
      setViewSilently();
    }
    renderHeader();
    computeRows();
    renderAll();
    renderDetails();
    document.title = (state.model.header.title || state.model.header.id || 'Session') + ' · otel-session';
    document.body.dataset.version = String(state.version);
  }

  // Keeps a zoomed view inside the (possibly longer) new session without re-rendering.
  function setViewSilently() {
    var model = state.model;
    var range = Math.min(model.t1 - model.t0, state.view.to - state.view.from);
    var from = Math.max(model.t0, Math.min(state.view.from, model.t1 - range));
    state.view = { from: from, to: from + range };
  }

  // ---- input ---------------------------------------------------------------------------------------

  function rowNodeOf(target) {
    var row = target.closest('.row');
    return row ? state.rows[Number(row.dataset.index)] : undefined;
  }

  function wire() {
    var rows = byId('rows');
    var inner = byId('rows-inner');
    rows.addEventListener('scroll', scheduleRows);
    window.addEventListener('resize', function () { renderAll(); });

    inner.addEventListener('click', function (event) {
      var node = rowNodeOf(event.target);
      if (!node) return;
      if (event.target.classList.contains('toggle')) toggle(node, state.collapsed.has(node.key));
      else select(node, false);
      rows.focus({ preventScroll: true });
    });
    inner.addEventListener('dblclick', function (event) {
      var node = rowNodeOf(event.target);
      if (!node || !event.target.closest('.lane')) return;
      var pad = Math.max((node.end - node.start) * 0.1, MIN_RANGE_MS);
      setView(node.start - pad, node.end + pad, false);
    });

    rows.addEventListener('wheel', function (event) {
      var overAxis = !!event.target.closest('#axis');
      var overLanes = overAxis || !!event.target.closest('.lane');
      if (!overLanes) return;
      var range = state.view.to - state.view.from;
      if (overAxis || event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoomAt(timeAtClientX(event.clientX), Math.pow(1.0015, event.deltaY));
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        var delta = event.shiftKey ? event.deltaY || event.deltaX : event.deltaX;
        var width = byId('ticks').clientWidth || 1;
        setView(state.view.from + (delta / width) * range, state.view.to + (delta / width) * range, false);
      }
    }, { passive: false });

    var ticks = byId('ticks');
    var brush = byId('brush');
    var dragFrom = null;
    ticks.addEventListener('mousedown', function (event) {
      if (event.button !== 0) return;
      event.preventDefault();
      dragFrom = event.clientX;
    });
    window.addEventListener('mousemove', function (event) {
      if (dragFrom === null) return;
      var box = ticks.getBoundingClientRect();
      var a = Math.max(0, Math.min(dragFrom, event.clientX) - box.left);
      var b = Math.min(box.width, Math.max(dragFrom, event.clientX) - box.left);
      brush.style.display = 'block';
      brush.style.left = a + 'px';
      brush.style.width = Math.max(0, b - a) + 'px';
    });
    window.addEventListener('mouseup', function (event) {
      if (dragFrom === null) return;
      var start = dragFrom;
      dragFrom = null;
      brush.style.display = 'none';
      if (Math.abs(event.clientX - start) < 4) return;
      var a = timeAtClientX(Math.min(start, event.clientX)), b = timeAtClientX(Math.max(start, event.clientX));
      setView(a, b, false);
    });
    ticks.addEventListener('dblclick', fitView);

    byId('zoom-in').addEventListener('click', function () { zoomAt((state.view.from + state.view.to) / 2, 0.5); });
    byId('zoom-out').addEventListener('click', function () { zoomAt((state.view.from + state.view.to) / 2, 2); });
    byId('zoom-fit').addEventListener('click', fitView);
    byId('expand-all').addEventListener('click', function () { state.collapsed.clear(); computeRows(); renderRows(); });
    byId('collapse-all').addEventListener('click', function () {
      state.model.nodes.forEach(function (node) { if (node.children.length && node.depth >= 1) state.collapsed.add(node.key); });
      computeRows();
      renderRows();
    });

    var filterTimer = 0;
    byId('filter').addEventListener('input', function (event) {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(function () {
        state.filter = event.target.value;
        computeRows();
        byId('rows').scrollTop = 0;
        renderRows();
      }, 120);
    });
    byId('errors-only').addEventListener('change', function (event) {
      state.errorsOnly = event.target.checked;
      computeRows();
      renderRows();
    });

    rows.addEventListener('keydown', function (event) {
      var index = state.rows.findIndex(function (node) { return node.key === state.selected; });
      var node = state.rows[index];
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        var next = state.rows[Math.max(0, Math.min(state.rows.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
        if (next) { select(next, false); scrollIntoView(state.rows.indexOf(next)); renderRows(); }
      } else if (event.key === 'ArrowLeft' && node) {
        event.preventDefault();
        if (node.children.length && !state.collapsed.has(node.key) && !state.filtering) toggle(node, false);
        else if (node.parent) select(node.parent, true);
      } else if (event.key === 'ArrowRight' && node) {
        event.preventDefault();
        toggle(node, true);
      } else if (event.key === '+' || event.key === '=') {
        zoomAt((state.view.from + state.view.to) / 2, 0.5);
      } else if (event.key === '-') {
        zoomAt((state.view.from + state.view.to) / 2, 2);
      } else if (event.key === '0') {
        fitView();
      } else if (event.key === 'Escape') {
        select(null, false);
      }
    });
  }

  function listen() {
    if (!window.EventSource) return;
    var source = new EventSource('events');
    liveText = 'connecting…';
    liveClass = 'off';
    renderLive();
    source.addEventListener('open', function () { liveText = 'live'; liveClass = 'on'; renderLive(); });
    source.addEventListener('error', function () { liveText = 'reconnecting…'; liveClass = 'off'; renderLive(); });
    source.addEventListener('session', function (event) {
      var file;
      try { file = JSON.parse(event.data); } catch (error) { return; }
      load(file);
      liveText = 'live · updated ' + new Date().toLocaleTimeString();
      liveClass = 'on';
      renderLive();
    });
  }

  var config = JSON.parse(byId('viewer-config').textContent || '{}');
  wire();
  load(JSON.parse(byId('session-data').textContent));
  if (config.live) listen();
  document.body.dataset.ready = 'true';
})();
`;
