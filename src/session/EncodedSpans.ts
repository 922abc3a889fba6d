import type { ReadableSpan } from '../sdk/types.js';
import { encodeResourceEnvelope, encodeScopeEnvelope, type EnvelopeText } from '../encoding/encodeScope.js';
import type { SpanRedactor } from '../encoding/encodeSpan.js';
import { FragmentLog } from './FragmentLog.js';

/**
 * A session's ended spans, each encoded once, grouped as OTLP/JSON wants them (resource, then scope),
 * and rendered into the `resourceSpans` array as byte views without copying or re-encoding.
 * Spans still open are encoded anew at each render: they are the only part of a snapshot that changes.
 */

type SpanResource = ReadableSpan['resource'];
type SpanScope = ReadableSpan['instrumentationScope'];

interface ScopeGroup {
  envelope: EnvelopeText;
  /** Fragments that are never dropped to bound memory (the session's root span), with trailing commas. */
  pinned: string[];
  log: FragmentLog;
}

interface ResourceGroup {
  envelope: EnvelopeText;
  scopes: Map<string, ScopeGroup>;
}

/** A span's encoded text together with the envelopes it belongs in. */
export interface EncodedSpan {
  resource: EnvelopeText;
  scope: EnvelopeText;
  text: string;
  /** A span taken from an earlier file of the session. */
  earlier?: boolean;
  /** A span of an earlier file that never ended: it carries the unended-state attribute. */
  unended?: boolean;
}

const OPEN_BRACKET = Buffer.from('[');
const CLOSE_BRACKET = Buffer.from(']');
const COMMA = Buffer.from(',');

export class EncodedSpans {
  private readonly resources = new Map<string, ResourceGroup>();
  private readonly resourceEnvelopes = new WeakMap<SpanResource, EnvelopeText>();
  private readonly scopeEnvelopes = new WeakMap<SpanScope, EnvelopeText>();
  private nextSeq = 0;
  /** Insertion number of this process's first span: spans of earlier files are all numbered before it. */
  private ownFromSeq = 0;
  private pinnedCount = 0;
  /** Insertion numbers of the held spans that never ended (taken from an earlier file). */
  private readonly unendedSeqs = new Set<number>();
  private bytes = 0;
  private lastGroup: { resource: EnvelopeText; scope: EnvelopeText; group: ScopeGroup } | undefined;

  /** @param redactor - applied to the resources and scopes, as to the spans. */
  constructor(private readonly redactor?: SpanRedactor) {}

  /** Ended spans held. */
  get count(): number {
    let count = this.pinnedCount;
    for (const resource of this.resources.values()) {
      for (const scope of resource.scopes.values()) count += scope.log.count;
    }
    return count;
  }

  /** Held spans that never ended, spans of an earlier file closed as `interrupted`. */
  get unendedCount(): number {
    return this.unendedSeqs.size;
  }

  /** Approximate bytes of encoded text held. */
  get byteLength(): number {
    return this.bytes;
  }

  resourceEnvelope(resource: SpanResource): EnvelopeText {
    // Only objects can key a WeakMap; a span of plain JavaScript may carry anything here.
    if (!isObject(resource)) return encodeResourceEnvelope(resource);
    let envelope = this.resourceEnvelopes.get(resource);
    if (!envelope) {
      envelope = encodeResourceEnvelope(resource, this.redactor);
      this.resourceEnvelopes.set(resource, envelope);
    }
    return envelope;
  }

  scopeEnvelope(scope: SpanScope): EnvelopeText {
    if (!isObject(scope)) return encodeScopeEnvelope(scope);
    let envelope = this.scopeEnvelopes.get(scope);
    if (!envelope) {
      envelope = encodeScopeEnvelope(scope, this.redactor);
      this.scopeEnvelopes.set(scope, envelope);
    }
    return envelope;
  }

  envelopesOf(span: ReadableSpan): { resource: EnvelopeText; scope: EnvelopeText } {
    return { resource: this.resourceEnvelope(span.resource), scope: this.scopeEnvelope(span.instrumentationScope) };
  }

  add(encoded: EncodedSpan, pinned = false): void {
    const group = this.group(encoded.resource, encoded.scope);
    if (pinned) {
      group.pinned.push(`${encoded.text},`);
      this.pinnedCount++;
    } else {
      if (encoded.unended) this.unendedSeqs.add(this.nextSeq);
      group.log.append(encoded.text, this.nextSeq++);
      if (encoded.earlier) this.ownFromSeq = this.nextSeq;
    }
    this.bytes += encoded.text.length + 1;
  }

  /** Drops the oldest span that is not pinned; returns false when there is none. */
  dropOldest(): boolean {
    let oldest: FragmentLog | undefined;
    for (const resource of this.resources.values()) {
      for (const scope of resource.scopes.values()) {
        if (scope.log.oldestSeq < (oldest?.oldestSeq ?? Infinity)) oldest = scope.log;
      }
    }
    if (!oldest) return false;
    this.unendedSeqs.delete(oldest.oldestSeq);
    const before = oldest.byteLength;
    oldest.dropOldest();
    this.bytes -= before - oldest.byteLength;
    return true;
  }

  /**
   * The JSON text of the `resourceSpans` array: every ended span, then `unended` spans in their groups.
   * Groups are created for unended spans too but hold nothing of theirs after the render.
   */
  render(unended: readonly EncodedSpan[] = []): Buffer[] {
    const extra = new Map<ScopeGroup, string[]>();
    for (const span of unended) {
      const group = this.group(span.resource, span.scope);
      const list = extra.get(group);
      if (list) list.push(span.text);
      else extra.set(group, [span.text]);
    }
    const out: Buffer[] = [OPEN_BRACKET];
    let firstResource = true;
    for (const resource of this.resources.values()) {
      const scopeParts: Buffer[][] = [];
      for (const scope of resource.scopes.values()) {
        const parts = this.renderScope(scope, extra.get(scope));
        if (parts) scopeParts.push(parts);
      }
      if (scopeParts.length === 0) continue;
      if (!firstResource) out.push(COMMA);
      firstResource = false;
      out.push(Buffer.from(resource.envelope.open));
      scopeParts.forEach((parts, index) => {
        if (index > 0) out.push(COMMA);
        out.push(...parts);
      });
      out.push(Buffer.from(resource.envelope.close));
    }
    out.push(CLOSE_BRACKET);
    return out;
  }

  private renderScope(scope: ScopeGroup, unended: string[] | undefined): Buffer[] | undefined {
    const body: Buffer[] = [];
    if (scope.pinned.length > 0) {
      // The root of this process's turn goes after the spans of earlier files, before its own spans.
      const { before, after } = scope.log.viewsAround(this.ownFromSeq);
      body.push(...before, Buffer.from(scope.pinned.join('')), ...after);
    } else {
      body.push(...scope.log.views());
    }
    if (unended) body.push(Buffer.from(`${unended.join(',')},`));
    if (body.length === 0) return undefined;
    const last = body[body.length - 1]!;
    // Every fragment carries a trailing comma; the array's last one must not.
    body[body.length - 1] = last.subarray(0, last.length - 1);
    return [Buffer.from(scope.envelope.open), ...body, Buffer.from(scope.envelope.close)];
  }

  private group(resourceEnvelope: EnvelopeText, scopeEnvelope: EnvelopeText): ScopeGroup {
    // Spans mostly come from one tracer: the envelopes of the last span find its group without a lookup.
    if (resourceEnvelope === this.lastGroup?.resource && scopeEnvelope === this.lastGroup.scope) return this.lastGroup.group;
    const group = this.findGroup(resourceEnvelope, scopeEnvelope);
    this.lastGroup = { resource: resourceEnvelope, scope: scopeEnvelope, group };
    return group;
  }

  private findGroup(resourceEnvelope: EnvelopeText, scopeEnvelope: EnvelopeText): ScopeGroup {
    let resource = this.resources.get(resourceEnvelope.key);
    if (!resource) {
      resource = { envelope: resourceEnvelope, scopes: new Map() };
      this.resources.set(resourceEnvelope.key, resource);
    }
    let scope = resource.scopes.get(scopeEnvelope.key);
    if (!scope) {
      scope = { envelope: scopeEnvelope, pinned: [], log: new FragmentLog() };
      resource.scopes.set(scopeEnvelope.key, scope);
    }
    return scope;
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
