/**
 * The breakdown by visit mode (`GET /api/reports/breakdown?…&by=visitMode`): counted per answer like
 * channel and role, listed in a fixed order, small groups hidden with their complement exactly as the
 * channel breakdown hides them, and snapshots from before visit modes existed read as none.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { countAnswer, emptyCounts, type Counts } from '#shared/reporting/counts.ts';
import { breakdownReport } from '#shared/reporting/report.ts';
import { MemoryAggregateStore } from '../support/memory-aggregate-store.ts';

const config = parseConfig();

function counts(modes: Record<string, [number, number]>): Counts {
  const c = emptyCounts();
  c.visitModes = {};
  for (const [m, [p, d]] of Object.entries(modes)) {
    c.visitModes[m] = { n: p + d, promoters: p, passives: 0, detractors: d };
    c.channels.web = { n: c.n + p + d, promoters: c.nps.promoters + p, passives: 0, detractors: c.nps.detractors + d };
    c.nps.promoters += p;
    c.nps.detractors += d;
    c.n += p + d;
  }
  return c;
}

describe('the visit mode breakdown', () => {
  it('counts each answer under its visit mode, or unspecified', () => {
    const answer = { answers: { nps: 9 }, channel: 'web' } as unknown as StoredAnswer;
    expect(countAnswer({ ...answer, visitMode: 'group' }).visitModes).toEqual({
      group: { n: 1, promoters: 1, passives: 0, detractors: 0 },
    });
    expect(countAnswer(answer).visitModes).toEqual({ unspecified: { n: 1, promoters: 1, passives: 0, detractors: 0 } });
  });

  it('lists every mode in a fixed order and hides a small group with its complement, as by channel', async () => {
    const store = new MemoryAggregateStore();
    const c = counts({ group: [30, 0], home: [2, 0], remote: [0, 8] });
    await store.put({ nodeId: 'avokuntoutus-ryhmat', granularity: 'month', period: '2026-04', counts: c, asOf: 'x' });
    const r = await breakdownReport({ config, store }, 'avokuntoutus-ryhmat', '2026-04-01', '2026-04-30', 'visitMode');
    expect(r.by).toBe('visitMode');
    expect(r.groups.map((g) => [g.group, 'suppressed' in g ? 'hidden' : g.n])).toEqual([
      ['individual', 0],
      ['group', 30],
      ['home', 'hidden'],
      ['remote', 'hidden'],
      ['unspecified', 0],
    ]);
    expect(r.hiddenN).toBe(10);
  });

  it('reads a snapshot written before visit modes existed as none: its answers are all in hiddenN', async () => {
    const store = new MemoryAggregateStore();
    const c = counts({ group: [12, 3] });
    delete c.visitModes;
    await store.put({ nodeId: 'avokuntoutus-ryhmat', granularity: 'month', period: '2026-04', counts: c, asOf: 'x' });
    const r = await breakdownReport({ config, store }, 'avokuntoutus-ryhmat', '2026-04-01', '2026-04-30', 'visitMode');
    expect(r.total).toMatchObject({ n: 15 });
    expect(r.groups.every((g) => !('suppressed' in g) && g.n === 0)).toBe(true);
    expect(r.hiddenN).toBe(15);
  });
});
