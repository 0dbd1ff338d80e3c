/**
 * The case opener: a case for each answer with free text or a contact request and none for scores
 * alone; `FeedbackReceived` for every answer and `CaseCreated` for every case, each once across runs
 * that overlap; an answer that becomes visible late (inside the overlap) still gets its case and
 * events; a run whose publishing fails is repeated by the next without a second case or a lost event;
 * the first run reads back a week; events carry no text.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ArrivedAnswer } from '#shared/cases/arrivals.ts';
import { FIRST_RUN_MS, openNewCases, type OpenCasesDeps } from '#shared/cases/open-cases.ts';
import type { DomainEvent, EventPublisher } from '#shared/platform/index.ts';
import { FixedClock } from '../../support/fakes.ts';
import { answerOf } from '../support/fixtures.ts';
import { MemoryArrivals } from '../support/memory-arrivals.ts';
import { MemoryCaseStore } from '../support/memory-case-store.ts';

class Events implements EventPublisher {
  readonly published: DomainEvent[] = [];
  failNext = false;
  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('bus unavailable');
    }
    this.published.push(...events);
  }
  types(): string[] {
    return this.published.map((e) => `${e.type}:${e.detail.feedbackId}`);
  }
}

/** A QR answer in Swedish with a top score and no comment unless `over` adds one. */
const answer = (receivedAt: string, over: Partial<ArrivedAnswer> = {}): ArrivedAnswer =>
  answerOf('keskusta-ta', receivedAt, { channel: 'qr', lang: 'sv', answers: { nps: 10 }, text: undefined, ...over });

let deps: OpenCasesDeps & { cases: MemoryCaseStore; arrivals: MemoryArrivals; events: Events; clock: FixedClock };
beforeEach(() => {
  deps = {
    cases: new MemoryCaseStore(),
    arrivals: new MemoryArrivals(),
    events: new Events(),
    clock: new FixedClock('2026-06-01T10:00:00.000Z'),
    handling: { deadlineDays: { contact: 14, text: 30 } },
    taxonomyVersion: 1,
  };
});

describe('openNewCases', () => {
  it('opens a case for free text and for a contact request, none for scores alone', async () => {
    const text = answer('2026-06-01T09:58:00.000Z', { text: 'Kiitos!' });
    const contact = answer('2026-06-01T09:58:30.000Z', { contactRequested: true });
    const scores = answer('2026-06-01T09:59:00.000Z');
    for (const a of [text, contact, scores]) deps.arrivals.add(a);
    const r = await openNewCases(deps);
    expect(r).toMatchObject({ read: 3, fresh: 3, opened: 2, events: 5 });
    expect(deps.cases.all().map((c) => [c.id, c.contactRequested, c.status])).toEqual([
      [text.id, false, 'new'],
      [contact.id, true, 'new'],
    ]);
    expect(deps.events.types()).toEqual([
      `FeedbackReceived:${text.id}`,
      `CaseCreated:${text.id}`,
      `FeedbackReceived:${contact.id}`,
      `CaseCreated:${contact.id}`,
      `FeedbackReceived:${scores.id}`,
    ]);
  });

  it('sends no text in any event', async () => {
    deps.arrivals.add(answer('2026-06-01T09:58:00.000Z', { text: 'Salainen kommentti' }));
    await openNewCases(deps);
    expect(JSON.stringify(deps.events.published)).not.toContain('Salainen');
    expect(deps.events.published[0]?.detail).toEqual({
      feedbackId: deps.cases.all()[0]!.id,
      unitId: 'keskusta-ta',
      channel: 'qr',
      npsGroup: 'promoter',
      hasText: true,
      contactRequested: false,
    });
  });

  it('handles each answer once across overlapping runs', async () => {
    deps.arrivals.add(answer('2026-06-01T09:59:30.000Z', { text: 'yksi' }));
    await openNewCases(deps);
    deps.clock.set('2026-06-01T10:01:00.000Z');
    deps.arrivals.add(answer('2026-06-01T10:00:30.000Z', { text: 'kaksi' }));
    const r = await openNewCases(deps);
    expect(r).toMatchObject({ read: 2, fresh: 1, opened: 1 });
    expect(deps.cases.all()).toHaveLength(2);
    expect(deps.events.published).toHaveLength(4);
  });

  it('still opens the case of an answer that became visible late, inside the overlap', async () => {
    const late = answer('2026-06-01T09:59:50.000Z', { text: 'myöhässä' });
    deps.arrivals.add(late, { visible: false });
    await openNewCases(deps);
    expect(deps.cases.all()).toHaveLength(0);
    deps.arrivals.reveal(late.id);
    deps.clock.set('2026-06-01T10:01:00.000Z');
    await openNewCases(deps);
    expect(deps.cases.all().map((c) => c.id)).toEqual([late.id]);
    expect(deps.events.types()).toEqual([`FeedbackReceived:${late.id}`, `CaseCreated:${late.id}`]);
  });

  it('repeats a run whose events failed: the case once, the events not lost', async () => {
    const a = answer('2026-06-01T09:59:00.000Z', { text: 'x' });
    deps.arrivals.add(a);
    deps.events.failNext = true;
    await expect(openNewCases(deps)).rejects.toThrow('bus unavailable');
    expect(deps.cases.all()).toHaveLength(1);
    expect(await deps.cases.watermark()).toBeNull();
    deps.clock.set('2026-06-01T10:01:00.000Z');
    const r = await openNewCases(deps);
    expect(r.opened).toBe(0);
    expect(deps.cases.all()).toHaveLength(1);
    expect(deps.events.types()).toEqual([`FeedbackReceived:${a.id}`, `CaseCreated:${a.id}`]);
  });

  it('reads back a week on its first run, not further', async () => {
    const now = Date.parse('2026-06-01T10:00:00.000Z');
    const inside = answer(new Date(now - FIRST_RUN_MS + 60_000).toISOString(), { text: 'viikko' });
    const outside = answer(new Date(now - FIRST_RUN_MS - 10 * 60_000).toISOString(), { text: 'vanha' });
    deps.arrivals.add(inside);
    deps.arrivals.add(outside);
    await openNewCases(deps);
    expect(deps.cases.all().map((c) => c.id)).toEqual([inside.id]);
  });
});
