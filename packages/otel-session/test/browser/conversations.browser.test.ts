import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { removeTempDirs } from '../../../../test/helpers/tempDir.js';
import {
  AGENTS_ANSWER,
  AGENTS_QUESTION,
  AGENTS_TOOL_OUTPUT,
  AI_SDK_ANSWER,
  AI_SDK_QUESTION,
  AI_SDK_SYSTEM,
  aiSdkSessionFile,
  GENAI_ANSWER,
  GENAI_QUESTION,
  GENAI_SYSTEM,
  GENAI_TOOL_OUTPUT,
  genAiSessionFile,
  OPENINFERENCE_ANSWER,
  OPENINFERENCE_QUESTION,
  OPENINFERENCE_TOOL_OUTPUT,
  openInferenceSessionFile,
} from '../fixtures/aiFrameworkSessionFiles.js';
import { clickRow, htmlPageFor, launch, openPage, rowKinds, screenshot, text } from './browserPage.js';

/**
 * Conversations in the viewer: LLM spans recorded by the AI SDK, by OpenInference and with the
 * OpenTelemetry GenAI conventions (messages in span attributes or in span events, Azure AI Agents' runs
 * too) shown as chats, and their spans classified as agent / LLM / tool. Screenshots:
 * test-output/viewer-ai-sdk.png, viewer-openinference.png, viewer-genai-events.png.
 */

after(removeTempDirs);

interface Message {
  role: string;
  parts: string[];
}

const chat = (page: Page): Promise<Message[]> =>
  page.$$eval('#details .chat .msg', (messages) =>
    messages.map((message) => ({
      role: message.querySelector('.role')?.textContent ?? '',
      parts: [...message.querySelectorAll('.part')].map((part) => `${part.className.replace('part ', '')}: ${part.textContent ?? ''}`),
    })),
  );

describe('conversations in the viewer', () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(() => browser?.close());

  it('shows an AI SDK session as agent, LLM and tool spans, and its messages as a chat', async () => {
    const { page, errors } = await openPage(browser, await htmlPageFor(await aiSdkSessionFile()));
    assert.deepEqual(await rowKinds(page), [
      'agent ai.generateText',
      'llm ai.generateText.doGenerate',
      'tool ai.toolCall',
      'llm ai.generateText.doGenerate',
    ]);

    await clickRow(page, 'ai.generateText.doGenerate');
    assert.deepEqual(await chat(page), [
      { role: 'system', parts: [`text: ${AI_SDK_SYSTEM}`] },
      { role: 'user', parts: [`text: ${AI_SDK_QUESTION}`] },
      { role: 'assistant (response)', parts: ['tool-call: tool calllookupOrdercall_lookup_1{\n  "orderId": "1234"\n}'] },
    ]);

    await clickRow(page, 'ai.toolCall');
    assert.match(await text(page, '#details .chat'), /tool calllookupOrdercall_lookup_1\{\n {2}"orderId": "1234"\n\}.*tool resultlookupOrdercall_lookup_1\{\n {2}"status": "shipped"/s);

    await clickRow(page, 'ai.generateText.doGenerate', 1);
    const messages = await chat(page);
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant (response)']);
    assert.deepEqual(messages[2]!.parts, ['tool-call: tool calllookupOrdercall_lookup_1{\n  "orderId": "1234"\n}']);
    assert.deepEqual(messages[3]!.parts, ['tool-result: tool resultlookupOrdercall_lookup_1{\n  "status": "shipped",\n  "eta": "2026-12-02"\n}']);
    assert.deepEqual(messages[4]!.parts, [`text: ${AI_SDK_ANSWER}`]);
    assert.match(await text(page, '#details .badges'), /LLM call/);
    await screenshot(page, 'viewer-ai-sdk.png');
    assert.deepEqual(errors, []);
  });

  it('shows an OpenInference session as agent, LLM and tool spans, and its messages as a chat', async () => {
    const { page, errors } = await openPage(browser, await htmlPageFor(await openInferenceSessionFile()));
    assert.deepEqual(await rowKinds(page), ['agent AgentExecutor', 'other RunnableSequence', 'llm ChatOpenAI', 'tool get_weather', 'llm ChatOpenAI']);

    await clickRow(page, 'ChatOpenAI');
    assert.deepEqual((await chat(page)).at(-1), {
      role: 'assistant (response)',
      parts: ['tool-call: tool callget_weathercall_weather_1{\n  "city": "Paris"\n}'],
    });

    await clickRow(page, 'get_weather');
    assert.match(await text(page, '#details .chat'), /tool callget_weather\{\n {2}"city": "Paris"\n\}.*tool resultget_weather18\u00b0C and cloudy/s);

    await clickRow(page, 'ChatOpenAI', 1);
    const messages = await chat(page);
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool', 'assistant (response)']);
    assert.deepEqual(messages[1]!.parts, [`text: ${OPENINFERENCE_QUESTION}`]);
    assert.deepEqual(messages[3]!.parts, [`tool-result: tool resultget_weathercall_weather_1${OPENINFERENCE_TOOL_OUTPUT}`]);
    assert.deepEqual(messages[4]!.parts, [`text: ${OPENINFERENCE_ANSWER}`]);
    await screenshot(page, 'viewer-openinference.png');
    assert.deepEqual(errors, []);
  });

  it('shows GenAI messages recorded as span attributes and as span events as chats', async () => {
    const { page, errors } = await openPage(browser, await htmlPageFor(await genAiSessionFile()));
    assert.deepEqual(await rowKinds(page), [
      'agent invoke_agent trains',
      'llm chat gpt-4o',
      'tool execute_tool next_train',
      'llm chat gpt-4o',
      'llm chat gpt-4o',
      'agent process_thread_run',
    ]);
    const call = 'tool-call: tool callnext_traincall_trains_1{\n  "from": "Oslo",\n  "to": "Bergen"\n}';

    // gen_ai.system_instructions, gen_ai.input.messages and gen_ai.output.messages on the span.
    await clickRow(page, 'chat gpt-4o');
    assert.deepEqual(await chat(page), [
      { role: 'system', parts: [`text: ${GENAI_SYSTEM}`] },
      { role: 'user', parts: [`text: ${GENAI_QUESTION}`] },
      { role: 'assistant (response)', parts: [call] },
    ]);

    // One gen_ai.<role>.message event per message and a gen_ai.choice, bodies in gen_ai.event.content.
    await clickRow(page, 'chat gpt-4o', 1);
    assert.deepEqual(await chat(page), [
      { role: 'system', parts: [`text: ${GENAI_SYSTEM}`] },
      { role: 'user', parts: [`text: ${GENAI_QUESTION}`] },
      { role: 'assistant', parts: [call] },
      { role: 'tool', parts: [`tool-result: tool resultcall_trains_1${GENAI_TOOL_OUTPUT}`] },
      { role: 'assistant (response)', parts: [`text: ${GENAI_ANSWER}`] },
    ]);
    // The events stay listed with their attributes as recorded.
    assert.match(await text(page, '#details'), /Events \(5\).*gen_ai\.choice.*gen_ai\.event\.content/s);

    // An answer's tool calls as Azure AI Inference for JavaScript records them: `toolCalls` in the choice's message.
    const booking = 'tool-call: tool callbook_seatcall_book_1{\n  "train": "07:57",\n  "to": "Bergen"\n}';
    await clickRow(page, 'chat gpt-4o', 2);
    assert.deepEqual(await chat(page), [
      { role: 'user', parts: [`text: ${AGENTS_QUESTION}`] },
      { role: 'assistant (response)', parts: [booking] },
    ]);

    // An Azure AI Agents run: thread messages' content by type ({text: {value}}), a run step's tool calls, outputs.
    await clickRow(page, 'process_thread_run');
    assert.deepEqual(await chat(page), [
      { role: 'user', parts: [`text: ${AGENTS_QUESTION}`] },
      { role: 'assistant', parts: [booking] },
      { role: 'tool', parts: [`tool-result: tool resultcall_book_1${AGENTS_TOOL_OUTPUT}`] },
      { role: 'assistant', parts: [`text: ${AGENTS_ANSWER}`] },
    ]);
    await screenshot(page, 'viewer-genai-events.png');
    assert.deepEqual(errors, []);
  });
});
