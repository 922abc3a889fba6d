import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from '../../helpers/tempDir.js';
import { CAUSES, crashMessage, isSelfInflicted, MOMENTS, type Cause, type CrashPlan, type Moment } from './crashPlan.js';
import { childRuntime } from './childRuntime.js';
import { describeExit, FixtureChild, type ChildExit, type ReportedLine } from './FixtureChild.js';
import { readSessionFile, spansByName, type SessionFile } from './sessionFile.js';

/**
 * The crash matrix: for every cause × moment, run test/crash/fixtures/crashAtMoment.ts in a child, let it
 * die, and judge the file it leaves. A trial passes when
 *
 * - the child exits as a process without the plugin would (code or signal of the cause);
 * - the file parses, every time (after SIGKILL before the first write there is none, and must be none);
 * - its status is `crashed` (`interrupted` for exit code 0, or the status the session had already reached
 *   when its final write was in flight); after SIGKILL, `running`, as the last snapshot left it;
 * - the crash record names the cause (reason, signal, exit code, the error's message);
 * - every span the child started is in the file, ended ones as ended and open ones marked with the
 *   session's fate; after SIGKILL, every span of a snapshot that had landed, and every span that ended
 *   more than one debounce interval (or the longest wait for the write budget the processor announced,
 *   never past `maxDelayMs`) plus one write before the kill (see dueAfterSigkill);
 * - the moment was really met (the burst was still running, no write landed during the debounce wait);
 * - for a write in flight, nothing changes the file after the child is gone (when asked to look again).
 *
 * The file is read once the child has exited and its output is closed.
 */

export const DEFAULT_DEBOUNCE_MS = 100;
/**
 * The debounce and start cells wait longer, so that the parent's signal surely lands inside the wait
 * (before the first write, for start).
 */
export const DEBOUNCE_CELL_MS = 1000;
/** Timer lateness and scheduling on a loaded machine, on top of "one debounce interval plus one write". */
const SIGKILL_SLACK_MS = 100;
/** The processor's default `maxDelayMs`: no change waits longer for its write. */
const DEFAULT_MAX_DELAY_MS = 5000;
/** The largest share of wall time the processor lets a session spend writing (SessionSpanProcessor). */
const WRITE_SHARE = 0.1;

/**
 * The longest a change waits for its write after a write of `oneWriteMs`: the debounce, or, after a slow
 * write, the spacing that keeps writing under a tenth of wall time (SnapshotScheduler.delayFor, without
 * the credit for idle time, so an upper bound).
 */
export function writeDelayBound(debounceMs: number, oneWriteMs: number): number {
  return Math.max(debounceMs, oneWriteMs * (1 / WRITE_SHARE - 1));
}
const SESSION_ID = 'crash-session';

export interface TrialOptions {
  largeSessionMb: number;
  burstReadyMs: number;
  /** With a write in flight: read the file again this long after the child is gone (0: once is enough). */
  lateRenameWaitMs?: number;
}

export const FULL_TRIAL_OPTIONS: TrialOptions = { largeSessionMb: 22, burstReadyMs: 400 };

export interface TrialResult {
  cause: Cause;
  moment: Moment;
  trial: number;
  failures: string[];
  durationMs: number;
}

/** Trials per cell of the full matrix: at least 5, at least 20 for the burst and the writes in flight. */
export function fullTrialsOf(moment: Moment): number {
  return moment === 'start' || moment === 'idle' || moment === 'debounce' ? 5 : 20;
}

export function expectedExit(cause: Cause): ChildExit {
  if (cause.startsWith('SIG')) return { code: null, signal: cause as NodeJS.Signals };
  return { code: cause === 'exit(0)' ? 0 : 1, signal: null };
}

export function expectedStatus(cause: Cause, moment: Moment): string {
  if (cause === 'SIGKILL') return 'running';
  if (cause !== 'exit(0)') return 'crashed';
  // A clean exit keeps a status the session had already reached: endSession made it `completed`.
  return moment === 'final write' ? 'completed' : 'interrupted';
}

/** Runs one trial in a fresh directory; the directory is removed when the trial passed. */
export async function runCrashTrial(cause: Cause, moment: Moment, trial: number, options: TrialOptions): Promise<TrialResult> {
  const started = performance.now();
  const directory = await tempDir('otel-session-crash-');
  const plan: CrashPlan = {
    directory,
    sessionId: SESSION_ID,
    cause,
    moment,
    // Alternates per trial, and per cause, so that a single trial per cell still covers both stages.
    stage: (trial + CAUSES.indexOf(cause)) % 2 === 0 ? 'rename' : 'write',
    debounceMs: moment === 'debounce' || moment === 'start' ? DEBOUNCE_CELL_MS : DEFAULT_DEBOUNCE_MS,
    largeSessionMb: options.largeSessionMb,
    burstReadyMs: options.burstReadyMs,
  };
  const failures: string[] = [];
  const child = await FixtureChild.start('crashAtMoment', [JSON.stringify(plan)]);
  try {
    const ready = await child.waitFor('READY');
    const killedAt = isSelfInflicted(cause) ? undefined : child.kill(cause as NodeJS.Signals);
    const exit = await child.ended();
    failures.push(...(await judgeTrial(plan, child, exit, ready, killedAt, options.lateRenameWaitMs ?? 0)));
  } catch (error) {
    failures.push((error as Error).message);
    await child.ended(5_000).catch(() => undefined);
  }
  if (failures.length > 0) failures.push(`plan ${JSON.stringify(plan)}${child.tail()}`);
  else await rm(directory, { recursive: true, force: true });
  return { cause, moment, trial, failures, durationMs: performance.now() - started };
}

async function judgeTrial(
  plan: CrashPlan,
  child: FixtureChild,
  exit: ChildExit,
  ready: ReportedLine,
  killedAt: number | undefined,
  lateRenameWaitMs: number,
): Promise<string[]> {
  const failures: string[] = [];
  const { cause, moment } = plan;
  const want = expectedExit(cause);
  if (exit.code !== want.code || exit.signal !== want.signal) {
    failures.push(`the child exited with ${describeExit(exit)}, expected ${describeExit(want)}`);
  }
  failures.push(...momentMissed(plan, child.lines, ready, killedAt));

  const path = join(plan.directory, `${plan.sessionId}.json`);
  if (cause === 'SIGKILL' && moment === 'start') {
    return existsSync(path) ? [...failures, 'a file exists although SIGKILL came before the first write'] : failures;
  }
  let file: SessionFile;
  try {
    file = readSessionFile(path);
  } catch (error) {
    return [...failures, (error as Error).message];
  }
  const header = file.session;
  const status = expectedStatus(cause, moment);
  if (header.status !== status) failures.push(`status is ${header.status}, expected ${status}`);
  failures.push(...crashRecordFailures(cause, moment, file));
  failures.push(...spanFailures(plan, child.lines, file));

  if (lateRenameWaitMs > 0 && (moment === 'large write' || moment === 'final write')) {
    const before = JSON.stringify(file);
    await sleep(lateRenameWaitMs);
    const after = readSessionFile(path);
    if (JSON.stringify(after) !== before) failures.push(`the file changed after the child was gone (now ${after.session.status})`);
  }
  return failures;
}

function momentMissed(plan: CrashPlan, lines: ReportedLine[], ready: ReportedLine, killedAt: number | undefined): string[] {
  const afterReady = lines.slice(lines.indexOf(ready) + 1);
  const landedAfterReady = afterReady.some((line) => line.fields[0] === 'W');
  switch (plan.moment) {
    case 'start':
      return lines.some((line) => line.fields[0] === 'W') ? ['a write landed before the crash'] : [];
    case 'burst':
      return lines.some((line) => line.fields[0] === 'BURST-END') ? ['the burst ended before the crash'] : [];
    case 'debounce': {
      const late = killedAt !== undefined && killedAt - ready.readAt >= plan.debounceMs;
      return landedAfterReady || late ? ['the debounced write was not waiting any more at the crash'] : [];
    }
    case 'large write':
    case 'final write':
      // Bun ends a process for an unhandled rejection only after running a few more callbacks (with or
      // without the plugin), so the write let go in the same turn may land first: the file is judged all
      // the same, the moment is just not sure to be met.
      if (childRuntime === 'bun' && plan.cause === 'unhandledRejection') return [];
      return landedAfterReady ? ['a write landed after the held one was reached'] : [];
    default:
      return [];
  }
}

function crashRecordFailures(cause: Cause, moment: Moment, file: SessionFile): string[] {
  const crash = file.session.crash;
  if (cause === 'SIGKILL') return crash === undefined ? [] : [`a SIGKILLed process wrote a crash record: ${JSON.stringify(crash)}`];
  const failures: string[] = [];
  if (crash === undefined) return ['no crash record'];
  const expected: Record<string, unknown> = cause.startsWith('SIG')
    ? { reason: 'signal', signal: cause }
    : cause === 'uncaughtException' || cause === 'unhandledRejection'
      ? { reason: cause, exitCode: 1, message: crashMessage(cause, moment) }
      : { reason: 'exit', exitCode: cause === 'exit(0)' ? 0 : 1 };
  const actual: Record<string, unknown> = {
    reason: crash.reason,
    signal: crash.signal,
    exitCode: crash.exitCode,
    message: crash.error?.message,
  };
  for (const [key, value] of Object.entries(expected)) {
    if (actual[key] !== value) failures.push(`crash.${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)}`);
  }
  if (typeof crash.time !== 'string') failures.push('crash.time is missing');
  return failures;
}

/** One snapshot write the child reported: started (`X`), and landed (`W`) with its first `ended` ended spans. */
interface ReportedWrite {
  start: number;
  end?: number;
  ended?: number;
}

/** What the child reported about its spans: every span it started, and the ended ones in the order they ended. */
interface ReportedSpans {
  started: Set<string>;
  ended: Array<{ name: string; at: number }>;
  writes: ReportedWrite[];
  /** The longest wait for the write budget the child's processor announced (`B`). */
  longestBudgetWait: number;
  /** The child's latest timestamp: the last moment it is known to have run. */
  lastSeen: number;
}

/** The longest wait for the write budget a child's processor announced (`B <wait> <ms>` lines), or 0. */
export function longestBudgetWait(lines: readonly ReportedLine[]): number {
  let longest = 0;
  for (const { fields } of lines) if (fields[0] === 'B') longest = Math.max(longest, Number(fields[1]));
  return longest;
}

function reportedSpans(lines: ReportedLine[], sessionId: string): ReportedSpans {
  const spans: ReportedSpans = { started: new Set(), ended: [], writes: [], longestBudgetWait: longestBudgetWait(lines), lastSeen: 0 };
  for (const { fields } of lines) {
    const [word, name, ...rest] = fields;
    if (word === 'S' || word === 'E') {
      spans.started.add(name!);
      spans.lastSeen = Math.max(spans.lastSeen, Number(rest[0]));
      if (word === 'E') spans.ended.push({ name: name!, at: Number(rest[0]) });
    } else if (word === 'X' && name === sessionId) {
      spans.writes.push({ start: Number(rest[0]) });
    } else if (word === 'W' && name === sessionId) {
      const write = spans.writes.find((candidate) => candidate.start === Number(rest[1]) && candidate.end === undefined);
      if (write) Object.assign(write, { ended: Number(rest[0]), end: Number(rest[2]) });
    }
  }
  for (const write of spans.writes) spans.lastSeen = Math.max(spans.lastSeen, write.end ?? write.start);
  return spans;
}

/**
 * The spans a SIGKILL may not take: those of every snapshot that landed, and, where no write is held on
 * purpose, every span that ended more than one debounce interval plus one write before the child last ran.
 * (The child's own last sign of life, not the kill: a child the machine did not schedule for a while
 * before the kill could not have written meanwhile either.)
 */
function dueAfterSigkill(plan: CrashPlan, reported: ReportedSpans): { due: string[]; budget: string } {
  const landed = Math.max(0, ...reported.writes.map((write) => write.ended ?? 0));
  const due = reported.ended.slice(0, landed).map((span) => span.name);
  if (plan.moment !== 'idle' && plan.moment !== 'burst' && plan.moment !== 'debounce') return { due, budget: 'landed writes only' };
  const oneWrite = Math.max(0, ...reported.writes.map((write) => (write.end ?? reported.lastSeen) - write.start));
  // The processor's own measure of a write (its claim, read and encoding included) sets the spacing;
  // on a loaded machine it can be well above what the exporter alone took.
  const spacing = Math.max(writeDelayBound(plan.debounceMs, oneWrite), reported.longestBudgetWait);
  const budget = spacing + oneWrite + SIGKILL_SLACK_MS;
  const cutoff = reported.lastSeen - budget;
  due.push(...reported.ended.filter((span) => span.at < cutoff).map((span) => span.name));
  const relative = (ms: number | undefined) => (ms === undefined ? '?' : String(ms - reported.lastSeen));
  const writes = reported.writes.map((write) => `${write.ended ?? 'in flight'}@${relative(write.start)}..${relative(write.end)}`);
  return { due, budget: `${budget.toFixed(0)} ms before the child last ran (longest budget wait ${reported.longestBudgetWait} ms); writes (ended spans@ms from then): ${writes.join(' ')}` };
}

function spanFailures(plan: CrashPlan, lines: ReportedLine[], file: SessionFile): string[] {
  const failures: string[] = [];
  let inFile;
  try {
    inFile = spansByName(file);
  } catch (error) {
    return [(error as Error).message];
  }
  const reported = reportedSpans(lines, plan.sessionId);
  const endedNames = new Set(reported.ended.map((span) => span.name));
  const unreported = [...inFile.keys()].filter((name) => !reported.started.has(name));
  if (unreported.length > 0) failures.push(`spans in the file that the child never started: ${summarize(unreported)}`);
  const header = file.session;
  const open = [...inFile.values()].filter((span) => span.state !== undefined).length;
  if (header.spanCount !== inFile.size || header.openSpanCount !== open) {
    failures.push(`header counts ${header.spanCount}/${header.openSpanCount} open, file has ${inFile.size}/${open} open`);
  }

  if (reported.longestBudgetWait > DEFAULT_MAX_DELAY_MS) {
    failures.push(`the write budget held a write back ${reported.longestBudgetWait} ms, past maxDelayMs (${DEFAULT_MAX_DELAY_MS})`);
  }
  const { due, budget } = plan.cause === 'SIGKILL' ? dueAfterSigkill(plan, reported) : { due: [...reported.started], budget: '' };
  const missing = [...new Set(due)].filter((name) => !inFile.has(name));
  if (missing.length > 0) {
    failures.push(`${missing.length} of ${new Set(due).size} spans due are missing: ${summarize(missing)}${budget && `\n  due: ${budget}`}`);
  }

  const unendedState = header.status === 'crashed' || header.status === 'interrupted' ? header.status : 'open';
  const wrongState: string[] = [];
  for (const [name, span] of inFile) {
    const expected = endedNames.has(name) ? undefined : unendedState;
    // A clean exit after endSession leaves open spans as the completed session had them.
    if (plan.cause === 'exit(0)' && plan.moment === 'final write' && expected !== undefined) continue;
    if (span.state !== expected) wrongState.push(`${name}: ${span.state ?? 'ended'} (expected ${expected ?? 'ended'})`);
  }
  if (wrongState.length > 0) failures.push(`span states: ${summarize(wrongState)}`);
  return failures;
}

function summarize(items: string[], max = 6): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} … (+${items.length - max})`;
}

/** Runs `jobs` with at most `concurrency` at a time, in order; resolves to their results in order. */
export async function runLimited<T>(jobs: Array<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}

export interface MatrixCell {
  cause: Cause;
  moment: Moment;
  trials: number;
}

/** Every cell of the full matrix. */
export function fullMatrix(): MatrixCell[] {
  return CAUSES.flatMap((cause) => MOMENTS.map((moment) => ({ cause, moment, trials: fullTrialsOf(moment) })));
}

/** Runs every trial of `cells`, `concurrency` children at a time, trials of one cell spread over the run. */
export async function runMatrix(cells: MatrixCell[], options: TrialOptions, concurrency = 2): Promise<TrialResult[]> {
  const jobs: Array<() => Promise<TrialResult>> = [];
  const most = Math.max(...cells.map((cell) => cell.trials));
  for (let trial = 0; trial < most; trial++) {
    for (const cell of cells) {
      if (trial < cell.trials) jobs.push(() => runCrashTrial(cell.cause, cell.moment, trial, options));
    }
  }
  return runLimited(jobs, concurrency);
}

/** `passed/trials` per cause × moment, as a Markdown table. */
export function matrixTable(results: TrialResult[]): string {
  const moments = MOMENTS.filter((moment) => results.some((result) => result.moment === moment));
  const causes = CAUSES.filter((cause) => results.some((result) => result.cause === cause));
  const rows = [`| cause \\ moment | ${moments.join(' | ')} |`, `| --- |${moments.map(() => ' --- |').join('')}`];
  for (const cause of causes) {
    const cells = moments.map((moment) => {
      const cell = results.filter((result) => result.cause === cause && result.moment === moment);
      if (cell.length === 0) return '–';
      return `${cell.filter((result) => result.failures.length === 0).length}/${cell.length}`;
    });
    rows.push(`| ${cause} | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

/** One paragraph per failed trial, for the assertion message. */
export function describeFailures(results: TrialResult[]): string {
  return results
    .filter((result) => result.failures.length > 0)
    .map((result) => `${result.cause} at ${result.moment}, trial ${result.trial}:\n  ${result.failures.join('\n  ')}`)
    .join('\n\n');
}
