import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { collectGarbage, GcPauses, median, pairedRatio, runRounds, sleep } from '../measure.js';
import { PROCESSOR_REFERENCE, processorContenders, type ProcessorInstance, type ProcessorName } from '../contenders/processors.js';
import { target, type Row, type ScenarioResult } from '../report.js';
import type { BenchContext, Scenario } from '../scenario.js';
import { benchProvider, benchTracer, generateTrace, interleavedEvents, materialize, play, Replay, type TraceBlueprint } from '../spans.js';

/**
 * 1. The hot path: what `onStart` + `onEnd` cost the application per span, with 100 concurrent sessions
 * and real writes going on. Spans are fed in chunks with a 1 ms pause between them, so that debounced
 * writes, batch exports and timers run between chunks, as they would in an application; only the time
 * inside the chunks is counted. The sessions' roots end last, in a chunk of their own, timed apart too.
 */

const SPANS_PER_CHUNK = 256;
const PAUSE_MS = 1;
const REFERENCE = PROCESSOR_REFERENCE;

function blueprintOf(context: BenchContext): TraceBlueprint {
  const { sessions, spansPerSession, payloadChars } = context.options.hotPath;
  return generateTrace({ label: 'hot', sessions, spansPerSession, payloadChars });
}

function spanCountOf(blueprint: TraceBlueprint): number {
  return blueprint.sessions.reduce((count, session) => count + 1 + session.children.length, 0);
}

/** One contender's pass over the spans. */
interface Pass {
  /** Inside the chunks, root ends included. */
  busyMs: number;
  /** The last chunk: every session's root ends. */
  rootEndsMs: number;
  /** GC pauses that began inside the chunks. */
  gcMs: number;
  /** forceFlush after the last span. */
  drainMs: number;
  lost: number;
  /** Session files written during the pass and the drain, and their bytes. */
  writes?: { writes: number; bytes: number };
}

async function timeChunks(count: number, chunk: (index: number) => void, last: () => void): Promise<Omit<Pass, 'drainMs' | 'lost'>> {
  const gc = new GcPauses();
  const windows: Array<[number, number]> = [];
  let busyMs = 0;
  for (let index = 0; index < count; index++) {
    const start = performance.now();
    chunk(index);
    const end = performance.now();
    windows.push([start, end]);
    busyMs += end - start;
    await sleep(PAUSE_MS);
  }
  const start = performance.now();
  last();
  const end = performance.now();
  windows.push([start, end]);
  await gc.stop();
  return { busyMs: busyMs + end - start, rootEndsMs: end - start, gcMs: gc.totalWithin(windows) };
}

async function drain(processor: { forceFlush(): Promise<void>; shutdown(): Promise<void> }): Promise<number> {
  const start = performance.now();
  await processor.forceFlush();
  const ms = performance.now() - start;
  await processor.shutdown();
  return ms;
}

function lostBy(instance: ProcessorInstance | undefined, spanCount: number): number {
  return instance?.exported ? spanCount - instance.exported() : 0;
}

function rows(names: readonly string[], passes: Record<string, Pass[]>, spanCount: number, describe: (name: string) => string): Row[] {
  const nsOf = (name: string): number[] => passes[name]!.map((pass) => (pass.busyMs * 1e6) / spanCount);
  return names.map((name) => {
    const ns = median(nsOf(name));
    const own = passes[name]!;
    const lost = Math.max(...own.map((pass) => pass.lost));
    const notes = [
      describe(name),
      `roots' ends ${median(own.map((pass) => pass.rootEndsMs)).toFixed(1)} ms`,
      `GC ${median(own.map((pass) => (100 * pass.gcMs) / pass.busyMs)).toFixed(0)}% of it`,
      `then forceFlush ${median(own.map((pass) => pass.drainMs)).toFixed(0)} ms`,
    ];
    if (lost > 0) notes.push(`${lost} spans never reached the exporter`);
    const writes = own.filter((pass) => pass.writes !== undefined).map((pass) => pass.writes!);
    if (writes.length > 0) {
      notes.push(`${median(writes.map((w) => w.writes))} file writes, ${median(writes.map((w) => w.bytes / 2 ** 20)).toFixed(0)} MB`);
    }
    return { label: name, reference: name === REFERENCE, nsPerSpan: ns, spansPerSec: 1e9 / ns, ratio: pairedRatio(nsOf(name), nsOf(REFERENCE)), note: notes.join('; ') };
  });
}

type PassMaker = (instance: ProcessorInstance | undefined) => Promise<Omit<Pass, 'drainMs' | 'lost' | 'writes'> & { drain(): Promise<number> }>;

/** Runs every contender once per round (`none`: no processor at all) and keeps the measured passes. */
async function collectPasses<K extends string>(context: BenchContext, id: string, names: readonly K[], spanCount: number, pass: PassMaker): Promise<Record<string, Pass[]>> {
  const { options, dir } = context;
  const passes: Record<string, Pass[]> = Object.fromEntries(names.map((name) => [name, []]));
  await runRounds<K>({
    contenders: names,
    rounds: options.rounds,
    warmup: options.warmup,
    run: async (name, round) => {
      const directory = dir.fresh(name);
      const contender = processorContenders.find((candidate) => candidate.name === name);
      const instance = contender?.create(directory);
      const { drain: drainPass, ...timing } = await pass(instance);
      const measured: Pass = { ...timing, drainMs: await drainPass(), lost: lostBy(instance, spanCount), writes: instance?.written?.() };
      dir.discard(directory);
      if (round >= options.warmup) passes[name]!.push(measured);
      context.progress(`${id}: ${name} ${((measured.busyMs * 1e6) / spanCount).toFixed(0)} ns/span`);
      return measured.busyMs;
    },
  });
  return passes;
}

function describeContender(name: string): string {
  return processorContenders.find((contender) => contender.name === name)?.description ?? name;
}

async function direct(context: BenchContext): Promise<ScenarioResult> {
  const { options } = context;
  const blueprint = blueprintOf(context);
  const spanCount = spanCountOf(blueprint);
  const chunk = SPANS_PER_CHUNK * 2;
  const names = processorContenders.map((contender) => contender.name);
  const passes = await collectPasses<ProcessorName>(context, '1a', names, spanCount, async (instance) => {
    const { processor } = instance!;
    // Fresh spans for every pass, as every span is in an application: a processor that marks the spans
    // it sees would otherwise meet spans already marked by the processors of earlier passes.
    const sessions = materialize(blueprint);
    const events = interleavedEvents(sessions);
    const body = events.length - sessions.length;
    await collectGarbage();
    const timing = await timeChunks(
      Math.ceil(body / chunk),
      (index) => play(processor, events, index * chunk, Math.min(body, (index + 1) * chunk)),
      () => play(processor, events, body),
    );
    return { ...timing, drain: () => drain(processor) };
  });
  const table = rows(names, passes, spanCount, describeContender);
  const session = table.find((row) => row.label === 'session-file')!;
  const reference = table.find((row) => row.reference)!;
  const withoutEnds = (name: string): number[] => passes[name]!.map((pass) => pass.busyMs - pass.rootEndsMs);
  const steadyRatio = pairedRatio(withoutEnds('session-file'), withoutEnds(REFERENCE));
  return {
    id: '1a',
    title: `Hot path, processor only: onStart + onEnd per span (${blueprint.sessions.length} sessions, ${spanCount} spans, 10 attributes, writes on)`,
    method:
      'onStart/onEnd called directly on ended SDK spans made afresh before each pass (span creation excluded for all); ' +
      `${SPANS_PER_CHUNK} spans per chunk, ${PAUSE_MS} ms pause between chunks for timers and writes; ns/span = time inside chunks / spans; ` +
      `median of ${options.rounds} rounds after ${options.warmup} warm-up; ratio = median of per-round ratios to ${REFERENCE}`,
    rows: table,
    targets: [
      target('1a', 'hot path vs BatchSpanProcessor + no-op', session.ratio!, 1.2, '×', `(${session.nsPerSpan!.toFixed(0)} vs ${reference.nsPerSpan!.toFixed(0)} ns/span; without the roots' ends ${steadyRatio.toFixed(2)}×)`),
    ],
    notes: [],
  };
}

async function throughTracer(context: BenchContext): Promise<ScenarioResult> {
  const { options } = context;
  const blueprint = blueprintOf(context);
  const spanCount = spanCountOf(blueprint);
  const names = ['none', ...processorContenders.map((contender) => contender.name)] as const;
  type Name = (typeof names)[number];
  const passes = await collectPasses<Name>(context, '1b', names, spanCount, async (instance) => {
    const processors: SpanProcessor[] = instance ? [instance.processor] : [];
    const provider = benchProvider(processors);
    const replay = new Replay(benchTracer(provider), blueprint);
    const timing = await timeChunks(
      Math.ceil(replay.childCount / SPANS_PER_CHUNK),
      (index) => {
        if (index === 0) replay.startRoots();
        replay.children(index * SPANS_PER_CHUNK, Math.min(replay.childCount, (index + 1) * SPANS_PER_CHUNK));
      },
      () => replay.endRoots(),
    );
    return { ...timing, drain: () => drain(provider) };
  });
  const table = rows(names, passes, spanCount, (name) => (name === 'none' ? 'no processor: span creation alone' : 'span creation + this processor'));
  const ns = (name: string): number => median(passes[name]!.map((pass) => (pass.busyMs * 1e6) / spanCount));
  const notes = [
    `net of span creation (row minus none, medians; noisy when small): ${processorContenders
      .map((contender) => `${contender.name} ${(ns(contender.name) - ns('none')).toFixed(0)}`)
      .join(', ')} ns/span`,
  ];
  return {
    id: '1b',
    title: `Hot path through TracerProvider: startSpan + attributes + end (${spanCount} spans), for context`,
    method:
      'the same spans replayed through a real TracerProvider per contender; span creation included for all ' +
      '(row `none`: its cost alone); chunks and pauses as in 1a; informational, the target is 1a',
    rows: table,
    targets: [],
    notes,
  };
}

export const hotPath: Scenario = {
  id: '1',
  run: async (context) => [await direct(context), await throughTracer(context)],
};
