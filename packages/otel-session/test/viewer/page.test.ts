import assert from 'node:assert/strict';
import { Script } from 'node:vm';
import { describe, it } from 'node:test';
import { renderViewerPage } from '../../src/viewer/page.js';
import { viewerAssets } from '../../src/viewer/viewerAssets.js';

describe('the viewer page', () => {
  it('has a bundled script that parses', async () => {
    const { script } = await viewerAssets();
    assert.doesNotThrow(() => new Script(script, { filename: 'viewer.js' }));
  });

  it('is ASCII, so that its bytes do not depend on how a runtime writes strings', async () => {
    const page = renderViewerPage({ sessionJson: '{"session":{},"resourceSpans":[]}', title: 't', live: false }, await viewerAssets());
    assert.match(page, /^[\x00-\x7f]*$/);
  });

  it('contains only its own three scripts, and lets a live page connect to its own origin only', async () => {
    const page = renderViewerPage({ sessionJson: '{"session":{},"resourceSpans":[]}', title: 't', live: true }, await viewerAssets());
    assert.equal(page.match(/<script/g)!.length, 3);
    assert.equal(page.match(/<\/script>/g)!.length, 3);
    assert.equal(page.match(/<style/g)!.length, 1);
    assert.match(page, /connect-src 'self'/);
    assert.match(page, /<script id="viewer-config" type="application\/json">\{"live":true\}<\/script>/);
  });
});
