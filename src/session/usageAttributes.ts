/**
 * The attributes that carry a model call's input and output tokens, in the dialects spans come in: the
 * OpenTelemetry GenAI conventions (current, then older names), OpenInference, and the Vercel AI SDK's own
 * `ai.usage.*` (ai 5 and later, then ai 4's prompt/completion names). Read in order, the first valid value
 * winning: the AI SDK's model-call spans carry the GenAI names too, and must be counted once.
 */

export const INPUT_TOKENS: readonly string[] = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
];

export const OUTPUT_TOKENS: readonly string[] = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
];
