import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InFlightWrites, type InFlightWrite } from '../../src/fs/InFlightWrites.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InFlightWrites', () => {
  it('tracks writes per key until they settle', async () => {
    const writes = new InFlightWrites();
    const gate = deferred();
    const running = writes.run('a', () => gate.promise);
    assert.equal(writes.has('a'), true);
    assert.equal(writes.has('b'), false);

    gate.resolve();
    await running;
    assert.equal(writes.has('a'), false);
  });

  it('settled() waits for the writes in flight, rejected ones included', async () => {
    const writes = new InFlightWrites();
    const gate = deferred();
    let done = false;
    void writes.run('a', () => gate.promise.then(() => void (done = true)));
    void writes.run('b', () => Promise.reject(new Error('x'))).catch(() => {});

    const settled = writes.settled();
    gate.resolve();
    await settled;
    assert.equal(done, true);
  });

  it('discards every write of a key, queued ones too, and removes their temporary files, and only of that key', async () => {
    const writes = new InFlightWrites();
    const gate = deferred();
    const seen: InFlightWrite[] = [];
    const track = (key: string, temp: string) =>
      writes.run(key, (write) => {
        write.tempFiles.add(temp);
        seen.push(write);
        return gate.promise;
      });
    const all = [track('a', '/d/a.json.1'), track('b', '/d/b.json.3'), track('a', '/d/a.json.2')];
    // The second write of `a` waits for the first: only one of them has a temporary file yet.
    assert.deepEqual([...writes.tempFileNames()].sort(), ['a.json.1', 'b.json.3']);
    const unlinked: string[] = [];

    writes.discard('a', 'crashed', (path) => {
      unlinked.push(path);
      throw Object.assign(new Error('gone'), { code: 'ENOENT' });
    });

    assert.deepEqual(unlinked, ['/d/a.json.1']);
    assert.deepEqual(seen.map((w) => w.discarded), ['crashed', undefined]);
    writes.discard('a', 'superseded', () => {});
    assert.equal(seen[0]!.discarded, 'crashed', 'the first reason stays');
    gate.resolve();
    await Promise.all(all);
    assert.equal(seen[2]!.discarded, 'crashed', 'the queued write of the key was discarded too');
  });
  it('runs the writes of one key one after the other, in call order', async () => {
    const writes = new InFlightWrites();
    const order: string[] = [];
    const gates = [deferred(), deferred()];
    const first = writes.run('a', async () => {
      order.push('first starts');
      await gates[0]!.promise;
      order.push('first ends');
    });
    const second = writes.run('a', async () => {
      order.push('second starts');
    });
    const other = writes.run('b', async () => {
      order.push('other key starts');
      await gates[1]!.promise;
    });
    assert.deepEqual(order, ['first starts', 'other key starts']);
    gates[0]!.resolve();
    gates[1]!.resolve();
    await Promise.all([first, second, other]);
    assert.deepEqual(order, ['first starts', 'other key starts', 'first ends', 'second starts']);
  });
});
