import type { Attributes } from './otlp.js';

/**
 * What an AI span is, by the three conventions agents are traced with: OpenTelemetry GenAI
 * (`gen_ai.operation.name`), the Vercel AI SDK (`ai.operationId`: `ai.generateText` calls the model through
 * `ai.generateText.doGenerate` and runs tools as `ai.toolCall`) and OpenInference (`openinference.span.kind`).
 */

export type Category = 'agent' | 'llm' | 'tool' | 'other';

const GENAI = new Map<string, Category>([
  ['chat', 'llm'],
  ['text_completion', 'llm'],
  ['generate_content', 'llm'],
  ['embeddings', 'llm'],
  ['completion', 'llm'],
  ['execute_tool', 'tool'],
  ['invoke_agent', 'agent'],
  ['create_agent', 'agent'],
  // Azure AI Agents (azure-ai-agents for Python, @azure/ai-projects for JavaScript): a run of the agent
  // on a thread, which holds its model calls and tool calls.
  ['start_thread_run', 'agent'],
  ['process_thread_run', 'agent'],
]);

const OPENINFERENCE = new Map<string, Category>([
  ['LLM', 'llm'],
  ['EMBEDDING', 'llm'],
  ['TOOL', 'tool'],
  ['AGENT', 'agent'],
]);

// The AI SDK's calls: a top-level function (an agent step loop) and the provider calls inside it.
const AI_SDK_CALLS = new Set(['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject']);
const AI_SDK_MODEL_CALL = /^ai\.(generateText|streamText|generateObject|streamObject|embed|embedMany)\.do(Generate|Stream|Embed)$/;

function aiSdkCategory(operation: string): Category | undefined {
  if (operation === 'ai.toolCall') return 'tool';
  if (AI_SDK_MODEL_CALL.test(operation)) return 'llm';
  if (AI_SDK_CALLS.has(operation)) return 'agent';
  return undefined;
}

export function classify(name: string, attributes: Attributes): Category {
  const genAi = GENAI.get(attributes.get('gen_ai.operation.name') ?? '');
  if (genAi) return genAi;
  const openInference = OPENINFERENCE.get((attributes.get('openinference.span.kind') ?? '').toUpperCase());
  if (openInference) return openInference;
  const aiSdk = aiSdkCategory(attributes.get('ai.operationId') ?? name);
  if (aiSdk) return aiSdk;
  if (attributes.has('gen_ai.tool.name') || attributes.has('tool.name')) return 'tool';
  return 'other';
}
