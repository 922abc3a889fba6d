import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { removeTempDirs, tempDir } from '../../../../test/helpers/tempDir.js';
import { agentSessionFile, largeSessionFile, TOOL_CRASH, writeSessionFile, type SessionFile } from '../fixtures/makeSessionFile.js';
import { PACKAGE, runCli } from '../runCli.js';
import { rewriteAtomically, startView } from '../viewProcess.js';
import { launch, openPage, rowKinds, rowLabels, screenshot, TEST_OUTPUT, text } from './browserPage.js';

/**
 * The HTML viewer in a real browser (Debian's chromium, headless): the page `otel-session html` writes,
 * and the page `otel-session view --live` serves while the session file changes. Saves a screenshot to
 * test-output/viewer.png for a person to look at.
 */

const SCREENSHOT = join(TEST_OUTPUT, 'viewer.png');

after(removeTempDirs);

describe('the HTML viewer in a browser', () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(() => browser?.close());

  it('shows the header, the tree and, for a clicked span, its attributes, events and status', async () => {
    const dir = await tempDir();
    const file = await agentSessionFile({ id: 'ses_browser', title: 'Fix the login bug', turns: 3, unended: 'crashed', crash: TOOL_CRASH });
    const sessionPath = await writeSessionFile(dir, file);
    const output = join(dir, 'session.html');
    const { code, stderr } = await runCli(['html', sessionPath, '-o', output]);
    assert.equal(code, 0, stderr);

    const { page, errors, requests } = await openPage(browser, pathToFileURL(output).href);
    assert.match(await text(page, '#session-header'), /Fix the login bug\s*crashed/);
    assert.match(await text(page, '#session-header .crash'), /Crash: uncaughtException, exit code 1: Error: tool run_tests crashed the sandbox/);
    assert.match(await text(page, '#session-header .chips'), /LLM calls 5/);
    assert.equal((await rowLabels(page)).length, file.session.spanCount);
    assert.equal(await page.$$eval('.row .tag-crashed', (tags) => tags.length), 2);
    assert.equal(await page.$$eval('.row.crash-site', (rows) => rows.length), 2);

    await page.click('.row.is-error .label');
    const details = await text(page, '#details');
    assert.match(details, /^execute_tool run_tests/);
    assert.match(details, /status error/);
    assert.match(details, /3 tests failed/);
    assert.match(details, /gen_ai.tool.name\s*run_tests/);
    assert.match(details, /gen_ai.tool.call.id\s*call_0_2_run_tests/);
    assert.match(details, /Events \(1\).*exception.*exception.message\s*3 tests failed: login rejects an empty password/s);
    assert.match(details, /service.name\s*fixture-coding-agent/);
    assert.match(await text(page, '.row.selected'), /execute_tool run_tests/);

    // The parent link in the details pane selects the parent.
    await page.click('#details .linkish');
    assert.match(await text(page, '#details h2'), /^invoke_agent coder$/);

    // Folding the first turn hides its spans.
    await page.click('.row .toggle');
    assert.equal((await rowLabels(page)).length, file.session.spanCount - 7);
    await page.click('#expand-all');

    // Zoom: the buttons, then a drag over the time axis.
    assert.equal(await text(page, '#zoom-level'), 'fit');
    await page.click('#zoom-in');
    assert.equal(await text(page, '#zoom-level'), '2.0×');
    await page.click('#zoom-fit');
    const axis = (await (await page.$('#ticks'))!.boundingBox())!;
    await page.mouse.move(axis.x + axis.width * 0.1, axis.y + axis.height / 2);
    await page.mouse.down();
    await page.mouse.move(axis.x + axis.width * 0.3, axis.y + axis.height / 2, { steps: 4 });
    await page.mouse.up();
    assert.match(await text(page, '#zoom-level'), /^5\.0×$/);
    await page.click('#zoom-fit');
    await page.click('.row.is-error .label');

    await mkdir(TEST_OUTPUT, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((url) => !url.startsWith('file:')), []);
  });

  it("draws the real AI SDK and LangChain examples' model and tool calls as LLM and tool calls", async () => {
    const dir = await tempDir();
    for (const example of ['ai-sdk', 'langchain']) {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', join('examples', `${example}.ts`)], {
        cwd: join(PACKAGE, '..', '..'),
        env: { ...process.env, OTEL_SESSION_FILE_DIRECTORY: dir },
      });
      const output = join(dir, `${example}.html`);
      const { code, stderr } = await runCli(['html', join(dir, `${example}-example.json`), '-o', output]);
      assert.equal(code, 0, stderr);
      const { page, errors } = await openPage(browser, pathToFileURL(output).href);
      // Each example's model made three calls and its tools ran three times.
      const kinds = (await rowKinds(page)).map((row) => row.split(' ')[0]);
      assert.equal(kinds.filter((kind) => kind === 'llm').length, 3, example);
      assert.equal(kinds.filter((kind) => kind === 'tool').length, 3, example);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  it('draws a damaged file without a script error, whatever its spans hold', async () => {
    const dir = await tempDir();
    const file = (await agentSessionFile({ id: 'ses_damaged', turns: 1 })) as Record<string, any>;
    const spans = file.resourceSpans[0].scopeSpans[0].spans;
    // Values that make String() throw, lists that are not lists, entries that are not objects.
    spans[0].name = { toString: false };
    spans[1].attributes = { 'not a': 'list' };
    spans[2].events = [null, { name: { toString: false }, timeUnixNano: 5 }];
    spans[3].kind = { toString: false };
    spans[4].attributes = [{ key: { toString: false }, value: { arrayValue: { values: 'x' } } }, { key: 'constructor' }];
    spans[5].status = { code: '2', message: { toString: false } };
    spans[6].links = [{ traceId: { toString: false }, spanId: 3, attributes: 'x' }];
    spans.push(null, 7, { traceId: 1 });
    file.resourceSpans.push(null, { resource: 5, scopeSpans: 'x' });
    const output = join(dir, 'damaged.html');
    assert.equal((await runCli(['html', await writeSessionFile(dir, file as SessionFile), '-o', output])).code, 0);

    const { page, errors } = await openPage(browser, pathToFileURL(output).href);
    // The 8 spans of the turn and the object {traceId: 1}; null and 7 are not spans.
    assert.equal((await rowLabels(page)).length, 9);
    // Each click re-renders the rows, so each one is looked up afresh.
    for (let i = 0; i < 9; i++) await (await page.$$('.row .label'))[i]!.click();
    await page.type('#filter', 'a');
    await page.waitForFunction(`document.getElementById('count').textContent.includes('match')`);
    assert.deepEqual(errors, []);
  });

  it('follows the file with view --live, keeping the selection and the zoom', async () => {
    const dir = await tempDir();
    const file: SessionFile = await agentSessionFile({ id: 'ses_live', title: 'Add rate limiting', unended: 'open' });
    const sessionPath = await writeSessionFile(dir, file);
    const view = await startView([sessionPath, '--live', '--no-open']);
    try {
      const { page, errors } = await openPage(browser, view.url);
      await page.waitForFunction(`document.getElementById('live').textContent.startsWith('live')`);
      // Clicked inside the page, in one step: a live update may redraw the rows between puppeteer's
      // finding a row and its mouse reaching it, which detaches the element it found.
      await page.$eval('.row.is-error .label', (label) => (label as unknown as { click(): void }).click());
      await page.click('#zoom-in');

      const spans = file.resourceSpans[0]!.scopeSpans![0]!.spans!;
      spans.push({ ...spans[0]!, spanId: 'feedfacecafebeef', name: 'execute_tool deploy', attributes: [] });
      file.session.spanCount++;
      await rewriteAtomically(sessionPath, file);

      await page.waitForFunction(
        `[...document.querySelectorAll('.row .label')].some((label) => label.textContent === 'execute_tool deploy')`,
        { timeout: 10_000 },
      );
      assert.equal((await rowLabels(page)).length, file.session.spanCount);
      assert.match(await text(page, '.row.selected'), /execute_tool run_tests/);
      assert.match(await text(page, '#details h2'), /^execute_tool run_tests$/);
      assert.equal(await text(page, '#zoom-level'), '2.0×');
      assert.deepEqual(errors, []);
    } finally {
      await view.stop();
    }
  });

  it('marks the rows in view on the minimap, following the scroll and the live file', async () => {
    const dir = await tempDir();
    const sessionPath = await writeSessionFile(dir, await largeSessionFile(300, 'ses_minimap'));
    const view = await startView([sessionPath, '--live', '--no-open']);
    try {
      const { page, errors } = await openPage(browser, view.url);
      await page.waitForFunction(`document.getElementById('live').textContent.startsWith('live')`);
      const area = (await (await page.$('#minimap-area'))!.boundingBox())!;
      // The rows' lines fill the minimap from 2px below its top to 2px above its bottom.
      const linesTop = area.y + 2;
      const linesBottom = area.y + area.height - 2;
      const band = async () => {
        const box = (await (await page.$('#minimap-rows'))!.boundingBox())!;
        return { top: box.y, bottom: box.y + box.height };
      };
      const atTop = await band();
      assert.ok(Math.abs(atTop.top - linesTop) < 1, `band at ${atTop.top}, lines from ${linesTop}`);
      assert.ok(atTop.bottom - atTop.top < (linesBottom - linesTop) / 4, 'a fraction of the rows is in view');

      await page.$eval('#rows', (rows) => rows.scrollTo(0, rows.scrollHeight));
      await page.waitForFunction(`parseFloat(document.getElementById('minimap-rows').style.top) > ${atTop.top - area.y + 10}`);
      const atEnd = await band();
      assert.ok(Math.abs(atEnd.bottom - linesBottom) < 1, `band ends at ${atEnd.bottom}, lines at ${linesBottom}`);
      await screenshot(page, 'viewer-minimap-rows.png');

      // The file doubles: the rows in view are the same, now in the middle of the session's rows.
      const version = await page.evaluate('document.body.dataset.version');
      await rewriteAtomically(sessionPath, await largeSessionFile(600, 'ses_minimap'));
      await page.waitForFunction(`document.body.dataset.version !== ${JSON.stringify(version)}`, { timeout: 10_000 });
      const grown = await band();
      const middle = (linesTop + linesBottom) / 2;
      assert.ok(Math.abs(grown.bottom - middle) < 1.5, `band ends at ${grown.bottom}, middle at ${middle}`);
      assert.deepEqual(errors, []);
    } finally {
      await view.stop();
    }
  });
});
