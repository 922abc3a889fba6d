import { Option, type Command } from 'commander';
import { EXIT_CODES_HELP } from '../CliError.js';
import { loadSessionFile } from '../files/loadSessionFile.js';
import { resolveSessionFile } from '../files/resolveSession.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { openBrowser } from '../view/openBrowser.js';
import { startViewServer } from '../view/viewServer.js';
import { port } from './optionParsers.js';

/**
 * `otel-session view <id|file>`: serves the viewer on 127.0.0.1 until interrupted; with --live the page
 * follows the file as the session goes on.
 */

interface ViewOptions {
  live?: boolean;
  port: number;
  open: boolean;
  dir?: string;
}

async function view(reference: string, options: ViewOptions): Promise<void> {
  const path = await resolveSessionFile(reference, options.dir ?? defaultSessionDirectory());
  // Fails here, with the file's problem, rather than in the browser.
  const file = await loadSessionFile(path);
  const server = await startViewServer({ path, port: options.port, live: options.live === true });
  // Installed before the URL is printed: whoever reads it may stop the server right away.
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const live = options.live ? ', live' : '';
  process.stdout.write(`Viewing ${file.session.id} (${path}${live}) at ${server.url}\nPress Ctrl-C to stop.\n`);
  if (options.open) openBrowser(server.url);
}

export function registerView(program: Command): void {
  program
    .command('view')
    .description('serve the HTML viewer of a session on 127.0.0.1 and open it in a browser')
    .argument('<id|file>', 'a session id (or a unique prefix of one), or the path of a session file')
    .option('--live', 'update the page as the file changes (Server-Sent Events)')
    .addOption(new Option('-p, --port <n>', 'port to listen on').argParser(port).default(0, 'a free one'))
    .option('--no-open', 'do not open a browser, only print the URL')
    .option('-d, --dir <dir>', 'where to look up session ids (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .addHelpText('after', `\nThe server listens on 127.0.0.1 only and runs until Ctrl-C.\n${EXIT_CODES_HELP}`)
    .action(view);
}
