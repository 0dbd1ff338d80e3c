/**
 * Section 4: the SMS channel on the local stack, the three figures the SMS issue asks for.
 *   a. Intake: synthetic visits posted to `POST /api/visits` in requests of 1,000, with enough unit,
 *      age, consent and number variations that most exclusion and rejection paths run → visits/s.
 *   b. The sender at its configured rate: invitations scheduled, the clock moved to the next day
 *      12:05 Helsinki, the release schedule run and the queue drained → messages/s achieved.
 *   c. Message length: the invitation in each language with the demo region's name and a realistic
 *      long origin → characters, encoding, SMS segments.
 * Handler log lines are captured while it runs (so stdout stays the report) and scanned for numbers.
 */
import { format } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '#shared/config.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import { LANGS, type Lang } from '#shared/platform/i18n.ts';
import { functions, queues } from '#shared/manifest.ts';
import { newLinkToken } from '#shared/sms/link-token.ts';
import { invitationText } from '#shared/sms/message.ts';
import { smsSegments } from '#shared/sms/segments.ts';
import { helsinkiInstant } from '#shared/platform/time.ts';
import { addDays } from '#shared/platform/time.ts';
import { MAX_VISITS_PER_REQUEST } from '#shared/sms/visit.ts';
import type { LocalStack } from '#local/stack.ts';
import { rawBatchWriteOfIntakeItems, RAW_RATIO_FLOOR, smsKeysBefore } from './intake-raw.ts';
import { median, percentile } from './stats.ts';
import { ms, table, verdict, type SectionReport, type TargetResult } from './report.ts';

/** Requests the issue names for the intake figure: 100 of 1,000 visits. */
export const INTAKE_REQUESTS = 100;
/** Time the intake may take before it stops early and says so, so the whole section fits in ~3 minutes. */
export const INTAKE_BUDGET_MS = 120_000;
/** Intake requests per block; each block's items are written raw right after it. */
export const RAW_BLOCK_REQUESTS = 20;
/** Invitations the sender figure sends; at the local rate this is ~20 s. */
export const SENDER_INVITATIONS = 100;
/** Share of the expected local send rate the sender must reach. */
export const SEND_RATE_FLOOR = 0.9;
/** A realistic long public origin for the links: a county's own domain, spelt out. */
export const LINK_ORIGIN = 'https://palaute.esimerkkilanhyvinvointialue.fi';
/** GSM-7 characters in one SMS segment. */
const SEGMENT_CHARS = 160;

/** The most a 1,000-visit request may take: the function's timeout, which API Gateway's 29 s also caps. */
const REQUEST_LIMIT_MS = functions.receiveVisits.timeoutSeconds * 1000;

const UNITS = ['keskusta-ta', 'rantala-ta', 'yhteispaivystys', 'keskusta-hammas', 'neuvola-keskusta', 'fysioterapia', 'kotihoito-ita'];
const PREFIXES = ['040', '050', '044', '045'];
const LANG_FIELDS = ['fi', 'sv', 'en', 'FI', 'se'];

/** A mobile number of the synthetic person `g` (never one of the sender figure's 041 numbers). */
const phoneOf = (g: number) => `${PREFIXES[g % PREFIXES.length]}${String(g % 10_000_000).padStart(7, '0')}`;

/**
 * Visit `g` of the intake on Helsinki day `day`. Mostly eligible visits to units with different rules
 * (30 %, 10 % sampling, a daily cap of 200, SMS off), and per 100 visits one of each: under age, no
 * consent, non-disclosure, a sensitive visit type, a landline, an invalid number, an unknown unit, a
 * visit in the future, one too old, one missing a field, a duplicate in the batch; two re-sent visits
 * of the first request; ten second visits the same day (one invitation a person a day), five of them
 * arriving before the earlier visit; five people who also visited the day before (cooldown).
 */
export function syntheticVisit(g: number, day: string): Record<string, unknown> {
  const k = g % 100;
  // Re-sent: identical to the visit in the same place of the first request, so `already_received`.
  if ((k === 20 || k === 21) && g >= MAX_VISITS_PER_REQUEST) return syntheticVisit(g % MAX_VISITS_PER_REQUEST, day);
  if (k === 30) return syntheticVisit(g - 1, day); // the visit before it again: `duplicate_in_batch`
  const minute = String(g % 60).padStart(2, '0');
  let visitedAt = helsinkiInstant(day, `${String(8 + (g % 8)).padStart(2, '0')}:${minute}`).toISOString();
  let phone = phoneOf(g);
  if (k >= 50 && k < 55) {
    // The person of visit g-10 again, later the same day: this visit's invitation replaces that one's.
    phone = phoneOf(g - 10);
    visitedAt = helsinkiInstant(day, `17:${minute}`).toISOString();
  }
  if (k >= 55 && k < 60) {
    // The person of visit g+990 (k 45–49 of the next request), later the same day but sent first:
    // that earlier visit then finds this invitation in place (`not_last_visit_of_day`).
    phone = phoneOf(g + MAX_VISITS_PER_REQUEST - 10);
    visitedAt = helsinkiInstant(day, `17:${minute}`).toISOString();
  }
  if (k >= 60 && k < 65) {
    // The person of visit g+10 (k 70–74), the day before: invited for today, so in cooldown for tomorrow.
    phone = phoneOf(g + 10);
    visitedAt = helsinkiInstant(addDays(day, -1), `10:${minute}`).toISOString();
  }
  if (k === 7) visitedAt = helsinkiInstant(addDays(day, 2), '10:00').toISOString(); // in the future
  if (k === 8) visitedAt = helsinkiInstant(addDays(day, -5), '10:00').toISOString(); // older than maxVisitAgeDays
  return {
    visitId: `bench-${day}-${String(g).padStart(6, '0')}`,
    unitId: k === 6 ? 'no-such-unit' : UNITS[g % UNITS.length],
    visitedAt,
    phone: k === 4 ? '09 1234567' : k === 5 ? '123' : phone,
    age: k === 0 ? 15 : 18 + (g % 70),
    lang: LANG_FIELDS[g % LANG_FIELDS.length],
    // k 9 leaves out a required field: rejected as `invalid`.
    ...(k === 9 ? {} : { smsConsent: k !== 1 }),
    nonDisclosure: k === 2,
    ...(k === 3 ? { visitType: 'Mielenterveys' } : g % 3 ? { visitType: g % 3 === 1 ? 'vastaanotto' : 'laboratorio' } : {}),
  };
}

/** What `POST /api/visits` answers. */
interface IntakeReply {
  received: number;
  scheduled: number;
  excluded: Record<string, number>;
  rejected: { reason: string }[];
}

/** Captures console output of the handlers, which run in this process, so it stays off the report. */
function captureConsole(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  for (const name of Object.keys(saved) as (keyof typeof saved)[]) console[name] = (...args: unknown[]) => void lines.push(format(...args));
  return { lines, restore: () => Object.assign(console, saved) };
}

/** Anything that looks like a Finnish mobile number, national or international, in any spacing. */
const PHONE_LIKE = /(?:\+358|\b0)[\s-]?[45]\d(?:[\s-]?\d){5,8}/;

/** Runs section 4 against a running local stack; leaves its clock back on the system clock. */
export async function benchSms(stack: LocalStack, progress: (s: string) => void = () => undefined): Promise<SectionReport> {
  const logs = captureConsole();
  try {
    const intake = await benchIntake(stack, progress);
    progress('   sender at its configured rate…');
    const sender = await benchSender(stack);
    const messages = benchMessages(stack, sender.texts);
    const leaks = logs.lines.filter((l) => PHONE_LIKE.test(l));
    const privacy: TargetResult = {
      name: 'SMS: no phone number in handler log lines',
      measured: `${leaks.length} of ${logs.lines.length} lines`,
      limit: '0',
      pass: leaks.length === 0,
    };
    return {
      title: '4. SMS channel: intake, send rate, message length',
      lines: [
        ...intake.lines,
        '',
        ...sender.lines,
        '',
        ...messages.lines,
        '',
        `Handler log lines captured during this section: ${logs.lines.length}; lines with anything shaped like a Finnish mobile number: **${leaks.length}**.`,
      ],
      targets: [...intake.targets, ...sender.targets, ...messages.targets, privacy],
    };
  } finally {
    logs.restore();
    stack.clock.set(null);
  }
}

async function postVisits(
  stack: LocalStack,
  token: string,
  visits: unknown[],
): Promise<{ status: number; reply?: IntakeReply; ms: number }> {
  const body = JSON.stringify({ visits });
  const t0 = performance.now();
  const res = await fetch(`${stack.url}/api/visits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const text = await res.text();
  const dt = performance.now() - t0;
  return { status: res.status, ms: dt, ...(res.status === 202 ? { reply: JSON.parse(text) as IntakeReply } : {}) };
}

/** (a) Intake of up to 100 × 1,000 visits, sequential as a patient system would send them. */
async function benchIntake(stack: LocalStack, progress: (s: string) => void): Promise<{ lines: string[]; targets: TargetResult[] }> {
  const day = helsinkiDate(new Date());
  // The clock stands at 18:00 on the visits' day, so they are neither in the future nor too old.
  stack.clock.set(helsinkiInstant(day, '18:00').toISOString());
  const token = await stack.auth.issue(['visits:write'], []);
  // The keys already in the table, so the raw baseline below rewrites only what this intake writes.
  let keysBefore = await smsKeysBefore(stack);
  const raw = { items: 0, seconds: 0, blocks: 0 };
  // The raw baseline of each block of requests is timed right after it: on a shared machine the load
  // swings between minutes, and a baseline timed once at the end moved the ratio by ±0.1 between runs.
  // Time spent in the raw blocks and their scans, left out of the intake's own wall time and budget.
  let rawWallMs = 0;
  const rawBlock = async () => {
    const b0 = performance.now();
    const r = await rawBatchWriteOfIntakeItems(stack, keysBefore);
    rawWallMs += performance.now() - b0;
    keysBefore = r.keysAfter;
    raw.items += r.items;
    raw.seconds += r.seconds;
    raw.blocks += 1;
  };
  const times: number[] = [];
  const excluded = new Map<string, number>();
  const rejected = new Map<string, number>();
  let posted = 0;
  let received = 0;
  let scheduled = 0;
  let bad = 0;
  let inconsistent = 0;
  const started = performance.now();
  let requests = 0;
  for (; requests < INTAKE_REQUESTS && performance.now() - started - rawWallMs < INTAKE_BUDGET_MS; requests++) {
    const visits = Array.from({ length: MAX_VISITS_PER_REQUEST }, (_, i) => syntheticVisit(requests * MAX_VISITS_PER_REQUEST + i, day));
    const r = await postVisits(stack, token, visits);
    times.push(r.ms);
    posted += visits.length;
    if (!r.reply) {
      bad += 1;
      continue;
    }
    received += r.reply.received;
    scheduled += r.reply.scheduled;
    for (const [reason, n] of Object.entries(r.reply.excluded)) excluded.set(reason, (excluded.get(reason) ?? 0) + n);
    for (const x of r.reply.rejected) rejected.set(x.reason, (rejected.get(x.reason) ?? 0) + 1);
    // Every visit is accounted for once: received, re-sent, or rejected.
    if (r.reply.received + (r.reply.excluded.already_received ?? 0) + r.reply.rejected.length !== visits.length) inconsistent += 1;
    if ((requests + 1) % RAW_BLOCK_REQUESTS === 0) {
      progress(
        `   intake: ${requests + 1} requests, ${((posted / times.reduce((a, b) => a + b, 0)) * 1000).toFixed(0)} visits/s; their items raw…`,
      );
      await rawBlock();
    }
  }
  if (requests % RAW_BLOCK_REQUESTS !== 0) await rawBlock();
  // Wall time of the intake alone: the raw blocks and their scans ran inside the loop.
  const wallS = (performance.now() - started - rawWallMs) / 1000;
  // The audit as `GET /api/sms/stats` reports it (by visit day: the cooldown visits are the day before).
  const statsToken = await stack.auth.issue(['sms:read'], []);
  const statsRes = await fetch(`${stack.url}/api/sms/stats?from=${addDays(day, -1)}&to=${day}`, {
    headers: { authorization: `Bearer ${statsToken}` },
  });
  const audit =
    statsRes.status === 200
      ? ((await statsRes.json()) as { total: { received: number; sampled: number; scheduled: number; excluded: Record<string, number> } })
          .total
      : undefined;
  const httpS = times.reduce((a, b) => a + b, 0) / 1000;
  const rate = posted / httpS;
  const complete = requests === INTAKE_REQUESTS;
  const head = (xs: number[]) => xs.slice(0, Math.min(10, xs.length));
  const tail = (xs: number[]) => xs.slice(-Math.min(10, xs.length));

  const maxMs = Math.max(...times);
  const rawRate = posted / raw.seconds;
  const targets: TargetResult[] = [
    {
      name: 'SMS intake: visits/s against a raw BatchWriteItem of the same items',
      measured: `${(rate / rawRate).toFixed(2)} (${rate.toFixed(0)} vs ${rawRate.toFixed(0)} visits/s)`,
      limit: `≥ ${RAW_RATIO_FLOOR}`,
      pass: rate / rawRate >= RAW_RATIO_FLOOR,
    },
    {
      name: 'SMS intake: every request 202, every visit accounted for',
      measured: `${requests - bad} of ${requests} requests 202${inconsistent ? `, ${inconsistent} with counts that do not add up` : ''}`,
      limit: 'all',
      pass: bad === 0 && inconsistent === 0,
    },
    {
      name: `SMS intake: slowest ${MAX_VISITS_PER_REQUEST}-visit request`,
      measured: `${ms(maxMs)} ms`,
      limit: `≤ ${REQUEST_LIMIT_MS} ms (receiveVisits timeout)`,
      pass: maxMs <= REQUEST_LIMIT_MS,
    },
  ];
  return {
    lines: [
      '### a. Visit intake',
      '',
      `\`POST /api/visits\` over HTTP on the local stack (handlers through tsx, dynalite in memory), one request at a time as a patient system sends them, ${MAX_VISITS_PER_REQUEST} visits each, bearer token with \`visits:write\`. Clock set to ${day} 18:00 Helsinki.`,
      complete
        ? `All ${INTAKE_REQUESTS} requests (${posted.toLocaleString('en')} visits) ran.`
        : `**Stopped early** after ${requests} of ${INTAKE_REQUESTS} requests (${posted.toLocaleString('en')} visits) at the ${INTAKE_BUDGET_MS / 1000} s budget of this section; at the measured rate all ${(INTAKE_REQUESTS * MAX_VISITS_PER_REQUEST).toLocaleString('en')} would take ≈ ${((INTAKE_REQUESTS * MAX_VISITS_PER_REQUEST) / rate).toFixed(0)} s. The limit is dynalite (one process, LevelDB in memory), not the handler; DynamoDB scales out.`,
      '',
      ...table(
        [
          'visits posted',
          'requests',
          'HTTP time s',
          'wall s',
          'visits/s',
          'request median ms',
          'p95 ms',
          'max ms',
          'first 10 median ms',
          'last 10 median ms',
        ],
        [
          [
            posted.toLocaleString('en'),
            String(requests),
            httpS.toFixed(1),
            wallS.toFixed(1),
            `**${rate.toFixed(0)}**`,
            ms(median(times)),
            ms(percentile(times, 95)),
            ms(maxMs),
            ms(median(head(times))),
            ms(median(tail(times))),
          ],
        ],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      ),
      '',
      `Against the storage alone: the ${raw.items.toLocaleString('en')} items this intake wrote (visit rows, invitations, cooldowns, cap counters, audit rows), written again into the same table through plain \`BatchWriteItem\` requests of 25, one at a time, right after each block of ${RAW_BLOCK_REQUESTS} intake requests (${raw.blocks} blocks, so both sides are timed on the same machine moments apart), took ${raw.seconds.toFixed(1)} s: ${rawRate.toFixed(0)} visits/s. Intake reaches **${(rate / rawRate).toFixed(2)}** of that (target ≥ ${RAW_RATIO_FLOOR}); it also reads (visits seen before and the sampled people's cooldowns and opt-outs, in BatchGetItem), decides and makes conditional writes, which no batch can carry.`,
      '',
      `Outcome as the responses report it: ${received.toLocaleString('en')} received, ${scheduled.toLocaleString('en')} scheduled.` +
        (audit
          ? ` The audit (\`GET /api/sms/stats\`): ${audit.received.toLocaleString('en')} received, ${audit.sampled.toLocaleString('en')} sampled, ${audit.scheduled.toLocaleString('en')} scheduled, ${(audit.excluded.not_last_visit_of_day ?? 0).toLocaleString('en')} not the last visit of the day.`
          : ` The audit could not be read (GET /api/sms/stats answered ${statsRes.status}).`),
      '',
      ...table(['outcome', 'reason', 'visits (responses)', 'visits (audit)'], reasonRows(excluded, rejected, audit?.excluded), [2, 3]),
    ],
    targets,
  };
}

/** Exclusions (by the responses and by the audit, which also counts replaced invitations) and rejections. */
function reasonRows(excluded: Map<string, number>, rejected: Map<string, number>, audit: Record<string, number> | undefined): string[][] {
  const reasons = [...new Set([...excluded.keys(), ...Object.keys(audit ?? {})])];
  // already_received is not a new visit, so the audit does not count it.
  const auditCell = (r: string) => (r === 'already_received' ? '–' : String(audit?.[r] ?? 0));
  return [
    ...reasons
      .sort((a, b) => (excluded.get(b) ?? 0) - (excluded.get(a) ?? 0))
      .map((r) => ['excluded', r, String(excluded.get(r) ?? 0), auditCell(r)]),
    ...[...rejected].sort((a, b) => b[1] - a[1]).map(([r, n]) => ['rejected', r, String(n), '–']),
  ];
}

/** (b) The sender: N invitations released at once, drained through the local queue and the real consumer. */
async function benchSender(stack: LocalStack): Promise<{ lines: string[]; targets: TargetResult[]; texts: { text: string }[] }> {
  const spec = queues.invitations;
  // Ten days after the intake's visits, so the release (which looks back two sending days) finds only these.
  const day = addDays(helsinkiDate(new Date()), 10);
  stack.clock.set(helsinkiInstant(day, '18:00').toISOString());
  const token = await stack.auth.issue(['visits:write'], []);
  let scheduled = 0;
  let g = 0;
  // Sampling decides which visits are invited; post small rounds until enough are scheduled.
  while (scheduled < SENDER_INVITATIONS) {
    const visits = Array.from({ length: 20 }, () => {
      const n = g++;
      return {
        visitId: `bench-send-${day}-${n}`,
        unitId: 'rantala-ta',
        visitedAt: helsinkiInstant(day, '10:00').toISOString(),
        phone: `041${String(n).padStart(7, '0')}`,
        age: 40,
        lang: LANGS[n % LANGS.length]!,
        smsConsent: true,
        nonDisclosure: false,
      };
    });
    const r = await postVisits(stack, token, visits);
    if (!r.reply) throw new Error(`scheduling invitations for the sender bench answered ${r.status}`);
    scheduled += r.reply.scheduled;
  }

  stack.clock.set(helsinkiInstant(addDays(day, 1), '12:05').toISOString());
  const queue = stack.queues.invitations;
  const before = stack.outbox.list().length;
  const deadBefore = queue.inspect().deadLetters.length;
  const t0 = performance.now();
  const run = (await stack.scheduler.run('releaseInvitations')) as { released: number; quietHours: boolean };
  const tReleased = performance.now();
  await queue.idle();
  const t1 = performance.now();
  const sent = stack.outbox.list().slice(before);
  const dead = queue.inspect().deadLetters.length - deadBefore;

  const stamps = sent.map((s) => Date.parse(s.sentAt)).sort((a, b) => a - b);
  const spanMs = stamps.length > 1 ? stamps.at(-1)! - stamps[0]! : Number.NaN;
  // Rate between the first and the last SMS: n − 1 intervals. The first send never waits.
  const achieved = ((sent.length - 1) / spanMs) * 1000;
  const endToEnd = (sent.length / (t1 - t0)) * 1000;
  const configured = spec.maxMessagesPerSecond;
  const expectedLocal = spec.maxMessagesPerSecond / spec.maxConcurrency;
  const distinct = new Set(sent.map((s) => s.to)).size;
  const exactlyOnce = sent.length === scheduled && run.released === scheduled && distinct === scheduled && dead === 0;

  const targets: TargetResult[] = [
    {
      name: 'SMS sender: achieved rate never above the configured rate',
      measured: `${achieved.toFixed(2)} msg/s`,
      limit: `≤ ${configured} msg/s`,
      pass: achieved <= configured,
    },
    {
      name: 'SMS sender: achieved rate locally (one consumer)',
      measured: `${achieved.toFixed(2)} msg/s`,
      limit: `≥ ${(SEND_RATE_FLOOR * expectedLocal).toFixed(2)} msg/s (${SEND_RATE_FLOOR * 100} % of ${expectedLocal})`,
      pass: achieved >= SEND_RATE_FLOOR * expectedLocal,
    },
    {
      name: 'SMS sender: every invitation sent exactly once',
      measured: `${sent.length} SMS / ${run.released} released / ${scheduled} scheduled, ${distinct} numbers, ${dead} dead`,
      limit: 'all equal, 0 dead',
      pass: exactlyOnce,
    },
  ];
  return {
    texts: sent,
    targets,
    lines: [
      '### b. Sender at its configured rate',
      '',
      `${scheduled} invitations scheduled (unit rantala-ta, fi/sv/en), clock set to ${addDays(day, 1)} 12:05 Helsinki, \`releaseInvitations\` run once, then the invitations queue drained through the real \`sendSms\` consumer into the outbox.`,
      `Configured: \`queues.invitations.maxMessagesPerSecond\` = ${configured} across at most \`maxConcurrency\` = ${spec.maxConcurrency} consumers, so each consumer's limiter allows ${configured} / ${spec.maxConcurrency} = ${expectedLocal} msg/s (functions/sms/send-sms.ts).`,
      `On AWS up to ${spec.maxConcurrency} consumers run at once and together reach ${configured} msg/s; the local queue runs **one consumer at a time**, so the expected local rate is ${expectedLocal} msg/s.`,
      '',
      ...table(
        [
          'SMS sent',
          'released',
          'release ms',
          'first → last SMS s',
          'achieved msg/s',
          'expected locally',
          'configured (AWS)',
          'end to end msg/s',
          'dead letters',
        ],
        [
          [
            String(sent.length),
            String(run.released),
            ms(tReleased - t0),
            (spanMs / 1000).toFixed(2),
            `**${achieved.toFixed(2)}**`,
            expectedLocal.toFixed(2),
            configured.toFixed(2),
            endToEnd.toFixed(2),
            String(dead),
          ],
        ],
        [0, 1, 2, 3, 4, 5, 6, 7, 8],
      ),
      '',
      '"Achieved" is (n − 1) ÷ time from the first to the last SMS in the outbox; "end to end" is n ÷ time from starting the release to the queue being empty.',
    ],
  };
}

/** (c) The invitation in each language: the only variable parts are the region name and the link, both fixed per language. */
function benchMessages(stack: LocalStack, observed: { text: string }[]): { lines: string[]; targets: TargetResult[] } {
  const config = loadConfig();
  const region = config.org.node(config.org.regionId)!.name;
  const tokenLength = newLinkToken().length;
  const token = 'A'.repeat(tokenLength);
  const localOrigin = new URL(stack.url).origin;
  const rows: string[][] = [];
  const targets: TargetResult[] = [];
  for (const lang of LANGS as readonly Lang[]) {
    const text = invitationText(lang, region[lang], `${LINK_ORIGIN}/s/${token}`);
    const s = smsSegments(text);
    // How long an origin may be and still leave the message in one segment.
    const budget = SEGMENT_CHARS - (s.characters - LINK_ORIGIN.length);
    const pass = s.encoding === 'GSM-7' && s.segments === 1;
    const sentHere = observed.filter((o) => o.text.startsWith(`${region[lang]}:`)).map((o) => smsSegments(o.text).characters);
    rows.push([
      lang,
      region[lang],
      String(s.characters),
      s.encoding,
      String(s.segments),
      String(budget),
      sentHere.length ? String(Math.max(...sentHere)) : '–',
      verdict(pass),
    ]);
    targets.push({
      name: `SMS message length: ${lang}`,
      measured: `${s.characters} chars, ${s.encoding}, ${s.segments} segment${s.segments === 1 ? '' : 's'}`,
      limit: `1 segment (≤ ${SEGMENT_CHARS} GSM-7)`,
      pass,
    });
  }
  return {
    lines: [
      '### c. Message length',
      '',
      `shared/sms/message.ts with the demo region's name in each language and a link \`${LINK_ORIGIN}/s/{token}\` (origin ${LINK_ORIGIN.length} characters, token ${tokenLength}). Every message of a language has this length: the token is always ${tokenLength} base64url characters, each one GSM-7 septet.`,
      `"Origin budget" is the longest origin (scheme + host) that still fits one segment. "Sent in (b)" is the longest text of that language in the outbox, whose links point at the local stack (${localOrigin}, ${localOrigin.length} characters).`,
      '',
      ...table(['lang', 'region name', 'characters', 'encoding', 'segments', 'origin budget', 'sent in (b)', 'result'], rows, [2, 4, 5, 6]),
    ],
    targets,
  };
}
