import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span, Tracer } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { FileSystem } from '../../src/fs/FileSystem.js';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { SessionSpanProcessor } from '../../src/SessionSpanProcessor.js';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import type { SessionFileExporterOptions, SessionSpanProcessorOptions } from '../../src/types.js';
import { FailingFs } from '../helpers/FailingFs.js';
import { tempDir } from '../helpers/tempDir.js';
import { assertValidSessionFile } from '../helpers/validateSessionFile.js';

/**
 * The whole pipeline as an application has it: a real provider, the processor, the file exporter, and a
 * file system that faults can be injected into. Shared by the fault, hostile-input and soak tests.
 */

export interface Pipeline {
  /** `<temp>/<subdirectory>`, created by the exporter on its first write. */
  directory: string;
  /** The temporary directory that holds `directory`: nothing else may appear in it. */
  root: string;
  fileSystem: FailingFs;
  exporter: SessionFileExporter;
  processor: SessionSpanProcessor;
  provider: TracerProvider;
  tracer: Tracer;
}

export interface PipelineOptions {
  /** Where the sessions go, below the temporary directory. @default 'sessions' */
  subdirectory?: string;
  /** What the FailingFs forwards to. @default the real file system */
  inner?: FileSystem;
  exporter?: Partial<SessionFileExporterOptions>;
  processor?: Partial<SessionSpanProcessorOptions>;
}

const open: Pipeline[] = [];

export async function pipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const root = await tempDir();
  const directory = join(root, options.subdirectory ?? 'sessions');
  const fileSystem = new FailingFs(options.inner);
  const exporter = new SessionFileExporter({ directory, fileSystem, ...options.exporter });
  const processor = new SessionSpanProcessor({ exporter, debounceMs: 1, maxDelayMs: 20, exitHook: false, ...options.processor });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const built = { directory, root, fileSystem, exporter, processor, provider, tracer: provider.getTracer('pipeline') };
  open.push(built);
  return built;
}

/** Shuts down every pipeline built so far (for `afterEach`); heals their file systems first. */
export async function shutdownPipelines(): Promise<void> {
  const pipelines = open.splice(0);
  for (const built of pipelines) built.fileSystem.heal();
  await Promise.all(pipelines.map((built) => built.provider.shutdown()));
}

export function childOf(tracer: Tracer, name: string, parent: Span, attributes: Record<string, string> = {}): Span {
  return tracer.startSpan(name, { attributes }, trace.setSpan(context.active(), parent));
}

/** A session file as stored. */
export interface StoredFile {
  session: SessionHeader;
  resourceSpans: Array<{
    scopeSpans: Array<{
      spans: Array<{
        name: string;
        traceId: string;
        spanId: string;
        attributes: Array<{ key: string; value: { stringValue?: string } }>;
      }>;
    }>;
  }>;
}

/** Reads a stored session file, failing the test when `otel-session validate` would reject it. */
export function readStored(path: string): StoredFile {
  const text = readFileSync(path, 'utf8');
  assertValidSessionFile(text, path);
  return JSON.parse(text) as StoredFile;
}

export function storedSpans(stored: StoredFile): StoredFile['resourceSpans'][number]['scopeSpans'][number]['spans'] {
  return stored.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

export function storedNames(stored: StoredFile): string[] {
  return storedSpans(stored)
    .map((span) => span.name)
    .sort();
}

/**
 * The processor's sessions in memory. No public accessor exists; what "nothing leaks" and "the slot is
 * free again" mean is this map's size.
 */
export function liveSessions(processor: SessionSpanProcessor): Map<string, { schedule: { timer: unknown } }> {
  return (processor as unknown as { sessions: Map<string, { schedule: { timer: unknown } }> }).sessions;
}

/** Resolves once `predicate` holds, checking on every turn of the timer queue; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Records unhandled rejections while installed; the test asserts there were none. */
export interface RejectionSpy {
  readonly rejections: unknown[];
  remove(): void;
}

export function spyOnUnhandledRejections(): RejectionSpy {
  const rejections: unknown[] = [];
  const listener = (reason: unknown): void => void rejections.push(reason);
  process.on('unhandledRejection', listener);
  return { rejections, remove: () => process.off('unhandledRejection', listener) };
}
