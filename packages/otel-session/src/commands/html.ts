import { chmod, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT_CODES_HELP } from '../CliError.js';
import { loadSessionFile } from '../files/loadSessionFile.js';
import { resolveSessionFile } from '../files/resolveSession.js';
import { defaultSessionDirectory } from '../files/sessionDirectory.js';
import { renderViewerPage } from '../viewer/page.js';
import { fileMode } from './optionParsers.js';
import { viewerAssets } from '../viewer/viewerAssets.js';

/**
 * `otel-session html <file|id>`: the viewer as one HTML file to keep, attach or open offline.
 */

interface HtmlOptions {
  output?: string;
  dir?: string;
  mode: number;
}

// The page embeds the whole session, which the library writes 0600: the page keeps that privacy.
const PAGE_MODE = 0o600;

async function html(reference: string, options: HtmlOptions): Promise<void> {
  const path = await resolveSessionFile(reference, options.dir ?? defaultSessionDirectory());
  const file = await loadSessionFile(path);
  const page = renderViewerPage({ sessionJson: JSON.stringify(file), title: file.session.title ?? file.session.id, live: false }, await viewerAssets());
  if (options.output === '-') {
    process.stdout.write(page);
    return;
  }
  const output = options.output ?? `${basename(path, '.json')}.html`;
  try {
    await writeFile(output, page, { mode: options.mode });
    // An existing file keeps its mode through writeFile; and the umask must not widen or narrow it.
    await chmod(output, options.mode);
  } catch (error) {
    throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
  }
  process.stdout.write(`wrote ${output} (${file.session.spanCount} spans of ${file.session.id})\n`);
}

export function registerHtml(program: Command): void {
  program
    .command('html')
    .description('write a session as one self-contained HTML page: zoomable waterfall, span tree, details')
    .argument('<id|file>', 'a session id (or a unique prefix of one), or the path of a session file')
    .option('-o, --output <file>', 'where to write the page, - for stdout (default: <session file name>.html here)')
    .option('-d, --dir <dir>', 'where to look up session ids (default: $OTEL_SESSION_FILE_DIRECTORY or ./traces)')
    .option('--mode <octal>', 'permission bits of the written page', fileMode, PAGE_MODE)
    .addHelpText('after', `\nThe page loads nothing from the network; the session is embedded in it.\n${EXIT_CODES_HELP}`)
    .action(html);
}
