import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { contextPropagates } from '../../src/session/checkContextManager.js';
import { runLimited } from '../crash/lib/crashMatrix.js';
import { runSnippet, warnings } from '../helpers/runReadmeSnippet.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

interface StoredFile {
  resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }>;
}

async function spanNames(directory: string): Promise<string[]> {
  const file = JSON.parse(await readFile(join(directory, 'conversation-1.json'), 'utf8')) as StoredFile;
  return file.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))).sort();
}

describe('a provider without a context manager', () => {
  it('is said once, with the fix, when spans of startActiveSpan leave their session', async () => {
    const directory = join(await tempDir('otel-session-nocontext-'), 'traces');
    const run = await runSnippet({ directory, provider: 'basic' });
    assert.equal(run.code, 0, run.stderr);
    const said = warnings(run.stderr);
    assert.equal(said.length, 1, run.stderr);
    assert.match(said[0]!, /\[OTEL_SESSION_FILE_NO_CONTEXT_MANAGER\]/);
    assert.match(said[0]!, /provider\.register\(\).*AsyncLocalStorageContextManager/);
    // What it warns about: the children are not in the session's file.
    assert.deepEqual(await spanNames(directory), ['invoke_agent']);
  });

  it('is not said with a context manager, and the children are in the file', async () => {
    const base = await tempDir('otel-session-context-');
    const runs = await runLimited(
      (['node', 'basic+als'] as const).map((provider) => () => runSnippet({ directory: join(base, provider), provider })),
      2,
    );
    for (const [index, provider] of (['node', 'basic+als'] as const).entries()) {
      assert.equal(runs[index]!.stderr, '', provider);
      assert.deepEqual(await spanNames(join(base, provider)), ['chat', 'execute_tool', 'invoke_agent'], provider);
    }
  });
});

describe('contextPropagates', () => {
  it('tells whether the registered context manager makes a context active', () => {
    context.disable();
    assert.equal(contextPropagates(), false);
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      assert.equal(contextPropagates(), true);
    } finally {
      context.disable();
    }
  });
});
