import { join } from 'node:path';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { AppendFileExporter } from './AppendFileExporter.js';
import { NoopExporter } from './NoopExporter.js';
import { RecordingExporter } from './RecordingExporter.js';

/** The span processors compared on the hot path, each built fresh for one measurement. */

export type ProcessorName = 'session-file' | 'batch-noop' | 'simple-noop' | 'simple-append';

export interface ProcessorInstance {
  processor: SpanProcessor;
  /** Spans that reached the exporter, where it counts them (checks that nothing was dropped). */
  exported?: () => number;
  /** Session files written so far and their bytes, for a session exporter. */
  written?: () => { writes: number; bytes: number };
}

export interface ProcessorContender {
  name: ProcessorName;
  description: string;
  /** `directory` is empty and belongs to this measurement alone. */
  create(directory: string): ProcessorInstance;
}

export const PROCESSOR_REFERENCE: ProcessorName = 'batch-noop';

function withNoop(make: (exporter: NoopExporter) => SpanProcessor): ProcessorInstance {
  const exporter = new NoopExporter();
  return { processor: make(exporter), exported: () => exporter.exported };
}

export const processorContenders: readonly ProcessorContender[] = [
  {
    name: 'session-file',
    description: 'SessionSpanProcessor + SessionFileExporter (defaults: debounce 100 ms, fsync on)',
    create: (directory) => {
      const exporter = new RecordingExporter(new SessionFileExporter({ directory }), false);
      return {
        processor: new SessionSpanProcessor({ exporter, exitHook: false }),
        written: () => ({ writes: exporter.writes.length, bytes: exporter.bytesWritten }),
      };
    },
  },
  {
    name: 'batch-noop',
    description: 'SDK BatchSpanProcessor (defaults) + exporter that does nothing',
    create: () => withNoop((exporter) => new BatchSpanProcessor({ exporter })),
  },
  {
    name: 'simple-noop',
    description: 'SDK SimpleSpanProcessor + exporter that does nothing',
    create: () => withNoop((exporter) => new SimpleSpanProcessor({ exporter })),
  },
  {
    name: 'simple-append',
    description: 'SDK SimpleSpanProcessor + fs.appendFileSync(JSON.stringify(span fields)) per span',
    create: (directory) => ({
      processor: new SimpleSpanProcessor({ exporter: new AppendFileExporter(join(directory, 'spans.jsonl')) }),
    }),
  },
];
