import { spawn } from 'node:child_process';

/**
 * Opens `url` in the user's browser if there is one to open; otherwise does nothing and says nothing,
 * because the URL is printed anyway. $BROWSER wins, as in other CLIs; on Linux without a display (a
 * server, an ssh session, a container) there is no browser to start.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): void {
  let command: string;
  let args: string[];
  if (env.BROWSER) {
    [command, args] = [env.BROWSER, [url]];
  } else if (process.platform === 'darwin') {
    [command, args] = ['open', [url]];
  } else if (process.platform === 'win32') {
    // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
    [command, args] = ['cmd', ['/c', 'start', '""', url]];
  } else if (env.DISPLAY || env.WAYLAND_DISPLAY) {
    [command, args] = ['xdg-open', [url]];
  } else {
    return;
  }
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No such program: the printed URL is enough.
  }
}
