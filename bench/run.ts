/**
 * `npm run bench`: the figures a GitHub issue about Palaute's performance needs, each against its
 * target, printed as Markdown. Sections:
 *   1. `POST /api/feedback` latency on the local stack vs a raw PutItem (bench/latency.ts)
 *   2. Lambda bundle sizes and cold-load times (bench/bundles.ts)
 *   3. Public form page weight (bench/form-page.ts)
 *   4. SMS channel: visit intake, send rate, message length (bench/sms.ts)
 *   5. NPS aggregation and reports: incremental run vs history size, report latency, capacity and
 *      cost per 1,000 answers (bench/aggregation.ts; the report part on the stack, the rest after it)
 *   6. `fuzz`: every route with near-valid and random requests, no 5xx, no undocumented answer, no rows
 *      from refused requests (bench/fuzz.ts, the fuzz test's generators at 10,000 cases)
 *   7. `load`: `POST /api/feedback` under autocannon for BENCH_LOAD_SECONDS (default 120), then exact
 *      counts of what was stored (bench/load.ts)
 *   8. `cases`: the workbench queue of a service with 10,000 cases, first pages over HTTP, filtered and
 *      not, with the items DynamoDB read for each (bench/cases.ts)
 *   9. `writes`: DynamoDB write capacity per answer on each channel and per visit on intake, metered on
 *      the handlers' own client (bench/writes.ts)
 *  10. `text`: redaction recall and precision, themes and sentiment on the evaluation set, time per
 *      comment, the submit bundles with the classifier (bench/text.ts, bench/text/)
 *  11. `sampling`: a synthetic county year through the real SMS sampling code, fixed 30 % against a
 *      precision target: SMS sent and their cost, unit-months meeting the target, a bias check
 *      (bench/sampling.ts; no stack)
 *  12. `cost`: cost per 1,000 answers and per county-month, service by service, at stated prices
 *      (bench/cost.ts; a model, no stack)
 *  13. `kiosk`: the kiosk app's size, HTML + JS + CSS (bench/kiosk.ts)
 * Progress goes to stderr and the report to stdout, so `npm run bench > report.md` is paste-ready.
 * Exits 1 when any target fails, so CI can gate on it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus } from 'node:os';
import { version as esbuildVersion } from 'esbuild';
import { startLocalStack } from '#local/stack.ts';
import { benchAggregation, benchReportLatency } from './aggregation.ts';
import { benchBundles } from './bundles.ts';
import { benchCases } from './cases.ts';
import { benchFormPage } from './form-page.ts';
import { benchKiosk } from './kiosk.ts';
import { benchFuzz } from './fuzz.ts';
import { benchLatency } from './latency.ts';
import { benchLoad } from './load.ts';
import { benchCost } from './cost.ts';
import { benchSampling } from './sampling.ts';
import { benchSms } from './sms.ts';
import { benchText } from './text.ts';
import { benchWrites } from './writes.ts';
import { table, verdict, type SectionReport } from './report.ts';

// The AWS SDK warns once per process that Node 20 will lose support; that concerns the machine, not
// the figures, and would land in the middle of the report. Other warnings still print.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'NodeVersionSupportWarning' && !w.message.includes('NodeVersionSupportWarning')) console.error(w);
});

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const progress = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const started = performance.now();

/** Sections to run: all by default, or those named on the command line (`npm run bench -- bundles latency`). */
const SECTIONS = [
  'latency',
  'bundles',
  'form',
  'sms',
  'aggregation',
  'fuzz',
  'load',
  'cases',
  'writes',
  'text',
  'sampling',
  'cost',
  'kiosk',
] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
if (unknown.length) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
const run = (section: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(section);

const reports: SectionReport[] = [];
// The handlers' log and metric lines go to a file, not into the report on stdout, written 64 KB at a
// time: Lambda's runtime ships stdout to CloudWatch outside the function, whereas a line per request
// printed into a pipe (or a write request per line) would be timed as part of every request.
const HANDLER_LINES = 'bench/.out/handler-lines.ndjson';
mkdirSync(dirname(HANDLER_LINES), { recursive: true });
const handlerLinesFd = openSync(HANDLER_LINES, 'w');
let pending: string[] = [];
let pendingChars = 0;
let handlerLineCount = 0;
const flushHandlerLines = () => {
  if (pending.length) writeSync(handlerLinesFd, pending.join(''));
  pending = [];
  pendingChars = 0;
};
const logSink = (line: string) => {
  handlerLineCount++;
  pending.push(`${line}\n`);
  pendingChars += line.length + 1;
  if (pendingChars >= 65_536) flushHandlerLines();
};
progress('starting the local stack (dynalite in memory)…');
const stack = await startLocalStack({ port: 0, dynamoPort: 0, logSink });
try {
  // First on the stack, on empty tables as in the test: it counts every table after each writing case.
  // It sets the stack's clock for its SMS links and puts it back on real time.
  let fuzz: SectionReport | undefined;
  if (run('fuzz')) {
    progress('6/7 fuzz: 10,000 cases over every route…');
    fuzz = await benchFuzz(stack, progress);
  }
  if (run('latency')) {
    progress('1/5 POST /api/feedback vs PutItem…');
    reports.push(await benchLatency(stack));
  }
  let formPage: SectionReport | undefined;
  if (run('form')) {
    progress('3/5 form page weight and height…');
    formPage = await benchFormPage(stack);
  }
  let kiosk: SectionReport | undefined;
  if (run('kiosk')) {
    progress('10/10 kiosk app size…');
    kiosk = await benchKiosk(stack);
  }
  let reportLatency: Awaited<ReturnType<typeof benchReportLatency>> | undefined;
  if (run('aggregation')) {
    progress('5/5 a. report latency over HTTP (region, 24 months by month)…');
    reportLatency = await benchReportLatency(stack);
  }
  // After the sections that time single items, before SMS and load: its 10,000 cases are in the cases
  // table only, which no later section reads.
  let cases: SectionReport | undefined;
  if (run('cases')) {
    progress('8/8 cases: workbench queue of a service with 10,000 cases…');
    cases = await benchCases(stack, progress);
  }
  // Before the sms section, on its own visit ids and numbers: its meter reads every item a handler
  // writes, so it goes before the sections that time those handlers and is removed when done.
  let writes: SectionReport | undefined;
  if (run('writes')) {
    progress('9/9 writes: write capacity per answer and per visit…');
    writes = await benchWrites(stack);
  }
  // Last on the stack: it fills dynalite with tens of thousands of items the other sections should not see.
  let sms: SectionReport | undefined;
  if (run('sms')) {
    progress('4/5 SMS intake, send rate, message length…');
    sms = await benchSms(stack, progress);
  }
  // After everything else on the stack: it writes as fast as the stack takes answers for minutes.
  let load: SectionReport | undefined;
  if (run('load')) {
    progress('7/7 load: POST /api/feedback under autocannon…');
    load = await benchLoad(stack, progress);
  }
  await stack.close();
  // After the stack is closed, so neither dynalite nor the HTTP server shares the CPU with the spawns.
  if (run('bundles')) {
    progress('2/5 bundling and cold loads…');
    reports.push(await benchBundles());
  }
  // Off the stack, after the bundles section: it times the classifier in this process and bundles the submit functions.
  if (run('text')) {
    progress('10/10 text: redaction and themes on the evaluation set…');
    reports.push(await benchText());
  }
  if (formPage) reports.push(formPage);
  if (kiosk) reports.push(kiosk);
  if (sms) reports.push(sms);
  if (fuzz) reports.push(fuzz);
  if (load) reports.push(load);
  if (cases) reports.push(cases);
  if (writes) reports.push(writes);
  // Pure CPU, no stack: after the stack is closed so nothing shares the core with it.
  if (run('sampling')) {
    progress('10 sampling: a synthetic county year, fixed 30 % vs a precision target…');
    reports.push(await benchSampling());
  }
  if (run('cost')) reports.push(benchCost());
  // Last: its own dynalites with up to a million answers, which would skew every other figure.
  if (reportLatency) {
    progress('5/5 b. incremental aggregation vs history size, capacity per 1,000 answers…');
    reports.push(await benchAggregation(reportLatency, progress));
  }
} catch (e) {
  await stack.close().catch(() => undefined);
  throw e;
}

const commit = git(['rev-parse', '--short', 'HEAD']) ?? 'unknown';
const dirty = git(['status', '--porcelain']) ? ' (working tree has uncommitted changes)' : '';
const cpu = cpus();
const out: string[] = [
  '# Palaute bench',
  '',
  `${new Date().toISOString()} · commit ${commit}${dirty} · Node ${process.version} ${process.platform}/${process.arch} · ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length} · esbuild ${esbuildVersion}`,
];
flushHandlerLines();
closeSync(handlerLinesFd);
out.push('', `Handler log and metric lines: ${handlerLineCount.toLocaleString('en-US')}, in ${HANDLER_LINES}.`);
for (const r of reports) out.push('', `## ${r.title}`, '', ...r.lines);

const targets = reports.flatMap((r) => r.targets);
const failed = targets.filter((t) => !t.pass).length;
out.push(
  '',
  '## Summary',
  '',
  ...table(
    ['target', 'measured', 'limit', 'result'],
    targets.map((t) => [t.name, t.measured, t.limit, verdict(t.pass)]),
  ),
  '',
  `**${targets.length - failed} of ${targets.length} targets PASS${failed ? `, ${failed} FAIL` : ''}** · bench took ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
console.log(out.join('\n'));
if (failed) process.exitCode = 1;
