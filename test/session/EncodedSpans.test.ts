import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { EnvelopeText } from '../../src/encoding/encodeScope.js';
import type { SpanRedactor } from '../../src/encoding/encodeSpan.js';
import { EncodedSpans, type EncodedSpan } from '../../src/session/EncodedSpans.js';

// Small hand-made envelopes: the grouping and placement are what is under test, not the encoding. One
// object per name, as the processor makes one per resource and scope object.
function envelopes(field: string, list: string): (name: string) => EnvelopeText {
  const made = new Map<string, EnvelopeText>();
  return (name) => {
    if (!made.has(name)) made.set(name, { key: name, open: `{"${field}":${JSON.stringify(name)},"${list}":[`, close: ']}' });
    return made.get(name)!;
  };
}
const resource = envelopes('resource', 'scopeSpans');
const scope = envelopes('scope', 'spans');

function span(name: string, where: { r?: string; s?: string } = {}, flags: Partial<EncodedSpan> = {}): EncodedSpan {
  return { resource: resource(where.r ?? 'r1'), scope: scope(where.s ?? 's1'), text: JSON.stringify({ name }), ...flags };
}

type Rendered = Array<{ resource: string; scopeSpans: Array<{ scope: string; spans: Array<{ name: string }> }> }>;

/** The rendered array, parsed; fails the test when it is not JSON. */
function rendered(encoded: EncodedSpans, unended: EncodedSpan[] = []): Rendered {
  return JSON.parse(Buffer.concat(encoded.render(unended)).toString()) as Rendered;
}

/** Resource → scope → span names, as rendered. */
function layout(encoded: EncodedSpans, unended: EncodedSpan[] = []): Array<[string, Array<[string, string[]]>]> {
  return rendered(encoded, unended).map((r) => [r.resource, r.scopeSpans.map((s) => [s.scope, s.spans.map((x) => x.name)] as [string, string[]])]);
}

/** The span names of the only scope. */
function names(encoded: EncodedSpans, unended: EncodedSpan[] = []): string[] {
  const all = layout(encoded, unended);
  assert.equal(all.length, 1);
  assert.equal(all[0]![1].length, 1);
  return all[0]![1][0]![1];
}

describe('EncodedSpans', () => {
  it('renders an empty array when it holds nothing', () => {
    const encoded = new EncodedSpans();
    assert.equal(Buffer.concat(encoded.render()).toString(), '[]');
    assert.equal(encoded.count, 0);
    assert.equal(encoded.byteLength, 0);
  });

  it('groups spans by resource, then scope, each in the order first seen, spans in the order added', () => {
    const encoded = new EncodedSpans();
    encoded.add(span('a', { r: 'r1', s: 's1' }));
    encoded.add(span('b', { r: 'r2', s: 's1' }));
    encoded.add(span('c', { r: 'r1', s: 's2' }));
    encoded.add(span('d', { r: 'r1', s: 's1' }));
    encoded.add(span('e', { r: 'r2', s: 's1' }));

    assert.deepEqual(layout(encoded), [
      ['r1', [['s1', ['a', 'd']], ['s2', ['c']]]],
      ['r2', [['s1', ['b', 'e']]]],
    ]);
    assert.equal(encoded.count, 5);
  });

  it('renders any sequence of spans as valid JSON with the grouping of a model', () => {
    const where = fc.record({ r: fc.constantFrom('r1', 'r2', 'r3'), s: fc.constantFrom('s1', 's2') });
    fc.assert(
      fc.property(fc.array(fc.tuple(where, fc.string()), { maxLength: 40 }), (spans) => {
        const encoded = new EncodedSpans();
        const model = new Map<string, Map<string, string[]>>();
        for (const [{ r, s }, name] of spans) {
          encoded.add(span(name, { r, s }));
          if (!model.has(r)) model.set(r, new Map());
          const scopesOfR = model.get(r)!;
          if (!scopesOfR.has(s)) scopesOfR.set(s, []);
          scopesOfR.get(s)!.push(name);
        }
        assert.deepEqual(layout(encoded), [...model].map(([r, ss]) => [r, [...ss]]));
        assert.equal(encoded.count, spans.length);
      }),
    );
  });

  it('places the pinned root after the spans of earlier files and before this process\'s own spans', () => {
    const encoded = new EncodedSpans();
    encoded.add(span('earlier 1', {}, { earlier: true }));
    encoded.add(span('earlier 2', {}, { earlier: true }));
    encoded.add(span('own 1'));
    encoded.add(span('root'), true);
    encoded.add(span('own 2'));

    assert.deepEqual(names(encoded), ['earlier 1', 'earlier 2', 'root', 'own 1', 'own 2']);
  });

  it('places the pinned root first when no earlier file was taken in', () => {
    const encoded = new EncodedSpans();
    encoded.add(span('own 1'));
    encoded.add(span('root'), true);
    encoded.add(span('own 2'));

    assert.deepEqual(names(encoded), ['root', 'own 1', 'own 2']);
  });

  it('places the pinned root after the spans of earlier files that are left once older ones are dropped', () => {
    const encoded = new EncodedSpans();
    for (const name of ['earlier 1', 'earlier 2', 'earlier 3']) encoded.add(span(name, {}, { earlier: true }));
    encoded.add(span('root'), true);
    encoded.add(span('own'));

    assert.equal(encoded.dropOldest(), true);

    assert.deepEqual(names(encoded), ['earlier 2', 'earlier 3', 'root', 'own']);
  });

  it('never drops a pinned span, and says so when only pinned spans are left', () => {
    const encoded = new EncodedSpans();
    encoded.add(span('root'), true);
    encoded.add(span('a'));
    encoded.add(span('b', { s: 's2' }));

    assert.equal(encoded.dropOldest(), true);
    assert.equal(encoded.dropOldest(), true);
    assert.equal(encoded.dropOldest(), false);

    assert.deepEqual(layout(encoded), [['r1', [['s1', ['root']]]]]);
    assert.equal(encoded.count, 1);
  });

  it('drops the oldest span across all its groups', () => {
    const encoded = new EncodedSpans();
    encoded.add(span('b1', { s: 's2' }));
    encoded.add(span('a1', { r: 'r2' }));
    encoded.add(span('b2', { s: 's2' }));
    encoded.add(span('c1'));

    encoded.dropOldest();
    encoded.dropOldest();

    assert.deepEqual(layout(encoded), [['r1', [['s2', ['b2']], ['s1', ['c1']]]]]);
  });

  it('counts the bytes it holds, and gives back a dropped span\'s bytes', () => {
    const encoded = new EncodedSpans();
    const first = span('first');
    const second = span('second, longer');
    encoded.add(first);
    encoded.add(second);
    assert.equal(encoded.byteLength, first.text.length + 1 + second.text.length + 1);

    encoded.dropOldest();

    assert.equal(encoded.byteLength, second.text.length + 1);
  });

  it('counts the unended spans of earlier files until they are dropped', () => {
    const encoded = new EncodedSpans();
    encoded.add(span('ended', {}, { earlier: true }));
    encoded.add(span('interrupted', {}, { earlier: true, unended: true }));
    encoded.add(span('own'));
    assert.equal(encoded.unendedCount, 1);

    encoded.dropOldest();
    assert.equal(encoded.unendedCount, 1);
    encoded.dropOldest();
    assert.equal(encoded.unendedCount, 0);
  });

  it('renders spans still open after the ended spans of their group, and keeps none of them', () => {
    const encoded = new EncodedSpans();
    encoded.add(span('ended'));
    encoded.add(span('root'), true);

    assert.deepEqual(
      layout(encoded, [span('open 1'), span('open elsewhere', { r: 'r2', s: 's9' }), span('open 2')]),
      [
        ['r1', [['s1', ['root', 'ended', 'open 1', 'open 2']]]],
        ['r2', [['s9', ['open elsewhere']]]],
      ],
    );
    assert.equal(encoded.count, 2);
    assert.deepEqual(layout(encoded), [['r1', [['s1', ['root', 'ended']]]]], 'the group made for an open span renders nothing');
  });

  it('renders spans still open when no span has ended yet', () => {
    const encoded = new EncodedSpans();
    assert.deepEqual(names(encoded, [span('open')]), ['open']);
    assert.equal(Buffer.concat(encoded.render()).toString(), '[]');
  });

  it('encodes the envelopes of one resource and scope object once, redacted', () => {
    let redactions = 0;
    const redactor: SpanRedactor = {
      attribute: (_key, value) => value,
      text: (text) => {
        redactions++;
        return text.replace('secret', '[REDACTED]');
      },
    };
    const encoded = new EncodedSpans(redactor);
    const instrumentationScope = { name: 'tool secret' };

    const first = encoded.scopeEnvelope(instrumentationScope);
    const counted = redactions;
    const again = encoded.scopeEnvelope(instrumentationScope);

    assert.equal(again, first);
    assert.equal(redactions, counted);
    assert.match(first.open, /tool \[REDACTED\]/);
    assert.notEqual(encoded.scopeEnvelope({ name: 'tool secret' }), first, 'an equal object is another scope object');
  });

  it('encodes envelopes of a resource or scope that is not an object instead of throwing', () => {
    const encoded = new EncodedSpans();
    assert.doesNotThrow(() => encoded.resourceEnvelope(undefined as never));
    assert.doesNotThrow(() => encoded.scopeEnvelope('plain' as never));
  });
});
