/**
 * The national monthly export over real HTTP: a `;`-separated UTF-8 CSV with a byte order mark and
 * CRLF lines, offered as a download named after the region and month; one row per unit in config
 * order with the documented columns; every visible count equal to a direct count of the raw answers
 * (answers at the month's Helsinki edges and on the DST day included); small units and their
 * complements within the same service blanked and marked, and a unit the reporting API hides in the
 * tree (below a service area hidden as a complement) blanked too; within a shown row a statement's
 * columns blank where the API hides that statement's row for the unit, and a channel's where its
 * answers are small or the complement of small ones within the unit, starting from the channels the
 * API's breakdown hides; bad months, the month still open and the one whose late paper answers may
 * still come in 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { parseConfig } from '#shared/config.ts';
import { CHANNELS, type Channel, type StoredAnswer } from '#shared/feedback/answer.ts';
import { nps } from '#shared/reporting/nps.ts';
import { parseCsv } from '../../support/csv.ts';
import { startTestStack } from '../../support/local-stack.ts';
import {
  bucketsOf,
  exportChannelBlanks,
  helsinkiDay,
  statementTreeHidden,
  STATEMENTS,
  storedAnswer,
  token,
  treeHidden,
  unitsUnder,
  writeAnswers,
  startAggregationAt,
} from './report-data.ts';

const config = parseConfig();
let stack: LocalStack;
let bearer: string;

const all: StoredAnswer[] = [];
/** `count` answers to a unit at the given instants (cycled), with rotating channels (or the one given) and values. */
function add(unitId: string, count: number, instants: string[], opts: { withoutNps?: boolean; channel?: Channel } = {}) {
  for (let i = 0; i < count; i++) {
    const channel: Channel = opts.channel ?? CHANNELS[i % CHANNELS.length]!;
    all.push(
      storedAnswer(config, {
        unitId,
        channel,
        submittedAt: new Date(instants[i % instants.length]!).toISOString(),
        ...(opts.withoutNps ? {} : { nps: (i * 7) % 11 }),
        statements: { smooth: ((i % 5) + 1) as 1, help: i % 3 ? 4 : 'cant_say', respect: 5 },
        text: 'Vapaa teksti, jota ei viedä.',
      }),
    );
  }
}

const MARCH = [
  '2026-03-10T10:00:00+02:00',
  '2026-03-29T04:30:00+03:00',
  '2026-03-29T02:30:00+02:00',
  '2026-03-31T23:59:00+03:00',
  '2026-03-01T00:00:30+02:00',
];
beforeAll(async () => {
  add('keskusta-ta', 30, MARCH);
  add('rantala-ta', 2, MARCH);
  add('metsakyla-ta', 6, MARCH);
  add('keskusta-hammas', 3, MARCH);
  add('laboratorio', 12, MARCH);
  add('yhteispaivystys', 4, MARCH);
  add('yhteispaivystys', 4, MARCH, { withoutNps: true });
  add('fysioterapia', 9, MARCH);
  add('avokuntoutus-ryhmat', 9, MARCH);
  add('kotikuntoutus-pohjoinen', 5, MARCH);
  // kuvantaminen: web 12, kiosk 6, SMS 3, QR 7 answers of which 1 to the NPS question. By NPS answers
  // (the API's breakdown) SMS and QR are small, 4 together, so kiosk is hidden as their complement;
  // the export blanks all three, QR and kiosk though their answers are not a small group.
  add('kuvantaminen', 12, MARCH, { channel: 'web' });
  add('kuvantaminen', 6, MARCH, { channel: 'kiosk' });
  add('kuvantaminen', 3, MARCH, { channel: 'sms' });
  add('kuvantaminen', 1, MARCH, { channel: 'qr' });
  add('kuvantaminen', 6, MARCH, { channel: 'qr', withoutNps: true });
  // February, synced in March: sosiaali (neuvola-keskusta, 3) is small within the region and
  // ikaantyneet (kotihoito 6 + 6) is its complement; the API hides kotihoito-ita below it.
  const FEB = ['2026-02-10T10:00:00+02:00'];
  add('fysioterapia', 40, FEB);
  add('neuvola-keskusta', 3, FEB);
  add('kotihoito-ita', 6, FEB);
  add('kotihoito-lansi', 6, FEB);
  for (const a of all.filter((x) => x.date.startsWith('2026-02'))) a.receivedAt = '2026-03-02T08:00:00.000Z';
  // Just outside March in Helsinki time: must not be counted.
  add('laboratorio', 3, ['2026-02-28T23:59:00+02:00', '2026-04-01T00:00:00+03:00', '2026-03-31T21:00:30Z']);
  stack = await startTestStack();
  // 5 May: March is reported (an answer given in it could be typed in until 30 April), April is not.
  stack.clock.set('2026-05-05T12:00:00+03:00');
  await writeAnswers(stack, all);
  await startAggregationAt(stack, '2026-02-28T00:00:00Z');
  await stack.scheduler.run('aggregate');
  bearer = await token(stack, ['esimerkki']);
});
afterAll(() => stack?.close());

const exportOf = (month: string, auth = bearer) =>
  fetch(`${stack.url}/api/exports/monthly?month=${month}`, { headers: { authorization: `Bearer ${auth}` } });

describe('GET /api/exports/monthly', () => {
  let text: string;
  let rows: string[][];
  let header: string[];
  beforeAll(async () => {
    const r = await exportOf('2026-03');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="palaute-esimerkki-2026-03.csv"');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    [header, ...rows] = parseCsv(text.slice(1)) as [string[], ...string[][]];
  });

  it('has the documented columns in order: identity, NPS, every statement value, every channel, suppressed', () => {
    expect(header).toEqual([
      'region',
      'service_area',
      'service',
      'unit_id',
      'unit_name',
      'month',
      'answers',
      'n',
      'promoters',
      'passives',
      'detractors',
      'nps',
      ...STATEMENTS.flatMap((s) => ['1', '2', '3', '4', '5', 'cant_say'].map((v) => `${s}_${v}`)),
      ...CHANNELS.map((c) => `channel_${c}`),
      'suppressed',
    ]);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  it('has one row per unit in config order with its place in the tree and Finnish name, quoted where needed', () => {
    expect(rows.map((r) => r[3])).toEqual(config.org.units().map((u) => u.id));
    const lab = rows.find((r) => r[3] === 'laboratorio')!;
    expect(lab.slice(0, 6)).toEqual([
      'esimerkki',
      'terveys',
      'laboratorio-kuvantaminen',
      'laboratorio',
      'Laboratorio, keskussairaala',
      '2026-03',
    ]);
    expect(text).toContain(';"Laboratorio, keskussairaala";');
    expect(text).not.toContain('Vapaa teksti');
  });

  it('blanks and marks small units and, within the same service, the next smallest one', () => {
    const hidden = rows.filter((r) => r.at(-1) === '1').map((r) => r[3]);
    // rantala-ta (2) takes metsakyla-ta (6) with it; keskusta-hammas (3) is alone in its service;
    // yhteispaivystys has 8 answers but only 4 to the NPS question.
    expect(hidden).toEqual(['rantala-ta', 'metsakyla-ta', 'keskusta-hammas', 'yhteispaivystys']);
    for (const r of rows.filter((x) => x.at(-1) === '1')) expect(r.slice(6, -1).every((f) => f === '')).toBe(true);
  });

  it('gives every visible unit the counts of a direct computation from the raw answers, blank where the API hides them', () => {
    const inMarch = (id: string) => {
      const units = new Set(unitsUnder(config, id).map((u) => u.id));
      return all.filter((a) => units.has(a.unitId) && helsinkiDay(a.submittedAt).startsWith('2026-03'));
    };
    const npsHidden = treeHidden(config, inMarch);
    const statementHidden = new Map(STATEMENTS.map((s) => [s, statementTreeHidden(config, inMarch, s, npsHidden)]));
    for (const r of rows.filter((x) => x.at(-1) === '0')) {
      const mine = inMarch(r[3]!);
      const b = bucketsOf(mine);
      const n = b.promoters + b.passives + b.detractors;
      const channelBlanks = exportChannelBlanks(mine, npsHidden.has(r[3]!));
      const expected = [
        mine.length,
        n,
        b.promoters,
        b.passives,
        b.detractors,
        n ? nps(b).nps : '',
        ...STATEMENTS.flatMap((s) =>
          [1, 2, 3, 4, 5, 'cant_say'].map((v) => (statementHidden.get(s)!.has(r[3]!) ? '' : mine.filter((a) => a.answers[s] === v).length)),
        ),
        ...CHANNELS.map((c) => (channelBlanks.has(c) ? '' : mine.filter((a) => a.channel === c).length)),
      ].map(String);
      expect(r.slice(6, -1), r[3]).toEqual(expected);
    }
    // The three answers just outside March stayed out.
    expect(rows.find((r) => r[3] === 'laboratorio')![6]).toBe('12');
  });

  it('blanks a statement where the API hides its row for the unit: help at kotikuntoutus-pohjoinen and, as its complement, fysioterapia', () => {
    const col = (name: string) => header.indexOf(name);
    const blank = (s: string) =>
      rows
        .filter((r) => r.at(-1) === '0' && ['1', '2', '3', '4', '5', 'cant_say'].every((v) => r[col(`${s}_${v}`)] === ''))
        .map((r) => r[3]);
    // kotikuntoutus-pohjoinen answered help 1–5 3 times (2 "can't say"): small. In kuntoutus's tree
    // kotikuntoutus is hidden with it and avokuntoutus as their complement, and below that the smaller
    // of its units, fysioterapia (9 = 9, the first).
    expect(blank('help')).toEqual(['fysioterapia', 'kotikuntoutus-pohjoinen']);
    for (const s of STATEMENTS.filter((x) => x !== 'help')) expect(blank(s), s).toEqual([]);
    expect(rows.find((r) => r[3] === 'avokuntoutus-ryhmat')!.slice(col('help_1'), col('help_cant_say') + 1)).toEqual([
      '0',
      '0',
      '0',
      '6',
      '0',
      '3',
    ]);
  });

  it('blanks a channel whose answers are small within the unit, or whose NPS answers the API hides, and the complement', () => {
    const channels = (unit: string) => rows.find((r) => r[3] === unit)!.slice(header.indexOf('channel_web'), -1);
    // web, qr, sms, kiosk, paper, oral.
    expect(channels('keskusta-ta')).toEqual(['5', '5', '5', '5', '5', '5']);
    expect(channels('laboratorio')).toEqual(['', '', '', '', '', '']);
    expect(channels('kuvantaminen')).toEqual(['12', '', '', '', '0', '0']);
  });

  it('blanks a unit the reporting API hides in the tree, so the export cannot add back a hidden service area', async () => {
    const [, ...feb] = parseCsv((await (await exportOf('2026-02')).text()).replace(/^\uFEFF/, ''));
    // Shown, kotihoito-ita and kotihoito-lansi would sum to ikaantyneet (12), and the region's total
    // minus the visible areas minus 12 would give the small areas' answers. (laboratorio holds the one
    // answer given a minute before March: small.)
    expect(feb.filter((r) => r.at(-1) === '1').map((r) => r[3])).toEqual(['laboratorio', 'neuvola-keskusta', 'kotihoito-ita']);
    expect(feb.find((r) => r[3] === 'kotihoito-lansi')![7]).toBe('6');
  });

  it('writes a month without answers as zeros, never as hidden', async () => {
    const r = await exportOf('2025-12');
    const [, ...empty] = parseCsv((await r.text()).replace(/^\uFEFF/, ''));
    expect(empty).toHaveLength(config.org.units().length);
    for (const row of empty) expect([row[6], row[7], row[11], row.at(-1)]).toEqual(['0', '0', '', '0']);
  });

  it.each([['2026-3'], ['2026-13'], ['march'], ['']])('answers 400 naming query.month for month=%s', async (m) => {
    const r = await exportOf(m);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('query.month');
  });

  it.each([
    ['2026-04', 'closed, but open to late paper answers until 30 May'],
    ['2026-05', 'still open'],
  ])('answers 400 for month=%s on 5 May: %s', async (m) => {
    const r = await exportOf(m);
    expect([r.status, await r.json()]).toEqual([
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'The query is not valid.',
          issues: [{ path: 'query.month', message: 'must be a closed month that late answers can no longer change, at most 2026-03' }],
        },
      },
    ]);
  });
});
