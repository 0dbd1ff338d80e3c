/**
 * Staff beside customers (`compareStaffAndCustomers`): each child unit's pulse index next to its
 * customer NPS, both hidden by their own rules, and Pearson's r only over units where both are shown,
 * with how many. Pearson itself is checked on values worked out by hand. The reports read a memory
 * aggregate store seeded with month snapshots, as the reports' own unit tests do.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import { compareStaffAndCustomers, NOT_CAUSATION, pearson, type PulseAnswer, type Round } from '#shared/pulse/index.ts';
import { emptyCounts, type Counts } from '#shared/reporting/counts.ts';
import { MemoryAggregateStore } from '../../reporting/support/memory-aggregate-store.ts';
import { MemoryPulseStore } from '../support/memory-pulse-store.ts';

const config = loadConfig();
const surveys = loadPulseSurveys();
const version = surveys.current('tyoyhteiso-pulssi', '2026-01-01')!;
const clock = { now: () => new Date('2026-09-01T09:00:00Z') };

function nps(p: number, d: number): Counts {
  const c = emptyCounts();
  c.n = p + d;
  c.nps = { promoters: p, passives: 0, detractors: d };
  return c;
}

/** A round of `n` answers in `unit`, every statement answered `value`. */
function round(store: MemoryPulseStore, id: string, unit: string, n: number, value: 1 | 2 | 3 | 4 | 5) {
  const r: Round = {
    id,
    nodeId: unit,
    surveyId: 'tyoyhteiso-pulssi',
    version: version.version,
    opensOn: '2026-05-01',
    closesOn: '2026-05-15',
    codes: 12,
    answers: 0,
    counts: Object.fromEntries(version.statements.map((s) => [s.id, [0, 0, 0, 0, 0]])),
  };
  void store.createRound(r, [], { hash: id, sealed: { iv: '', tag: '', ciphertext: '' }, expiresAt: 0 });
  for (let i = 0; i < n; i++) {
    const a: PulseAnswer = {
      id: `${id}-${i}`,
      roundId: id,
      surveyId: r.surveyId,
      version: r.version,
      date: r.opensOn,
      values: Object.fromEntries(version.statements.map((s) => [s.id, value])),
    };
    store.put(a);
  }
}

async function world(hiddenPulse: boolean) {
  const aggregates = new MemoryAggregateStore();
  const month = '2026-05';
  const units = { 'keskusta-ta': nps(30, 10), 'rantala-ta': nps(20, 20), 'metsakyla-ta': nps(10, 30) };
  for (const [id, c] of Object.entries(units))
    await aggregates.put({ nodeId: id, granularity: 'month', period: month, counts: c, asOf: 'x' });
  for (const id of ['terveysasemat', 'terveys', 'esimerkki'])
    await aggregates.put({ nodeId: id, granularity: 'month', period: month, counts: nps(60, 60), asOf: 'x' });
  const store = new MemoryPulseStore();
  round(store, 'k', 'keskusta-ta', 8, 5);
  round(store, 'r', 'rantala-ta', 6, 3);
  round(store, 'm', 'metsakyla-ta', hiddenPulse ? 4 : 7, 1);
  const deps = { config, surveys, store, clock, reports: { config, store: aggregates } };
  return compareStaffAndCustomers(deps, { node: 'terveysasemat', from: '2026-05-01', to: '2026-05-31' }, ['terveysasemat']);
}

describe('pearson', () => {
  // The figure must be the textbook one: a perfect line is ±1, no spread or too few pairs is no figure.
  it('is 1 on a rising line, −1 on a falling one, and null below three pairs or without spread', () => {
    expect(
      pearson([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBe(1);
    expect(
      pearson([
        [0, 5],
        [1, 3],
        [2, 1],
      ]),
    ).toBe(-1);
    expect(
      pearson([
        [1, 2],
        [2, 1],
        [3, 4],
        [4, 3],
      ]),
    ).toBe(0.6);
    expect(
      pearson([
        [1, 1],
        [2, 2],
      ]),
    ).toBeNull();
    expect(
      pearson([
        [1, 1],
        [1, 2],
        [1, 3],
      ]),
    ).toBeNull();
  });
});

describe('staff and customers side by side', () => {
  // Three units, both figures shown in each: the correlation is over all three.
  it('puts each unit’s pulse index beside its NPS and correlates them over units where both show', async () => {
    const c = await world(false);
    expect(c.units.map((u) => [u.node, u.pulse, u.nps])).toEqual([
      ['keskusta-ta', { n: 8, value: 100 }, { n: 40, value: 50 }],
      ['rantala-ta', { n: 6, value: 50 }, { n: 40, value: 0 }],
      ['metsakyla-ta', { n: 7, value: 0 }, { n: 40, value: -50 }],
    ]);
    expect(c.correlation).toEqual({ r: 1, n: 3 });
    expect(c.note).toBe(NOT_CAUSATION);
  });

  // A unit whose pulse is hidden drops out of the correlation, and with two units left there is none.
  it('leaves a unit with a hidden pulse out, and gives no r with fewer than three units', async () => {
    const c = await world(true);
    expect(c.units.find((u) => u.node === 'metsakyla-ta')!.pulse).toEqual({ suppressed: true });
    expect(c.correlation).toEqual({ r: null, n: 2 });
  });
});
