/**
 * The one logger: a JSON line per event, tagged with the function and the request it belongs to.
 * A handler wrapper (`httpHandler`, `eventHandler`) opens the invocation's scope once; every line
 * and metric written inside it, however deep, carries that scope.
 *
 * Nothing personal may be logged: no request body, no phone number, identity code, e-mail or free
 * text, no error message (an SDK error's message can echo item values). Fields are counts, flags,
 * outcome names and error classes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';

/** The invocation a line belongs to, as its wrapper got it from the Lambda context. */
export interface Invocation {
  functionName: string;
  requestId: string | null;
  /**
   * What the local stack attaches to an invocation (its IAM stand-in's caller), kept by nested
   * scopes. Carried here so that the process has one AsyncLocalStorage, not two: each one adds work
   * to every promise in the process (Node 20's promise hooks), and a request makes many promises.
   */
  local?: unknown;
}

const scope = new AsyncLocalStorage<Invocation>();

/**
 * Runs `fn` inside the invocation's scope. A scope per call, not a module variable, because the local
 * stack runs many invocations of many functions at once in one process.
 */
export function withInvocation<T>(context: Pick<Context, 'functionName' | 'awsRequestId'>, fn: () => Promise<T>): Promise<T> {
  // The local stack puts what it attaches to an invocation on the context it creates for it, so the
  // invocation needs one scope, not one of its own and one of the stack's.
  const local = (context as { local?: unknown }).local ?? scope.getStore()?.local;
  return scope.run({ functionName: context.functionName, requestId: context.awsRequestId, ...(local === undefined ? {} : { local }) }, fn);
}

/**
 * Runs `fn` in a scope that carries `local` (and keeps the running invocation's function and request,
 * if any): the local stack's seam for what it must know per invocation. Not used on Lambda.
 */
export function withLocalScope<T>(functionName: string, local: unknown, fn: () => T): T {
  const current = scope.getStore();
  return scope.run({ functionName: current?.functionName ?? functionName, requestId: current?.requestId ?? null, local }, fn);
}

/** What the local stack attached to the running invocation (`withLocalScope`), if anything. */
export function localScope(): unknown {
  return scope.getStore()?.local;
}

/** The running invocation's `function` and `requestId`; outside one, the function from Lambda's environment and no request. */
export function invocationFields(): { function: string; requestId: string | null } {
  const inv = scope.getStore();
  return { function: inv?.functionName ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'unknown', requestId: inv?.requestId ?? null };
}

/** A value a log line may carry: counts, flags, outcome and class names — never text that came in with a request or an item. */
export type LogValue = string | number | boolean | null | readonly string[] | { readonly [key: string]: number };

/** Fields of one log line. */
export type LogFields = Readonly<Record<string, LogValue | undefined>>;

/** Log levels as Lambda's log-level filter reads them from the `level` field. */
export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** Receives each finished line instead of stdout/stderr; `toStderr` marks WARN and ERROR lines. */
export type LineSink = (line: string, toStderr: boolean) => void;

let lineSink: LineSink | undefined;

/**
 * Sends every finished line to `sink` instead of the console, or back to the console with `undefined`.
 * For the local stack's `logSink` option: on Lambda the runtime ships stdout to CloudWatch outside the
 * function, while a local process that prints a line per request into a pipe pays for it in every
 * request, and a bench whose report is stdout would get thousands of lines in the report.
 */
export function setLineSink(sink: LineSink | undefined): void {
  lineSink = sink;
}

/**
 * Writes one finished line (log or metric). On Lambda straight to process.stdout/stderr: the runtime
 * wraps `console.*` output in its own JSON envelope, which would hide the `level` field from Lambda's
 * log-level filter and the `_aws` block from CloudWatch's metric extraction. Elsewhere (the local
 * stack, tests) through `console`, which prints the same line and which a test runner can hold back.
 */
export function writeLine(line: string, toStderr = false): void {
  if (lineSink) lineSink(line, toStderr);
  else if (process.env.AWS_LAMBDA_FUNCTION_NAME) (toStderr ? process.stderr : process.stdout).write(`${line}\n`);
  else if (toStderr) console.error(line);
  else console.log(line);
}

/** Writes one JSON line: level, time, function and request first; the fixed keys cannot be overwritten by fields. */
function write(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const fixed = { level, timestamp: new Date().toISOString(), ...invocationFields(), msg };
  writeLine(JSON.stringify(Object.assign({ ...fixed }, fields, fixed)), level !== 'INFO');
}

/** The logger every handler and adapter uses; nothing else in shared/ or functions/ writes to the console. */
export const logger = {
  /** Something worth counting happened. */
  info: (msg: string, fields?: LogFields): void => write('INFO', msg, fields),
  /** Something unusual that needs no action now. */
  warn: (msg: string, fields?: LogFields): void => write('WARN', msg, fields),
  /** Something failed; pass `errorFields(e)` for the error. */
  error: (msg: string, fields?: LogFields): void => write('ERROR', msg, fields),
};

/**
 * What of an error may be logged: its class and the `at …` frames of its stack. Never the message —
 * not even as the stack's first lines, which repeat it (and a message may span several lines).
 */
export function errorFields(e: unknown): { error: string; stack: string[] } {
  if (!(e instanceof Error)) return { error: typeof e, stack: [] };
  // V8 starts the stack with `<name>: <message>`, as many lines as the message has; only frames follow.
  const headerLines = String(e.message).split('\n').length;
  const frames = (e.stack ?? '')
    .split('\n')
    .slice(headerLines)
    .filter((l) => /^\s+at\s/.test(l))
    .slice(0, 5)
    .map((l) => l.trim());
  return { error: e.name, stack: frames };
}
