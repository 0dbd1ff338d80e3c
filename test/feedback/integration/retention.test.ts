/**
 * The retention purge on the local stack (docs/domain.md#retention): answers are written around the
 * five-year boundary over the years with the stack's dev clock, aggregated by the real `aggregate`
 * schedule, and the `purgeExpired` schedule is run through the local scheduler at 04:00 Helsinki time
 * on 1 March 2031. Exactly the answers dated through 1 March 2026 go, their free text with them; the
 * younger ones, every aggregate row and the NPS and statement reports stay as they were; idempotency
 * records past `expiresAt` go and fresh ones stay (dynalite has no TTL); a second run deletes nothing.
 * Without its BatchWriteItem grant the purge is refused by the local IAM and changes nothing.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { tableArn } from '#local/local-iam.ts';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import type { PurgeResult } from '#shared/feedback/purge-expired.ts';
import { PURGE_METRICS } from '#shared/feedback/metrics.ts';
import { postJson, scanAll, snapshot, startTestStack } from '../../support/local-stack.ts';
import { setClock } from '../../support/sms.ts';
import { getJson, startAggregationAt, storedAnswer, token, writeAnswers } from '../../reporting/integration/report-data.ts';

const config = parseConfig();
let stack: LocalStack;
beforeAll(async () => {
  // This file takes a grant away on purpose; afterAll checks that that was the only denial.
  stack = await startTestStack({ expectDenials: true });
});
afterAll(async () => {
  const denials = stack?.iam.denials() ?? [];
  await stack?.close();
  expect(denials).toEqual([{ function: 'purgeExpired', action: 'dynamodb:BatchWriteItem', resource: tableArn(stack.tableNames.feedback) }]);
});
afterEach(() => {
  stack.iam.restoreManifest();
  vi.restoreAllMocks();
});

const UNITS = ['keskusta-ta', 'rantala-ta', 'laboratorio'] as const;
/** A Helsinki winter wall-clock time (+02:00) as a UTC instant. */
const helsinki = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+02:00`).toISOString();

/** Answers on each of `dates`, several per unit, NPS 0–10 spread, every other one with free text that names its day. */
function answersOn(dates: readonly string[], tag: string): StoredAnswer[] {
  return dates.flatMap((date, d) =>
    Array.from({ length: 9 }, (_, i) =>
      storedAnswer(config, {
        unitId: UNITS[i % UNITS.length]!,
        submittedAt: helsinki(date, `${String(8 + i).padStart(2, '0')}:15`),
        channel: i % 4 === 0 ? 'qr' : 'web',
        nps: (i * 3 + d) % 11,
        statements: { smooth: ((i + d) % 5) + 1, help: i % 3 === 0 ? 'cant_say' : ((i + 2 * d) % 5) + 1 },
        role: i % 2 ? 'client' : 'relative',
        ...(i % 2 === 0 ? { text: `${tag} ${date} #${i}: vapaa teksti` } : {}),
      }),
    ),
  );
}

const runSchedule = (name: string) => fetch(`${stack.url}/dev/schedules/${name}/run`, { method: 'POST' });
async function runOk<T>(name: string): Promise<T> {
  const r = await runSchedule(name);
  if (r.status !== 200) throw new Error(`schedule ${name} answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { result: T }).result;
}
const idemPk = (key: string) => `IDEM#${createHash('sha256').update(key).digest('hex')}`;
const post = async (key: string) => {
  const r = await postJson(
    stack,
    '/api/feedback',
    { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 10 } },
    { 'idempotency-key': key },
  );
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: string }).id;
};

/**
 * What the managers see, read through the reporting API as the region manager: whole reported months
 * (on the purge's day December 2030 is the newest: January 2031 ended, but late paper answers may
 * still change it until 2 March), the longest range allowed (36 months) included.
 */
async function reports(): Promise<unknown[]> {
  const bearer = await token(stack, [config.org.regionId]);
  const out: unknown[] = [];
  for (const [from, to] of [
    ['2026-02-01', '2026-03-31'],
    ['2030-12-01', '2030-12-31'],
    ['2026-01-01', '2028-12-31'],
  ] as const) {
    for (const path of [
      `/api/reports/nps?node=${config.org.regionId}&from=${from}&to=${to}&granularity=month`,
      `/api/reports/nps?node=keskusta-ta&from=${from}&to=${to}&granularity=month`,
      `/api/reports/statements?node=${config.org.regionId}&from=${from}&to=${to}`,
      `/api/reports/children?node=${config.org.regionId}&from=${from}&to=${to}`,
    ]) {
      const r = await getJson(stack, path, bearer);
      expect(r.status, path).toBe(200);
      out.push(r.body);
    }
  }
  return out;
}

// The boundary on the purge's day, 1 March 2031: 1 March 2026 is the last day past five years.
const OLD_DATES = ['2026-02-26', '2026-02-28', '2026-03-01'];
const KEPT_2026 = ['2026-03-02', '2026-03-03'];
/** Young answers in the newest month reported on the purge's day. */
const YOUNG_DATES = ['2030-12-30', '2030-12-31'];
const PURGE_AT = helsinki('2031-03-01', '04:00');

const old = answersOn(OLD_DATES, 'vanha');
const kept2026 = answersOn(KEPT_2026, 'säilyvä');
const young = answersOn(YOUNG_DATES, 'nuori');
const kept = [...kept2026, ...young];
const keptIds = new Set<string>();

describe('the nightly retention purge', () => {
  let aggregatesBefore: Record<string, unknown>[];
  let reportsBefore: unknown[];

  beforeAll(async () => {
    // 2026: the answers of late February and early March, aggregated on 4 March.
    await writeAnswers(stack, [...old, ...kept2026]);
    await startAggregationAt(stack, helsinki('2026-02-26', '00:00'));
    await setClock(stack, helsinki('2026-03-04', '12:00'));
    await runOk('aggregate');

    // The last days of 2030, aggregated on 1 January 2031.
    await writeAnswers(stack, young);
    await startAggregationAt(stack, helsinki('2030-12-30', '00:00'));
    await setClock(stack, helsinki('2031-01-01', '12:00'));
    await runOk('aggregate');

    // 2031: answers as they come in, aggregated as they do.
    await startAggregationAt(stack, helsinki('2031-02-26', '00:00'));
    // An answer posted with a retry key at noon on 27 February: its key expires at noon on 28 February.
    await setClock(stack, helsinki('2031-02-27', '12:00'));
    keptIds.add(await post('retention-expired-key'));
    await runOk('aggregate');
    // Another half an hour before the purge: its key is good until the next night.
    await setClock(stack, helsinki('2031-03-01', '03:30'));
    keptIds.add(await post('retention-fresh-key'));
    await runOk('aggregate');
    for (const a of kept) keptIds.add(a.id);

    await setClock(stack, PURGE_AT);
    aggregatesBefore = await scanAll(stack, 'aggregates');
    reportsBefore = await reports();
  });
  afterAll(() => setClock(stack, null));

  it('has what the test needs before the purge: every answer, aggregates of both years, both retry keys', async () => {
    const feedback = await scanAll(stack, 'feedback');
    expect(feedback).toHaveLength(old.length + keptIds.size);
    expect(aggregatesBefore.some((r) => r.pk === `AGG#${config.org.regionId}#day` && r.sk === '2026-03-01')).toBe(true);
    expect(aggregatesBefore.some((r) => r.pk === `AGG#${config.org.regionId}#day` && r.sk === '2031-03-01')).toBe(true);
    // The reports show the days about to be purged: the region's February–March 2026 has every answer of them.
    const { series, total } = reportsBefore[0] as { series: { period: string; n: number }[]; total: { n: number } };
    expect(total.n).toBe(old.length + KEPT_2026.length * 9);
    // By month: February holds two of the days to be purged, March the third and the two kept.
    expect(series.map((c) => [c.period, c.n])).toEqual([
      ['2026-02', 2 * 9],
      ['2026-03', 9 + KEPT_2026.length * 9],
    ]);
    // And the young answers, in December 2030, the newest month reported that day.
    const december = reportsBefore[4] as { series: { period: string; n: number }[] };
    expect(december.series.map((c) => [c.period, c.n])).toEqual([['2030-12', YOUNG_DATES.length * 9]]);
    expect((await scanAll(stack, 'idempotency')).map((r) => r.pk).sort()).toEqual(
      [idemPk('retention-expired-key'), idemPk('retention-fresh-key')].sort(),
    );
  });

  it('is refused by the local IAM without its BatchWriteItem grant on the feedback table, and changes nothing', async () => {
    stack.iam.restrict('purgeExpired', {
      tables: { feedback: ['dynamodb:Scan'], idempotency: ['dynamodb:Scan', 'dynamodb:BatchWriteItem'] },
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = await snapshot(stack);

    const r = await runSchedule('purgeExpired');

    expect(r.status).toBe(500);
    expect(stack.iam.denials()).toEqual([
      { function: 'purgeExpired', action: 'dynamodb:BatchWriteItem', resource: tableArn(stack.tableNames.feedback) },
    ]);
    expect(await snapshot(stack)).toBe(before);
  });

  it('deletes exactly the answers past retention, free text included, and the expired retry key, and says how many', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));

    const result = await runOk<PurgeResult>('purgeExpired');

    expect(result).toEqual({
      today: '2031-03-01',
      answerYears: 5,
      deletedThrough: '2026-03-01',
      answersScanned: old.length + keptIds.size,
      answersDeleted: old.length,
      idempotencyScanned: 2,
      idempotencyDeleted: 1,
    });
    const feedback = await scanAll(stack, 'feedback');
    expect(new Set(feedback.map((i) => i.id))).toEqual(keptIds);
    expect(feedback.every((i) => (i.date as string) > '2026-03-01')).toBe(true);
    const everything = JSON.stringify(feedback);
    for (const a of old) if (a.text) expect(everything).not.toContain(a.text);
    for (const a of kept) if (a.text) expect(everything).toContain(a.text);
    expect((await scanAll(stack, 'idempotency')).map((r) => r.pk)).toEqual([idemPk('retention-fresh-key')]);

    // One EMF line with both counts, and a log line of counts and dates only.
    const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => '_aws' in l);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ function: 'purgeExpired', [PURGE_METRICS.answers]: old.length, [PURGE_METRICS.idempotency]: 1 });
    const log = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'retention purge');
    expect(log).toMatchObject({ level: 'INFO', function: 'purgeExpired', answersDeleted: old.length });
    for (const a of old) if (a.text) expect(lines.join('\n')).not.toContain(a.text);
  });

  it('leaves every aggregate row and every report as they were, the purged days included', async () => {
    expect(await scanAll(stack, 'aggregates')).toEqual(aggregatesBefore);
    expect(await reports()).toEqual(reportsBefore);
  });

  it('deletes nothing when run again', async () => {
    const before = await snapshot(stack);
    const again = await runOk<PurgeResult>('purgeExpired');
    expect([again.answersDeleted, again.idempotencyDeleted]).toEqual([0, 0]);
    expect(again.answersScanned).toBe(keptIds.size);
    expect(await snapshot(stack)).toBe(before);
  });

  it('lets the next nightly aggregation leave the purged days alone', async () => {
    const before = await scanAll(stack, 'aggregates');
    await setClock(stack, helsinki('2031-03-01', '04:30'));
    await runOk('aggregateNightly');
    const after = await scanAll(stack, 'aggregates');
    const oldRows = (rows: Record<string, unknown>[]) => rows.filter((r) => typeof r.sk === 'string' && r.sk.startsWith('2026'));
    expect(oldRows(after)).toEqual(oldRows(before));
  });
});
