import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { encodeSpan } from '../src/encoding/encodeSpan.js';

/**
 * The bench's input: agent-like sessions (a root span naming the session, children under it, ten
 * attributes each, one of them a prompt-sized text), generated from a seed so that every contender and
 * every run sees the same spans. A trace is first a blueprint (plain data, replayable through any
 * tracer) and can be materialized once into ended SDK spans, for contenders that are fed directly.
 */

export interface SpanBlueprint {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
}

export interface SessionBlueprint {
  id: string;
  root: SpanBlueprint;
  children: SpanBlueprint[];
}

export interface TraceSpec {
  /** Makes ids unique per run, so that no session continues a file of an earlier round. */
  label: string;
  sessions: number;
  /** Children per session; with `bytesPerSession`, the most a session may get. */
  spansPerSession: number;
  /** Stop adding children once a session's encoded spans reach about this many bytes (estimated). */
  bytesPerSession?: number;
  /** Mean length of the prompt attribute, in characters (uniform within ±80%). */
  payloadChars: number;
  seed?: number;
}

export interface TraceBlueprint {
  spec: TraceSpec;
  sessions: SessionBlueprint[];
}

/** One session as ended SDK spans: the root (ended last) and its children. */
export interface MaterializedSession {
  id: string;
  root: ReadableSpan;
  /** Context with the root as its active span: what a child's `onStart` receives. */
  rootContext: Context;
  children: ReadableSpan[];
}

/** `onStart`/`onEnd` calls in the order a tracer would make them. */
export interface SpanEvent {
  span: ReadableSpan;
  /** Set for a start; the parent context it starts in. */
  startIn?: Context;
}

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.5-pro'];
const TOOLS = ['read_file', 'write_file', 'search', 'run_tests', 'http_get'];
const OPERATIONS = ['chat', 'execute_tool', 'chat', 'embeddings'];
const WORDS =
  'the agent reads "config.json" then calls a tool — résumé of results: {"ok":true} \n tokens cache ' +
  'latency context window prompt completion retry backoff function arguments stream chunk';

/** mulberry32: small, fast and deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(next: () => number, length: number): string {
  const words = WORDS.split(' ');
  let out = '';
  while (out.length < length) out += `${words[Math.floor(next() * words.length)]!} `;
  return out;
}

export function generateTrace(spec: TraceSpec): TraceBlueprint {
  const next = random(spec.seed ?? 42);
  const text = corpus(next, Math.max(64 * 1024, spec.payloadChars * 4));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const payload = (): string => {
    const length = Math.max(1, Math.round(spec.payloadChars * (0.2 + 1.6 * next())));
    const start = Math.floor(next() * (text.length - length));
    return text.slice(start, start + length);
  };
  const blueprint = (name: string, first: [string, string]): SpanBlueprint => {
    const operation = pick(OPERATIONS);
    return {
      name,
      kind: operation === 'execute_tool' ? SpanKind.INTERNAL : SpanKind.CLIENT,
      attributes: {
        [first[0]]: first[1],
        'gen_ai.operation.name': operation,
        'gen_ai.request.model': pick(MODELS),
        'gen_ai.tool.name': pick(TOOLS),
        'gen_ai.usage.input_tokens': Math.floor(next() * 20_000),
        'gen_ai.usage.output_tokens': Math.floor(next() * 2_000),
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.request.temperature': Math.round(next() * 100) / 100,
        'gen_ai.response.cached': next() < 0.3,
        'gen_ai.prompt': payload(),
      },
    };
  };
  const sessions: SessionBlueprint[] = [];
  for (let s = 0; s < spec.sessions; s++) {
    const id = `${spec.label}-${s}`;
    const root = blueprint('invoke_agent', ['session.id', id]);
    const children: SpanBlueprint[] = [];
    let bytes = 0;
    while (children.length < spec.spansPerSession && (spec.bytesPerSession === undefined || bytes < spec.bytesPerSession)) {
      const child = blueprint(children.length % 3 === 0 ? 'chat' : 'execute_tool', ['gen_ai.system', 'openai']);
      children.push(child);
      // Sizing estimate only: the real encoded size is measured from what the processor writes.
      if (spec.bytesPerSession !== undefined) bytes += estimateEncodedBytes(child);
    }
    sessions.push({ id, root, children });
  }
  return { spec, sessions };
}

const SPAN_FRAME_BYTES = 560;

function estimateEncodedBytes(span: SpanBlueprint): number {
  let bytes = SPAN_FRAME_BYTES;
  for (const [key, value] of Object.entries(span.attributes)) bytes += key.length + 24 + JSON.stringify(value).length;
  return bytes;
}

/** A provider like an application's, with `processors` (none: spans are made and dropped). */
export function benchProvider(processors: SpanProcessor[] = []): TracerProvider {
  return new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'service.version': '1.0.0' }),
    spanProcessors: processors,
  });
}

export function benchTracer(provider: TracerProvider): Tracer {
  return provider.getTracer('bench-agent', '1.0.0');
}

let source: Tracer | undefined;

/** Ended SDK spans made by a provider without processors: the same objects for every contender. */
export function materialize(blueprint: TraceBlueprint): MaterializedSession[] {
  source ??= benchTracer(benchProvider());
  const tracer = source;
  return blueprint.sessions.map((session) => {
    const root = tracer.startSpan(session.root.name, { kind: session.root.kind, attributes: session.root.attributes }, ROOT_CONTEXT);
    const rootContext = trace.setSpan(ROOT_CONTEXT, root);
    const children = session.children.map((child) => {
      const span = tracer.startSpan(child.name, { kind: child.kind, attributes: child.attributes }, rootContext);
      span.end();
      return span as unknown as ReadableSpan;
    });
    root.end();
    return { id: session.id, root: root as unknown as ReadableSpan, rootContext, children };
  });
}

/**
 * The calls a tracer makes for concurrent sessions: every root starts, then the children of all
 * sessions start and end in turn (round robin), then the roots end unless `keepRootsOpen`.
 */
export function interleavedEvents(sessions: readonly MaterializedSession[], keepRootsOpen = false): SpanEvent[] {
  const events: SpanEvent[] = [];
  for (const session of sessions) events.push({ span: session.root, startIn: ROOT_CONTEXT });
  const most = Math.max(0, ...sessions.map((session) => session.children.length));
  for (let i = 0; i < most; i++) {
    for (const session of sessions) {
      const child = session.children[i];
      if (child === undefined) continue;
      events.push({ span: child, startIn: session.rootContext }, { span: child });
    }
  }
  if (!keepRootsOpen) for (const session of sessions) events.push({ span: session.root });
  return events;
}

/** Anything with the two hot-path calls of a `SpanProcessor`. */
export interface HotPath {
  onStart(span: Span, parentContext: Context): void;
  onEnd(span: ReadableSpan): void;
}

/** Makes the calls of `events[from, to)` on `processor`; returns how many spans ended. */
export function play(processor: HotPath, events: readonly SpanEvent[], from = 0, to = events.length): number {
  let ended = 0;
  for (let i = from; i < to; i++) {
    const event = events[i]!;
    if (event.startIn) {
      processor.onStart(event.span as unknown as Span, event.startIn);
    } else {
      processor.onEnd(event.span);
      ended++;
    }
  }
  return ended;
}

/**
 * The same calls made by a real tracer: spans are created, given their attributes and ended, so the
 * cost of span creation is included, the same for every contender.
 */
export class Replay {
  private readonly roots: Array<ReturnType<Tracer['startSpan']>> = [];
  private readonly contexts: Context[] = [];
  /** Children in round-robin order, as [session, child] indices. */
  private readonly order: Array<[number, number]> = [];

  constructor(
    private readonly tracer: Tracer,
    private readonly blueprint: TraceBlueprint,
  ) {
    const most = Math.max(0, ...blueprint.sessions.map((session) => session.children.length));
    for (let i = 0; i < most; i++) {
      blueprint.sessions.forEach((session, s) => {
        if (i < session.children.length) this.order.push([s, i]);
      });
    }
  }

  get childCount(): number {
    return this.order.length;
  }

  startRoots(): void {
    for (const session of this.blueprint.sessions) {
      const root = this.tracer.startSpan(session.root.name, { kind: session.root.kind, attributes: session.root.attributes }, ROOT_CONTEXT);
      this.roots.push(root);
      this.contexts.push(trace.setSpan(ROOT_CONTEXT, root));
    }
  }

  /** Starts and ends children `[from, to)` of the round-robin order. */
  children(from: number, to: number): void {
    for (let p = from; p < to; p++) {
      const [s, i] = this.order[p]!;
      const child = this.blueprint.sessions[s]!.children[i]!;
      this.tracer.startSpan(child.name, { kind: child.kind, attributes: child.attributes }, this.contexts[s]).end();
    }
  }

  endRoots(): void {
    for (const root of this.roots) root.end();
  }
}

/** Bytes of the OTLP/JSON of ended spans, as the official serializer writes them (one comma each). */
export function encodedBytes(spans: Iterable<ReadableSpan>): number {
  let bytes = 0;
  for (const span of spans) bytes += Buffer.byteLength(encodeSpan(span)) + 1;
  return bytes;
}
