import { InvalidArgumentError, type Command } from 'commander';
import { CliError, EXIT_CODES_HELP } from '../CliError.js';
import { formatCount } from '../format/units.js';
import { loadSessionFile } from '../files/loadSessionFile.js';
import { resolveSessionFile } from '../files/resolveSession.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { otlpBatches } from '../send/otlpBatches.js';
import { postTraces } from '../send/postTraces.js';
import { colorsFor } from '../terminal.js';
import { integerAtLeast, keyValue } from './optionParsers.js';

/**
 * `otel-session send <file|id> --endpoint <url>`: replays a session into any OTLP/HTTP receiver (a
 * collector, Jaeger, Tempo…), as JSON, in requests of at most --batch-size spans.
 */

interface SendOptions {
  endpoint: string;
  header: Array<[string, string]>;
  batchSize: number;
  timeout: number;
  dir?: string;
}

const TRACES_PATH = '/v1/traces';

/** `http://host:4318` and `http://host:4318/v1/traces` both mean the traces endpoint. */
function tracesUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`expected a URL like http://localhost:4318, got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`expected an http or https URL, got ${value}.`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(TRACES_PATH) ? path : path + TRACES_PATH;
  return url.toString();
}

async function send(reference: string, options: SendOptions): Promise<void> {
  const path = await resolveSessionFile(reference, options.dir ?? defaultSessionDirectory());
  const file = await loadSessionFile(path);
  const headers = Object.fromEntries(options.header);
  const c = colorsFor(process.stdout);
  let sent = 0;
  let rejected = 0;
  let requests = 0;
  const messages: string[] = [];
  for (const batch of otlpBatches(file.resourceSpans, options.batchSize)) {
    let answer;
    try {
      answer = await postTraces(options.endpoint, JSON.stringify(batch.request), headers, options.timeout);
    } catch (error) {
      if (error instanceof CliError && sent > 0) {
        throw new CliError(`${error.message} (after ${formatCount(sent)} spans had been sent in ${requests} request${requests === 1 ? '' : 's'})`);
      }
      throw error;
    }
    requests++;
    sent += batch.spans;
    rejected += answer.rejectedSpans;
    if (answer.errorMessage) messages.push(answer.errorMessage);
  }
  if (requests === 0) {
    process.stdout.write(`${path} has no spans: nothing sent\n`);
    return;
  }
  const accepted = sent - rejected;
  process.stdout.write(
    `sent ${formatCount(sent)} spans of ${file.session.id} in ${requests} request${requests === 1 ? '' : 's'} to ${options.endpoint}: ` +
      `${c.green(`${formatCount(accepted)} accepted`)}, ${rejected ? c.red(`${formatCount(rejected)} rejected`) : '0 rejected'}\n`,
  );
  for (const message of new Set(messages)) process.stdout.write(`  receiver: ${message}\n`);
  if (rejected > 0) throw new CliError(`the receiver rejected ${formatCount(rejected)} of ${formatCount(sent)} spans`);
}

export function registerSend(program: Command): void {
  program
    .command('send')
    .description('send a session\'s spans to an OTLP/HTTP receiver, as JSON')
    .argument('<id|file>', 'a session id (or a unique prefix of one), or the path of a session file')
    .requiredOption('--endpoint <url>', 'the receiver, e.g. http://localhost:4318 (/v1/traces is added unless present)', tracesUrl)
    .option('-H, --header <key=value>', 'an HTTP header to send, e.g. authorization="Bearer …" (repeatable)', keyValue, [])
    .option('--batch-size <n>', 'spans per request at most', integerAtLeast(1), 1000)
    .option('--timeout <ms>', 'how long to wait for each answer', integerAtLeast(1), 10_000)
    .option('-d, --dir <dir>', 'where to look up session ids (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .addHelpText(
      'after',
      `
Spans that had not ended when the file was written are sent as the file has them: ended at the time of
the write, with the attribute otel_session.span.state.
${EXIT_CODES_HELP}
  (1 also when the receiver rejected spans, as reported in its partialSuccess answer)`,
    )
    .action(send);
}
