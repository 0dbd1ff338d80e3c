/**
 * Section `cases`: the workbench queue of a service with 10,000 cases. The cases are written through
 * the case store's DynamoDB adapter (conditional puts, many at a time), not through HTTP: the queue's
 * read is measured, not the intake. Then `GET /api/cases?node=<service>` over real HTTP on the local
 * stack, with a bearer token from the local issuer, is timed for the first page unfiltered and
 * filtered, interleaved with a raw Query of the same index in the same rounds, so that the ratio
 * cancels machine load. The filters are a FilterExpression on the queue index: DynamoDB reads (and
 * bills) every item it looks at, kept or not, so the items each page reads are counted by replaying
 * the adapter's query on a client that sums the queries' `ScannedCount`.
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '#shared/config.ts';
import { type Case, dueAt, isOverdue } from '#shared/cases/case.ts';
import type { CaseQuery } from '#shared/cases/case-store.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { QUEUE_INDEXES, QUEUE_SK } from '#shared/cases/manifest.ts';
import { CASE_PAGE, type CaseStatus } from '#shared/cases/model.ts';
import { handlingOf, helsinkiDate } from '#shared/platform/index.ts';
import { seededRandom } from '#local/seeded-random.ts';
import type { LocalStack } from '#local/stack.ts';
import { send } from './latency.ts';
import { median, percentile, rotate } from './stats.ts';
import { ms, table, verdict, type SectionReport } from './report.ts';

/** Cases seeded into the service's units. */
export const CASE_COUNT = 10_000;
/** Cases written at once: enough to keep dynalite busy, few enough not to queue thousands of sockets. */
export const SEED_CONCURRENCY = 50;
/** Rounds thrown away first (lazy handler load, JIT, sockets). */
export const WARMUP_ROUNDS = 10;
/** Rounds kept; each round takes one sample of every series. */
export const SAMPLE_ROUNDS = 60;
/** The limit on the median of an unfiltered first page over HTTP, locally. */
export const FIRST_PAGE_TARGET_MS = 300;
/** The unit whose service is the queue measured (its service has several units in the region config). */
export const BENCH_UNIT = 'keskusta-ta';
/** Seed of the case mix, so every run reads the same queue. */
export const CASES_SEED = 9;

const DAY = 86_400_000;
/** The queue spans a year, newest first: the shape of a service a year after go-live. */
const SPAN_DAYS = 365;
const COMMENTS = [
  'Odotusaika oli pitkä, mutta hoitaja oli ystävällinen ja selitti asiat hyvin.',
  'Ajanvaraus ei toiminut verkossa, jouduin soittamaan kolme kertaa ennen kuin sain ajan.',
  'Kiitos hyvästä palvelusta!',
  'Lääkäri ei ehtinyt kuunnella, tuntui että asiani jäi kesken. Toivoisin soittoa asiasta.',
  'Väntetiden var lång men personalen var vänlig.',
];

/**
 * The case mix of a service's queue (seed-fixed): newest first, one case about every 53 minutes; 15 %
 * with a contact request; the older a case, the likelier it is closed (all but a few after 45 days),
 * so the open and overdue ones cluster a few weeks back, as in a real queue; overdue open cases are
 * mostly escalated, as the daily job leaves them.
 */
function caseMix(units: readonly string[], ids: { serviceId: string; serviceAreaId: string; regionId: string }, now: Date): Case[] {
  const rnd = seededRandom(CASES_SEED);
  const handling = handlingOf(loadConfig().org);
  const cases: Case[] = [];
  for (let i = 0; i < CASE_COUNT; i++) {
    const ageMs = ((i + rnd()) / CASE_COUNT) * SPAN_DAYS * DAY;
    const created = new Date(now.getTime() - ageMs - 60_000);
    const createdAt = created.toISOString();
    const contactRequested = rnd() < 0.15;
    const ageDays = ageMs / DAY;
    const closed = rnd() < Math.min(0.97, ageDays / 45);
    const open: CaseStatus = contactRequested && rnd() < 0.3 ? 'contacted' : rnd() < 0.5 ? 'new' : 'in_progress';
    const status: CaseStatus = closed ? 'closed' : open;
    const due = dueAt(helsinkiDate(created), contactRequested, handling);
    const text = COMMENTS[Math.floor(rnd() * COMMENTS.length)]!;
    const c: Case = {
      id: randomUUID(),
      feedbackId: '',
      unitId: units[i % units.length]!,
      ...ids,
      status,
      contactRequested,
      createdAt,
      answerDate: helsinkiDate(created),
      dueAt: due,
      escalated: false,
      assignee: status === 'new' ? null : 'hoitaja.a@example.fi',
      nps: Math.floor(rnd() * 11),
      text,
      lang: text.startsWith('Vänte') ? 'sv' : 'fi',
      channel: 'web',
      version: status === 'new' ? 1 : 3,
      contacted: status === 'contacted' || (closed && contactRequested),
      ...(closed ? { closedAt: new Date(created.getTime() + 3 * DAY).toISOString() } : {}),
      notes: [],
      history: [{ at: createdAt, actor: 'system', action: 'created' }],
    };
    c.feedbackId = c.id;
    c.escalated = isOverdue(c, now) && rnd() < 0.8;
    cases.push(c);
  }
  return cases;
}

/** A timed series and what its page cost DynamoDB. */
interface Series {
  label: string;
  role: string;
  run: () => Promise<void>;
  samples: number[];
  /** Items DynamoDB read (ScannedCount summed over the page's queries) and the queries made; null for the baseline. */
  reads: { items: number; queries: number; returned: number } | null;
}

/** Runs section `cases` against a running local stack; leaves a 10,000-case queue in its cases table. */
export async function benchCases(stack: LocalStack, progress: (s: string) => void): Promise<SectionReport> {
  const { org } = loadConfig();
  const service = org.ancestorOfKind(BENCH_UNIT, 'service');
  const serviceArea = org.ancestorOfKind(BENCH_UNIT, 'serviceArea');
  if (!service || !serviceArea) throw new Error(`${BENCH_UNIT} has no service or service area in the region config`);
  const units = org
    .units()
    .filter((u) => org.ancestorOfKind(u.id, 'service')?.id === service.id)
    .map((u) => u.id);
  const now = new Date();

  // Counts what DynamoDB read: ScannedCount is the items a Query looked at before its FilterExpression.
  const tally = { items: 0, queries: 0 };
  const raw = new DynamoDBClient({
    endpoint: stack.dynamoUrl,
    region: process.env.AWS_REGION ?? 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  raw.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const scanned = (out.output as { ScannedCount?: number }).ScannedCount;
      if (scanned !== undefined) {
        tally.items += scanned;
        tally.queries += 1;
      }
      return out;
    },
    { step: 'initialize', name: 'benchScannedCount' },
  );
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoCaseStore(doc, stack.tableNames.cases);
  const base = new URL(stack.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  try {
    const cases = caseMix(units, { serviceId: service.id, serviceAreaId: serviceArea.id, regionId: org.regionId }, now);
    const seedStart = performance.now();
    for (let i = 0; i < cases.length; i += SEED_CONCURRENCY) {
      const created = await Promise.all(cases.slice(i, i + SEED_CONCURRENCY).map((c) => store.create(c)));
      if (created.includes(false)) throw new Error('a seeded case id already existed');
      if ((i + SEED_CONCURRENCY) % 2_000 === 0) progress(`cases: ${(i + SEED_CONCURRENCY).toLocaleString('en-US')} seeded`);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const count = (f: (c: Case) => boolean) => cases.filter(f).length;
    const mix = {
      open: count((c) => c.status !== 'closed'),
      newOverdue: count((c) => c.status === 'new' && isOverdue(c, now)),
      contact: count((c) => c.contactRequested),
      escalated: count((c) => c.escalated),
    };

    // A handler of the service, as the workbench signs one in: the queue's read scope, the service's node.
    const token = await stack.auth.issue(['cases:read'], [service.id], 'bench-handler');
    const auth = { authorization: `Bearer ${token}` };
    const queries: { label: string; role: string; qs: string; q: Partial<CaseQuery> & { limit: number } }[] = [
      { label: 'first page, default limit', role: 'target', qs: '', q: { limit: CASE_PAGE.default } },
      { label: 'first page, limit=100', role: 'target', qs: '&limit=100', q: { limit: 100 } },
      {
        label: 'status=new&overdue=true',
        role: 'info (filtered)',
        qs: '&status=new&overdue=true',
        q: { limit: CASE_PAGE.default, status: 'new', overdue: true },
      },
      {
        label: 'contactRequested=true',
        role: 'info (filtered)',
        qs: '&contactRequested=true',
        q: { limit: CASE_PAGE.default, contactRequested: true },
      },
      { label: 'escalated=true', role: 'info (filtered)', qs: '&escalated=true', q: { limit: CASE_PAGE.default, escalated: true } },
    ];
    const series: Series[] = [];
    for (const { label, role, qs, q } of queries) {
      const path = `/api/cases?node=${encodeURIComponent(service.id)}${qs}`;
      // What the page costs DynamoDB: the adapter's own query loop, replayed on the counting client
      // with the handler's arguments (same index, filters, limit and instant).
      tally.items = 0;
      tally.queries = 0;
      const page = await store.list({ nodeId: service.id, kind: 'service', now, ...q });
      const reads = { items: tally.items, queries: tally.queries, returned: page.cases.length };
      series.push({
        label: `GET ${label}`,
        role,
        samples: [],
        reads,
        run: async () => {
          const r = await send(agent, base, 'GET', path, auth);
          if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${r.body.slice(0, 300)}`);
        },
      });
    }
    // The baseline: the one Query an unfiltered first page needs, straight to dynalite (51 items,
    // newest first on the service's queue index), with no HTTP, JWT, handler or mapping around it.
    const index = QUEUE_INDEXES.service;
    const baseline: Series = {
      label: `raw Query (${index.name}, Limit ${CASE_PAGE.default + 1})`,
      role: 'baseline',
      samples: [],
      reads: null,
      run: async () => {
        await doc.send(
          new QueryCommand({
            TableName: stack.tableNames.cases,
            IndexName: index.name,
            KeyConditionExpression: '#q = :q',
            ExpressionAttributeNames: { '#q': index.pk },
            ExpressionAttributeValues: { ':q': `Q#${service.id}` },
            ScanIndexForward: false,
            Limit: CASE_PAGE.default + 1,
          }),
        );
      },
    };
    const all = [...series, baseline];
    for (let round = 0; round < WARMUP_ROUNDS + SAMPLE_ROUNDS; round++) {
      // Each series leads in turn, so none is always timed right after the same neighbour.
      for (const s of rotate(all, round)) {
        const t0 = performance.now();
        await s.run();
        const dt = performance.now() - t0;
        if (round >= WARMUP_ROUNDS) s.samples.push(dt);
      }
    }

    const baseMedian = median(baseline.samples);
    const rows = all.map((s) => [
      s.label,
      s.role,
      ms(median(s.samples)),
      ms(percentile(s.samples, 95)),
      (median(s.samples) / baseMedian).toFixed(2),
      s.reads ? String(s.reads.returned) : String(CASE_PAGE.default + 1),
      s.reads ? s.reads.items.toLocaleString('en-US') : String(CASE_PAGE.default + 1),
      s.reads ? String(s.reads.queries) : '1',
    ]);
    const targets = series
      .filter((s) => s.role === 'target')
      .map((s) => {
        const m = median(s.samples);
        return {
          name: `cases: ${s.label} median`,
          measured: `${ms(m)} ms`,
          limit: `≤ ${FIRST_PAGE_TARGET_MS} ms`,
          pass: m <= FIRST_PAGE_TARGET_MS,
        };
      });
    // A filtered page that read far more than it returned: the FilterExpression's cost, said out loud.
    const heavy = series.filter((s) => s.reads && s.reads.items > 2 * (s.reads.returned + 1));
    return {
      title: 'Cases: workbench queue of a service with 10,000 cases',
      lines: [
        `Service \`${service.id}\` (${units.length} units), ${CASE_COUNT.toLocaleString('en-US')} cases over ${SPAN_DAYS} days, newest first, seed ${CASES_SEED}: ${mix.open.toLocaleString('en-US')} open, ${mix.newOverdue} new and overdue, ${mix.contact.toLocaleString('en-US')} with a contact request, ${mix.escalated} escalated. Written through DynamoCaseStore.create, ${SEED_CONCURRENCY} at a time, in ${seedSeconds.toFixed(0)} s.`,
        `Over HTTP on the local stack (JWT from the local issuer, scope cases:read, org node ${service.id}), keep-alive, one socket; dynalite in memory. ${WARMUP_ROUNDS} warm-up rounds discarded, then ${SAMPLE_ROUNDS} rounds, every series once per round, the first rotating. Times in ms.`,
        "Items read: the items DynamoDB looked at for the page (ScannedCount over the adapter's queries, replayed with the handler's arguments on a counting client); a FilterExpression does not reduce them, and on AWS they are what the page is billed for.",
        '',
        ...table(['series', 'role', 'median', 'p95', '× raw Query', 'returned', 'items read', 'queries'], rows, [2, 3, 4, 5, 6, 7]),
        '',
        ...targets.map((t) => `**${t.name} = ${t.measured}** (target ${t.limit}) → **${verdict(t.pass)}**`),
        ...(heavy.length
          ? [
              '',
              `Filtered first pages read many items: ${heavy
                .map(
                  (s) =>
                    `${s.label.replace('GET ', '')} read ${s.reads!.items.toLocaleString('en-US')} items in ${s.reads!.queries} queries for ${s.reads!.returned}`,
                )
                .join(
                  '; ',
                )}. The filters are a FilterExpression on the queue index (${index.name}, key ${index.pk}/${QUEUE_SK}), so a rare filter value costs reads in proportion to how far back its matches lie.`,
            ]
          : []),
      ],
      targets,
    };
  } finally {
    agent.destroy();
    raw.destroy();
  }
}
