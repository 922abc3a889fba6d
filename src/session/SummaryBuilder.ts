import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '../sdk/types.js';
import { read } from '../encoding/coerce.js';
import type { SessionSummary } from './SessionHeader.js';
import { INPUT_TOKENS, OUTPUT_TOKENS } from './usageAttributes.js';

/**
 * A session's running `summary`, fed each ended span once, where the span is encoded. Each span costs a
 * fixed number of attribute lookups: nothing is rescanned or sorted, and the tool and model tables are
 * bounded so that a long session cannot grow its header without limit.
 *
 * Spans are read in four dialects: the OpenTelemetry GenAI conventions, their older names, OpenInference,
 * and the Vercel AI SDK's own `ai.*` attributes. Attribute values are untrusted: anything that is not a finite number >= 0 is ignored, so
 * the summary never holds NaN, Infinity or a negative count, and `add` never throws on what a span carries.
 */

/** Distinct models kept in `models`; later ones are not listed. */
export const MAX_SUMMARY_MODELS = 32;
/** Distinct tool names kept in `toolCalls`; calls of further tools are counted under {@link OTHER_TOOLS}. */
export const MAX_SUMMARY_TOOLS = 256;
/** The `toolCalls` entry that counts the calls of tools beyond {@link MAX_SUMMARY_TOOLS}. */
export const OTHER_TOOLS = '(other)';
/** The `toolCalls` entry for tool calls whose span names no tool. */
export const UNNAMED_TOOL = '(unnamed)';
/** Longer model and tool names are cut to this length, so that one odd value cannot bloat every header. */
const MAX_NAME_LENGTH = 200;

type Role = 'llm' | 'embeddings' | 'tool' | 'other';

// Maps, not object literals: a span's `gen_ai.operation.name` of "constructor" must not find a prototype.
const OPERATION_ROLES = new Map<string, Role>([
  ['chat', 'llm'],
  ['text_completion', 'llm'],
  ['generate_content', 'llm'],
  // `completion` and `embedding` are the values of OpenLLMetry's `llm.request.type`.
  ['completion', 'llm'],
  ['embeddings', 'embeddings'],
  ['embedding', 'embeddings'],
  ['execute_tool', 'tool'],
]);
const OPENINFERENCE_ROLES = new Map<string, Role>([
  ['LLM', 'llm'],
  ['EMBEDDING', 'embeddings'],
  ['TOOL', 'tool'],
]);

// Each list is read in order and its first valid value wins: a span that carries both a current and an
// older name for one quantity is counted once.
const TOTAL_TOKENS = ['gen_ai.usage.total_tokens', 'llm.token_count.total', 'ai.usage.totalTokens'];
const CACHE_READ_TOKENS = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'gen_ai.usage.input_tokens.cached',
  'llm.token_count.prompt_details.cache_read',
  'ai.usage.inputTokenDetails.cacheReadTokens',
  'ai.usage.cachedInputTokens',
];
const CACHE_CREATION_TOKENS = [
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_creation_input_tokens',
  'gen_ai.usage.input_tokens.cache_write',
  'llm.token_count.prompt_details.cache_write',
  'ai.usage.inputTokenDetails.cacheWriteTokens',
];
const COST = ['gen_ai.usage.cost', 'llm.cost.total'];
const MODEL = ['gen_ai.response.model', 'gen_ai.request.model', 'llm.model_name', 'ai.response.model', 'ai.model.id'];
const TOOL_NAME = ['gen_ai.tool.name', 'tool.name', 'ai.toolCall.name'];
// The Vercel AI SDK's `ai.operationId`: its model calls (`ai.generateText.doGenerate`, `ai.streamObject.doStream`, …),
// embedding calls and tool calls. Its other operations (`ai.generateText`) wrap a loop of these.
const AI_SDK_ROLES = new Map<string, Role>([
  ['ai.generateText.doGenerate', 'llm'],
  ['ai.streamText.doStream', 'llm'],
  ['ai.generateObject.doGenerate', 'llm'],
  ['ai.streamObject.doStream', 'llm'],
  ['ai.embed.doEmbed', 'embeddings'],
  ['ai.embedMany.doEmbed', 'embeddings'],
  ['ai.toolCall', 'tool'],
]);

/** Builds a session's {@link SessionSummary} from its ended spans, one span at a time. */
export class SummaryBuilder {
  private durationMs = 0;
  private spans = 0;
  private errors = 0;
  private llmCalls = 0;
  private readonly toolCalls = new Map<string, number>();
  private readonly models = new Set<string>();
  /** Totals taken over from an earlier process's summary: final figures, added as they are. */
  private readonly absorbed = new Usage();
  /** Usage reported by model calls (LLM calls and embeddings). */
  private readonly modelUsage = new Usage();
  /** Usage reported by any other span: agents, chains, workflows. */
  private readonly otherUsage = new Usage();

  /** @param redact - applied to tool and model names before they are kept (and cut). */
  constructor(private readonly redact: (text: string) => string = (text) => text) {}

  /** Counts one ended span. Call it once per span. */
  add(span: ReadableSpan): void {
    this.spans++;
    if (read(span.status, 'code') === SpanStatusCode.ERROR) this.errors++;
    const parent = span.parentSpanContext;
    if (parent === undefined || read(parent, 'isRemote') === true) this.durationMs += durationMs(span);
    const given = span.attributes;
    const attributes: Attributes = typeof given === 'object' && given !== null ? given : {};
    const role = roleOf(attributes);
    if (role === 'llm') {
      this.llmCalls++;
      const model = firstString(attributes, MODEL);
      if (model !== undefined) this.addModel(model);
    } else if (role === 'tool') {
      this.addToolCalls(firstString(attributes, TOOL_NAME) ?? UNNAMED_TOOL, 1);
    }
    (role === 'llm' || role === 'embeddings' ? this.modelUsage : this.otherUsage).add(attributes);
  }

  /**
   * Starts from the summary of an earlier file of this session (a resumed session), adding its figures to
   * this one's. The summary is read from disk and not trusted: fields of the wrong type are ignored.
   */
  absorb(summary: SessionSummary): void {
    if (typeof summary !== 'object' || summary === null) return;
    this.durationMs += count(summary.durationMs);
    this.spans += wholeCount(summary.spans);
    this.errors += wholeCount(summary.errors);
    this.llmCalls += wholeCount(summary.llmCalls);
    const tools: unknown = summary.toolCalls;
    if (typeof tools === 'object' && tools !== null && !Array.isArray(tools)) {
      for (const [name, calls] of Object.entries(tools)) if (wholeCount(calls) > 0) this.addToolCalls(name, wholeCount(calls));
    }
    this.absorbed.absorb(summary.tokens, summary.cost);
    const models: unknown = summary.models;
    if (Array.isArray(models)) {
      for (const model of models) if (typeof model === 'string' && model.length > 0) this.addModel(model);
    }
  }

  /**
   * The summary so far, as a new object.
   *
   * Tokens and cost are summed over model calls. Agent and workflow spans often repeat the totals of the
   * calls under them, so their figures are used only while no model call has reported that quantity
   * (tokens and cost are decided separately): a framework that reports usage only on its agent span
   * still gets a summary, and one that reports it on both is not counted twice.
   */
  summary(): SessionSummary {
    const tokens = this.modelUsage.hasTokens ? this.modelUsage : this.otherUsage;
    const cost = this.modelUsage.hasCost ? this.modelUsage : this.otherUsage;
    const summary: SessionSummary = {
      durationMs: this.durationMs,
      spans: this.spans,
      errors: this.errors,
      llmCalls: this.llmCalls,
      // fromEntries defines own properties, so a tool named "__proto__" stays an ordinary key.
      toolCalls: Object.fromEntries(this.toolCalls),
      tokens: {
        input: this.absorbed.input + tokens.input,
        output: this.absorbed.output + tokens.output,
        cacheRead: this.absorbed.cacheRead + tokens.cacheRead,
        cacheCreation: this.absorbed.cacheCreation + tokens.cacheCreation,
        total: this.absorbed.total + tokens.total,
      },
      models: [...this.models],
    };
    if (this.absorbed.hasCost || cost.hasCost) summary.cost = this.absorbed.cost + cost.cost;
    return summary;
  }

  private addModel(name: string): void {
    if (this.models.size < MAX_SUMMARY_MODELS) this.models.add(this.redact(name).slice(0, MAX_NAME_LENGTH));
  }

  private addToolCalls(name: string, calls: number): void {
    let key = this.redact(name).slice(0, MAX_NAME_LENGTH);
    if (!this.toolCalls.has(key) && this.toolCalls.size >= MAX_SUMMARY_TOOLS) key = OTHER_TOOLS;
    this.toolCalls.set(key, (this.toolCalls.get(key) ?? 0) + calls);
  }
}

/** Token and cost totals from one kind of source. */
class Usage {
  input = 0;
  output = 0;
  cacheRead = 0;
  cacheCreation = 0;
  total = 0;
  cost = 0;
  hasTokens = false;
  hasCost = false;

  add(attributes: Attributes): void {
    const input = firstCount(attributes, INPUT_TOKENS);
    const output = firstCount(attributes, OUTPUT_TOKENS);
    const total = firstCount(attributes, TOTAL_TOKENS);
    const cacheRead = firstCount(attributes, CACHE_READ_TOKENS);
    const cacheCreation = firstCount(attributes, CACHE_CREATION_TOKENS);
    if (input !== undefined || output !== undefined || total !== undefined || cacheRead !== undefined || cacheCreation !== undefined) {
      this.hasTokens = true;
      this.input += input ?? 0;
      this.output += output ?? 0;
      this.total += total ?? (input ?? 0) + (output ?? 0);
      this.cacheRead += cacheRead ?? 0;
      this.cacheCreation += cacheCreation ?? 0;
    }
    const cost = firstCount(attributes, COST);
    if (cost !== undefined) {
      this.hasCost = true;
      this.cost += cost;
    }
  }

  absorb(tokens: unknown, cost: unknown): void {
    if (typeof tokens === 'object' && tokens !== null) {
      const given = tokens as Partial<Record<keyof SessionSummary['tokens'], unknown>>;
      this.input += count(given.input);
      this.output += count(given.output);
      this.cacheRead += count(given.cacheRead);
      this.cacheCreation += count(given.cacheCreation);
      this.total += count(given.total);
    }
    if (isCount(cost)) {
      this.hasCost = true;
      this.cost += cost;
    }
  }
}

/**
 * What a span is. `gen_ai.operation.name` decides when it names a known operation, then OpenInference's
 * span kind, then the AI SDK's `ai.operationId`; a span that carries neither is read by the older conventions, which marked a model call only
 * by its request type (OpenLLMetry) or its model (GenAI conventions before `gen_ai.operation.name`).
 */
function roleOf(attributes: Attributes): Role {
  const operation = attributes['gen_ai.operation.name'];
  const operationRole = typeof operation === 'string' ? OPERATION_ROLES.get(operation) : undefined;
  if (operationRole !== undefined) return operationRole;
  const kind = attributes['openinference.span.kind'];
  const kindRole = typeof kind === 'string' ? OPENINFERENCE_ROLES.get(kind) : undefined;
  if (kindRole !== undefined) return kindRole;
  const aiOperation = attributes['ai.operationId'];
  const aiRole = typeof aiOperation === 'string' ? AI_SDK_ROLES.get(aiOperation) : undefined;
  if (aiRole !== undefined) return aiRole;
  if (attributes['gen_ai.tool.name'] !== undefined) return 'tool';
  // An agent or workflow span may name a model too; only spans with no operation are guessed at.
  if (operation !== undefined || kind !== undefined || aiOperation !== undefined) return 'other';
  const requestType = attributes['llm.request.type'];
  const requestRole = typeof requestType === 'string' ? OPERATION_ROLES.get(requestType) : undefined;
  if (requestRole !== undefined) return requestRole;
  return attributes['gen_ai.request.model'] !== undefined || attributes['gen_ai.response.model'] !== undefined ? 'llm' : 'other';
}

function durationMs(span: ReadableSpan): number {
  const duration: unknown = span.duration;
  if (!Array.isArray(duration)) return 0;
  const [seconds, nanos]: unknown[] = duration;
  return typeof seconds === 'number' && typeof nanos === 'number' ? count(seconds * 1e3 + nanos / 1e6) : 0;
}

// Bounded so that sums of many values stay finite and exact enough; a larger figure is bad data.
function isCount(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= Number.MAX_SAFE_INTEGER;
}

function count(value: unknown): number {
  return isCount(value) ? value : 0;
}

/** Calls and spans are whole numbers in the file; a fraction read from a hand-edited one is cut. */
function wholeCount(value: unknown): number {
  return Math.floor(count(value));
}

function firstCount(attributes: Attributes, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (isCount(value)) return value;
  }
  return undefined;
}

function firstString(attributes: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}
