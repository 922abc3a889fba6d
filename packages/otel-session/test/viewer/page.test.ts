import assert from 'node:assert/strict';
import { Script } from 'node:vm';
import { describe, it } from 'node:test';
import { renderViewerPage } from '../../src/viewer/page.js';
import { VIEWER_SCRIPT } from '../../src/viewer/script.js';

describe('the viewer page', () => {
  it('has a script that parses', () => {
    assert.doesNotThrow(() => new Script(VIEWER_SCRIPT, { filename: 'viewer.js' }));
  });

  it('contains only its own three scripts, and lets a live page connect to its own origin only', () => {
    const page = renderViewerPage({ sessionJson: '{"session":{},"resourceSpans":[]}', title: 't', live: true });
    assert.equal(page.match(/<script/g)!.length, 3);
    assert.equal(page.match(/<\/script>/g)!.length, 3);
    assert.match(page, /connect-src 'self'/);
    assert.match(page, /<script id="viewer-config" type="application\/json">\{"live":true\}<\/script>/);
  });
});
