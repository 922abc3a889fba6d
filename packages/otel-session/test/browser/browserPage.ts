import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { tempDir } from '../../../../test/helpers/tempDir.js';
import { writeSessionFile, type SessionFile } from '../fixtures/makeSessionFile.js';
import { PACKAGE, runCli } from '../runCli.js';

/**
 * The browser tests' shared steps: Debian's chromium, headless; a page that records its script errors
 * and the requests that leave it; the page `otel-session html` writes for a session file; screenshots
 * in test-output/ for a person to look at.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TEST_OUTPUT = join(PACKAGE, '..', '..', 'test-output');

export async function launch(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${await tempDir('otel-session-chromium-')}`,
    ],
  });
}

export interface OpenedPage {
  page: Page;
  errors: string[];
  requests: string[];
}

export async function openPage(browser: Browser, url: string, viewport = { width: 1400, height: 820 }): Promise<OpenedPage> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors, requests };
}

/** Writes `file`, runs `otel-session html` on it, and returns the page's file URL. */
export async function htmlPageFor(file: SessionFile): Promise<string> {
  const dir = await tempDir();
  const sessionPath = await writeSessionFile(dir, file);
  const output = join(dir, 'session.html');
  const { code, stderr } = await runCli(['html', sessionPath, '-o', output]);
  if (code !== 0) throw new Error(`otel-session html failed (${code}): ${stderr}`);
  return pathToFileURL(output).href;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(TEST_OUTPUT, { recursive: true });
  await page.screenshot({ path: join(TEST_OUTPUT, name) });
}

export const text = (page: Page, selector: string) => page.$eval(selector, (element) => element.textContent ?? '');
export const rowLabels = (page: Page) => page.$$eval('.row .label', (labels) => labels.map((label) => label.textContent ?? ''));

/** Clicks the first row whose label is `label` (rows are re-rendered on each click, so it is looked up afresh). */
export async function clickRow(page: Page, label: string, nth = 0): Promise<void> {
  const rows = await page.$$('.row .label');
  let seen = 0;
  for (const row of rows) {
    if ((await row.evaluate((element) => element.textContent)) !== label) continue;
    if (seen++ === nth) {
      await row.click();
      return;
    }
  }
  throw new Error(`no row labelled ${JSON.stringify(label)} (#${nth})`);
}

/** The rows' labels with their kind (agent / llm / tool / other). */
export const rowKinds = (page: Page) =>
  page.$$eval('.row', (rows) => rows.map((row) => `${row.getAttribute('data-category')} ${row.querySelector('.label')?.textContent ?? ''}`));
