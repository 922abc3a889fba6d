import { InvalidArgumentError, type Command } from 'commander';
import type { SessionStatus } from 'otel-session-file';
import { CliError, EXIT_CODES, EXIT_CODES_HELP } from '../CliError.js';
import { formatCount, formatCounted } from '../format/units.js';
import { loadSessionFile } from '../files/loadSessionFile.js';
import { resolveSessionFile } from '../files/resolveSession.js';
import { newestFirst, scanSessions } from '../files/scanSessions.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { sendSession, type SendResult, type SendTarget } from '../send/sendSession.js';
import { colorsFor, type Colors } from '../terminal.js';
import { integerAtLeast, keyValue, statusList } from './optionParsers.js';

/**
 * `otel-session send <file|id> --endpoint <url>`: replays a session into any OTLP/HTTP receiver (a
 * collector, Jaeger, Tempo…), as JSON, in requests of at most --batch-size spans. With --all, every
 * session of the directory (or those of the given --status), one line each; one failed session does
 * not stop the others.
 */

interface SendOptions {
  endpoint: string;
  header?: Array<[string, string]>;
  batchSize: number;
  timeout: number;
  gzip?: boolean;
  all?: boolean;
  status?: SessionStatus[];
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

/** `16 accepted, 0 rejected`, the rejected count in red when there are any. */
function outcome(result: SendResult, c: Colors): string {
  const accepted = c.green(`${formatCount(result.spans - result.rejected)} accepted`);
  return `${accepted}, ${result.rejected ? c.red(`${formatCount(result.rejected)} rejected`) : '0 rejected'}`;
}

function receiverLines(result: SendResult): string {
  return result.messages.map((message) => `  receiver: ${message}\n`).join('');
}

async function sendOne(reference: string, options: SendOptions, target: SendTarget): Promise<void> {
  const path = await resolveSessionFile(reference, options.dir ?? defaultSessionDirectory());
  const file = await loadSessionFile(path);
  const result = await sendSession(file.resourceSpans, target);
  if (result.requests === 0) {
    process.stdout.write(`${path} has no spans: nothing sent\n`);
    return;
  }
  const c = colorsFor(process.stdout);
  process.stdout.write(
    `sent ${formatCounted(result.spans, 'span')} of ${file.session.id} in ${formatCounted(result.requests, 'request')} to ${target.url}: ${outcome(result, c)}\n`,
  );
  process.stdout.write(receiverLines(result));
  if (result.rejected > 0) throw new CliError(`the receiver rejected ${formatCount(result.rejected)} of ${formatCount(result.spans)} spans`);
}

async function sendAll(options: SendOptions, target: SendTarget): Promise<void> {
  const dir = options.dir ?? defaultSessionDirectory();
  const files = (await scanSessions(dir)).sort(newestFirst);
  const { status } = options;
  const chosen = status ? files.filter((file) => file.header && status.includes(file.header.status)) : files;
  const c = colorsFor(process.stdout);
  if (chosen.length === 0) {
    process.stdout.write(`no ${status ? `${status.join(' or ')} ` : ''}sessions in ${dir}: nothing sent\n`);
    return;
  }
  let sessions = 0;
  let failed = 0;
  const total: SendResult = { spans: 0, requests: 0, rejected: 0, messages: [] };
  for (const file of chosen) {
    if (!file.header) {
      process.stdout.write(`${c.dim(`skipped ${file.name}: not a session file (${file.problem})`)}\n`);
      continue;
    }
    sessions++;
    const label = `${file.header.id} (${file.name})`;
    try {
      const result = await sendSession((await loadSessionFile(file.path)).resourceSpans, target);
      total.spans += result.spans;
      total.rejected += result.rejected;
      if (result.rejected > 0) failed++;
      const sent = result.requests === 0 ? 'no spans, nothing sent' : `${formatCounted(result.spans, 'span')} in ${formatCounted(result.requests, 'request')}: ${outcome(result, c)}`;
      process.stdout.write(`${label}: ${sent}\n${receiverLines(result)}`);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed++;
      process.stdout.write(`${label}: ${c.red('failed')}: ${error.message}\n`);
    }
  }
  process.stdout.write(`sent ${formatCount(sessions - failed)} of ${formatCounted(sessions, 'session')} to ${target.url}: ${formatCounted(total.spans, 'span')}, ${outcome(total, c)}\n`);
  if (failed > 0) throw new CliError(`${formatCount(failed)} of ${formatCounted(sessions, 'session')} not sent completely`);
}

async function send(reference: string | undefined, options: SendOptions, command: Command): Promise<void> {
  const usage = (message: string) => command.error(message, { exitCode: EXIT_CODES.usage, code: 'otel-session.usage' });
  if (options.all && reference !== undefined) usage(`give a session id or file, or --all, not both`);
  if (!options.all && reference === undefined) usage(`missing required argument 'id|file' (or --all for every session)`);
  if (options.status && !options.all) usage(`--status chooses among the sessions of --all; it does not apply to one session`);
  const target: SendTarget = {
    url: options.endpoint,
    headers: Object.fromEntries(options.header ?? []),
    batchSize: options.batchSize,
    timeoutMs: options.timeout,
    gzip: options.gzip === true,
  };
  await (reference === undefined ? sendAll(options, target) : sendOne(reference, options, target));
}

export function registerSend(program: Command): void {
  program
    .command('send')
    .description('send a session\'s spans (or every session\'s, with --all) to an OTLP/HTTP receiver, as JSON')
    .argument('[id|file]', 'a session id (or a unique prefix of one), or the path of a session file')
    .requiredOption('--endpoint <url>', 'the receiver, e.g. http://localhost:4318 (/v1/traces is added unless present)', tracesUrl)
    .option('-H, --header <key=value>', 'an HTTP header to send, e.g. authorization="Bearer …" (repeatable)', keyValue)
    .option('--gzip', 'compress each request (Content-Encoding: gzip)')
    .option('--all', 'send every session of --dir, one line per session')
    .option('--status <status>', 'with --all, only sessions with this status: running, completed, error, interrupted, crashed (comma-separated or repeated)', statusList)
    .option('--batch-size <n>', 'spans per request at most', integerAtLeast(1), 1000)
    .option('--timeout <ms>', 'how long to wait for each answer', integerAtLeast(1), 10_000)
    .option('-d, --dir <dir>', 'where to look up session ids (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .addHelpText(
      'after',
      `
Spans that had not ended when the file was written are sent as the file has them: ended at the time of
the write, with the attribute otel_session.span.state. With --all, files that are not session files are
skipped (and said so), and a session that fails does not stop the others.
${EXIT_CODES_HELP}
  (1 also when the receiver rejected spans, as reported in its partialSuccess answer, and with --all
  when any session was not sent completely)`,
    )
    .action(send);
}
