import { INPUT_TOKEN_ATTRIBUTES as INPUT_TOKENS, OUTPUT_TOKEN_ATTRIBUTES as OUTPUT_TOKENS } from 'otel-session-file';
import { attributeText, findAttribute } from './attributeText.js';
import type { OtlpKeyValue } from './otlp.js';

/**
 * The few attributes that say what a span of an AI agent did, in short `label=value` form for one line:
 * the GenAI semantic conventions' operation, model and tool, a plain `tool.name`, and token usage, also in
 * OpenInference's (`llm.model_name`, `llm.token_count.*`) and the Vercel AI SDK's (`ai.*`) names. A
 * value the span's name already shows (`chat claude-sonnet-4-5`, `execute_tool grep`) is left out: the
 * line has little room.
 */

const LABELLED: ReadonlyArray<readonly [label: string, keys: readonly string[]]> = [
  ['op', ['gen_ai.operation.name']],
  ['model', ['gen_ai.request.model', 'gen_ai.response.model', 'llm.model_name', 'ai.model.id']],
  ['tool', ['gen_ai.tool.name', 'tool.name', 'ai.toolCall.name']],
];

function first(attributes: OtlpKeyValue[] | undefined, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = findAttribute(attributes, key);
    if (value !== undefined) return attributeText(value);
  }
  return undefined;
}

export function keyAttributes(name: string, attributes: OtlpKeyValue[] | undefined): string[] {
  const words = new Set(name.split(/\s+/));
  const parts: string[] = [];
  for (const [label, keys] of LABELLED) {
    const value = first(attributes, keys);
    if (value !== undefined && !words.has(value)) parts.push(`${label}=${value}`);
  }
  const input = first(attributes, INPUT_TOKENS);
  const output = first(attributes, OUTPUT_TOKENS);
  if (input !== undefined || output !== undefined) parts.push(`tokens=${input ?? '?'}→${output ?? '?'}`);
  return parts;
}
