import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeResourceEnvelope, encodeScopeEnvelope, type EnvelopeText } from '../../src/encoding/encodeScope.js';
import type { SpanRedactor } from '../../src/encoding/encodeSpan.js';

/** The envelope around an empty list of spans, parsed. */
const parsed = (envelope: EnvelopeText) => JSON.parse(envelope.open + envelope.close) as Record<string, unknown>;

const redactor: SpanRedactor = {
  attribute: (key, value) => (key === 'token' ? '[REDACTED]' : value),
  text: (text) => text.replaceAll('secret', '[REDACTED]'),
};

describe('encodeResourceEnvelope', () => {
  it('writes the resource\'s attributes, its dropped count and its schema URL twice, as the official serializer does', () => {
    const envelope = encodeResourceEnvelope({ attributes: { 'service.name': 'agent' }, schemaUrl: 'https://example.com/s' } as never);
    assert.deepEqual(parsed(envelope), {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'agent' } }], droppedAttributesCount: 0, schemaUrl: 'https://example.com/s' },
      scopeSpans: [],
      schemaUrl: 'https://example.com/s',
    });
  });

  it('leaves out an empty or non-string schema URL', () => {
    for (const schemaUrl of ['', undefined, 7, null]) {
      const envelope = parsed(encodeResourceEnvelope({ attributes: {}, schemaUrl } as never));
      assert.equal('schemaUrl' in envelope, false);
      assert.equal('schemaUrl' in (envelope.resource as object), false);
    }
  });

  it('keys resources by their whole text: equal content shares a key, any difference does not', () => {
    const a = encodeResourceEnvelope({ attributes: { 'service.name': 'agent' } } as never);
    assert.equal(encodeResourceEnvelope({ attributes: { 'service.name': 'agent' } } as never).key, a.key);
    assert.notEqual(encodeResourceEnvelope({ attributes: { 'service.name': 'other' } } as never).key, a.key);
    assert.notEqual(encodeResourceEnvelope({ attributes: { 'service.name': 'agent' }, schemaUrl: 'x' } as never).key, a.key);
  });

  it('redacts attributes and the schema URL', () => {
    const envelope = encodeResourceEnvelope({ attributes: { token: 'sk-1', cmd: 'run' }, schemaUrl: 'https://secret.example' } as never, redactor);
    assert.doesNotMatch(envelope.open + envelope.close, /sk-1|secret/);
    assert.match(envelope.open, /"cmd"/);
  });

  it('counts attributes it cannot read as dropped', () => {
    const attributes = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    const envelope = parsed(encodeResourceEnvelope({ attributes } as never));
    assert.deepEqual(envelope.resource, { attributes: [], droppedAttributesCount: 1 });
  });

  it('encodes any resource whatever, even one that is not an object, as valid JSON', () => {
    fc.assert(fc.property(fc.anything(), (resource) => {
      assert.equal(typeof parsed(encodeResourceEnvelope(resource as never)).resource, 'object');
    }));
  });
});

describe('encodeScopeEnvelope', () => {
  it('writes name, version, attributes and schema URL of a scope', () => {
    const envelope = encodeScopeEnvelope({ name: 'agent', version: '1.2.3', attributes: { a: 1 }, droppedAttributesCount: 2, schemaUrl: 'https://example.com/s' } as never);
    assert.deepEqual(parsed(envelope), {
      scope: { name: 'agent', version: '1.2.3', attributes: [{ key: 'a', value: { intValue: 1 } }], droppedAttributesCount: 2 },
      spans: [],
      schemaUrl: 'https://example.com/s',
    });
  });

  it('leaves out a version that is not given and attributes when there are none', () => {
    assert.deepEqual(parsed(encodeScopeEnvelope({ name: 'agent' })), { scope: { name: 'agent' }, spans: [] });
    assert.deepEqual(parsed(encodeScopeEnvelope({ name: 'agent', attributes: {} } as never)), { scope: { name: 'agent' }, spans: [] });
    assert.deepEqual(parsed(encodeScopeEnvelope({ name: 'agent', version: '' })), { scope: { name: 'agent', version: '' }, spans: [] }, 'an empty version is given');
  });

  it('keys scopes by name, version, attributes and schema URL', () => {
    const key = (scope: object) => encodeScopeEnvelope(scope as never).key;
    const base = key({ name: 'agent', version: '1' });
    assert.equal(key({ name: 'agent', version: '1' }), base);
    for (const other of [{ name: 'tools', version: '1' }, { name: 'agent', version: '2' }, { name: 'agent', version: '1', attributes: { a: 1 } }, { name: 'agent', version: '1', schemaUrl: 'x' }]) {
      assert.notEqual(key(other), base, JSON.stringify(other));
    }
  });

  it('redacts the name, version, attributes and schema URL', () => {
    const envelope = encodeScopeEnvelope({ name: 'secret tool', version: 'secret', attributes: { token: 'sk-1' }, schemaUrl: 'https://secret.example' } as never, redactor);
    assert.doesNotMatch(envelope.open + envelope.close + envelope.key, /sk-1|secret/);
  });

  it('encodes any scope whatever, with names of any text, as valid JSON with a string name', () => {
    const scope = fc.record({ name: fc.anything(), version: fc.option(fc.string(), { nil: undefined }), schemaUrl: fc.anything() }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(scope, fc.anything()), (value) => {
      const envelope = parsed(encodeScopeEnvelope(value as never));
      assert.equal(typeof (envelope.scope as { name: unknown }).name, 'string');
    }));
  });
});
