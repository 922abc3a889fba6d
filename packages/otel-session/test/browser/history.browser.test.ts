import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { removeTempDirs } from '../../../../test/helpers/tempDir.js';
import { largeSessionFile, resumedCrashSessionFile } from '../fixtures/makeSessionFile.js';
import { htmlPageFor, launch, openPage, screenshot, text } from './browserPage.js';

/**
 * The session's history in the viewer: a session continued across processes, one of which crashed, with
 * the crash cause, its stack and the spans it interrupted; idle time compressed; `#span=` links.
 * Screenshots: test-output/viewer-crash.png, viewer-span-link.png.
 */

after(removeTempDirs);

const texts = (page: Page, selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent ?? ''));

describe('the viewer shows what happened to a session', () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(() => browser?.close());

  it('shows each process of a resumed session, the crash cause and stack, and the span that was running', async () => {
    const { page, errors, requests } = await openPage(browser, await htmlPageFor(await resumedCrashSessionFile()));

    assert.deepEqual(await texts(page, '#history .segment-line .status'), ['completed', 'crashed', 'completed']);
    const record = await text(page, '#history .crash');
    assert.match(record, /Crash: uncaughtException, exit code 1: Error: tool run_tests crashed the sandbox/);
    assert.match(record, /at runTests \(agent\/tools\.ts:64:15\)/);
    assert.match(record, /Running when it crashed: execute_tool run_testsinvoke_agent coder/);
    // The processes on the timeline, the crash marked on the one that died.
    assert.deepEqual(await texts(page, '#segments-band .seg'), ['1 completed', '2 crashed', '3 completed']);
    assert.equal((await page.$$('#segments-band .seg-crash')).length, 1);
    // The user came back minutes later: those pauses are drawn narrow and say how long they were.
    assert.deepEqual(await texts(page, '#ticks .gap'), ['idle\n3m58s', 'idle\n4m58s']);

    // The crashed turn's spans are marked, and lead to the crash record in one click.
    assert.deepEqual(await texts(page, '.row.crash-site .label'), ['invoke_agent coder', 'execute_tool run_tests']);
    const crashedRow = (await page.$$('.row.crash-site .label'))[1]!;
    await crashedRow.click();
    assert.match(await text(page, '#details .crash-note'), /Running when process 2 crashed\s*uncaughtException, exit code 1: Error: tool run_tests crashed the sandbox/);
    await page.click('#details .show-crash');
    assert.equal(await text(page, '#details h2'), 'Process 2 of 3');
    assert.match(await text(page, '#details .crash .stack'), /^Error: tool run_tests crashed the sandbox\n {4}at runTests/);
    assert.match(await text(page, '#segments-band .seg.selected'), /2 crashed/);
    // And back from the record to the span.
    await page.click('#details .crash-span');
    assert.equal(await text(page, '#details h2'), 'execute_tool run_tests');
    assert.match(await text(page, '.row.selected'), /execute_tool run_tests\s*crashed/);
    await screenshot(page, 'viewer-crash.png');

    // The minimap: a drag over it zooms the timeline to that stretch, and shows where the view is.
    const minimap = (await (await page.$('#minimap-area'))!.boundingBox())!;
    await page.mouse.move(minimap.x + minimap.width * 0.4, minimap.y + 10);
    await page.mouse.down();
    await page.mouse.move(minimap.x + minimap.width * 0.6, minimap.y + 10, { steps: 4 });
    await page.mouse.up();
    assert.equal(await text(page, '#zoom-level'), '5.0\u00d7');
    assert.match((await page.$eval('#minimap-window', (frame) => frame.getAttribute('style')))!, /display: block/);
    await page.click('#zoom-fit');

    // Idle time drawn to scale on request.
    await page.click('#compress-idle');
    assert.equal((await page.$$('#ticks .gap')).length, 0);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((url) => !url.startsWith('file:')), []);
  });

  it('opens a #span= link on that span, scrolled into view, and gives every span such a link', async () => {
    const file = await largeSessionFile(3000, 'ses_links');
    const spans = file.resourceSpans.flatMap((group) => group.scopeSpans!.flatMap((scope) => scope.spans!));
    const target = spans.find((span) => span.name === 'turn 260')!;
    const url = await htmlPageFor(file);
    const { page, errors } = await openPage(browser, `${url}#span=${target.spanId}`);

    assert.equal(await text(page, '#details h2'), 'turn 260');
    const selected = (await page.$('.row.selected'))!;
    assert.equal(await selected.evaluate((row) => row.getAttribute('data-span-id')), target.spanId);
    const row = (await selected.boundingBox())!;
    const pane = (await (await page.$('#rows'))!.boundingBox())!;
    assert.ok(row.y >= pane.y && row.y + row.height <= pane.y + pane.height, `row at ${row.y}, pane ${pane.y}..${pane.y + pane.height}`);

    // Selecting a span puts its link in the address; following a link selects its span.
    await page.click('.row.selected + .row .label');
    assert.equal(await text(page, '#details h2'), 'chat claude-sonnet-4-5');
    const link = await page.$eval('#details .span-link', (a) => a.getAttribute('href'));
    assert.match(link!, /^#span=[0-9a-f]{16}$/);
    assert.equal(await page.evaluate('location.hash'), link);
    await page.evaluate(`history.replaceState(null, '', location.pathname); location.hash = '#span=${target.spanId}'`);
    await page.waitForFunction(`document.querySelector('#details h2').textContent === 'turn 260'`);
    await screenshot(page, 'viewer-span-link.png');
    assert.deepEqual(errors, []);
  });
});
