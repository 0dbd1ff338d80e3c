/**
 * The results rules (shared/pulse/results.ts) by example: the round's and each statement's own
 * threshold, distributions and texts from the text threshold (names masked), the change from the
 * previous round only where both are shown, the pulse index, and roll-ups of shown cells only.
 */
import { describe, expect, it } from 'vitest';
import { combineRounds, PULSE_DEFAULTS, pulseIndex, type Round, roundResults } from '#shared/pulse/index.ts';

const T = PULSE_DEFAULTS;
const round = (id: string, answers: number, counts: Round['counts']): Round => ({
  id,
  nodeId: 'keskusta-ta',
  surveyId: 'tyoyhteiso-pulssi',
  version: 1,
  opensOn: '2026-05-01',
  closesOn: '2026-05-15',
  codes: 10,
  answers,
  counts,
});

describe('roundResults', () => {
  // A statement skipped by most must not show even when the round does: its few answers would be exposed.
  it('hides a statement answered fewer than minAnswers times in a shown round', () => {
    const r = roundResults(round('a', 6, { x: [0, 0, 1, 3, 2], y: [0, 0, 0, 2, 2] }), ['x', 'y'], T, [], 'fi');
    expect(r.suppressed).toBe(false);
    expect(r.statements).toEqual([
      { id: 'x', n: 6, mean: 4.17, shareAgree: 0.833 },
      { id: 'y', suppressed: true },
    ]);
    // The index is over shown answers only: x's 6 answers.
    expect(r.index).toBe(pulseIndex({ x: [0, 0, 1, 3, 2] }));
  });

  // Names leave the unit masked; distributions and texts come together, at the text threshold.
  it('shows distributions and texts, names masked, from minAnswersForText', () => {
    const texts = [
      { text: 'Maija auttoi.', names: [{ start: 0, end: 5 }] },
      { text: 'Aamut ovat kiireisiä.', names: [] },
    ];
    const r = roundResults(round('b', 8, { x: [0, 1, 2, 3, 2] }), ['x'], T, texts, 'sv');
    expect(r.statements![0]).toMatchObject({ n: 8, counts: [0, 1, 2, 3, 2] });
    expect(r.texts).toEqual(['[namn] auttoi.', 'Aamut ovat kiireisiä.'].sort((a, b) => a.localeCompare(b, 'sv')));
  });

  // A change against a hidden round would leak that round's mean.
  it('measures the change from the previous round only where both are shown', () => {
    const before = round('p', 5, { x: [0, 0, 5, 0, 0], y: [0, 0, 4, 0, 0] });
    const now = round('n', 6, { x: [0, 0, 0, 6, 0], y: [0, 0, 0, 6, 0] });
    const r = roundResults(now, ['x', 'y'], T, [], 'fi', before);
    expect(r.statements).toEqual([
      { id: 'x', n: 6, mean: 4, shareAgree: 1, change: 1 },
      { id: 'y', n: 6, mean: 4, shareAgree: 1 },
    ]);
    expect(r.previousId).toBe('p');
    expect(roundResults(now, ['x'], T, [], 'fi', round('h', 4, { x: [0, 0, 4, 0, 0] })).statements![0]).not.toHaveProperty('change');
  });
});

describe('combineRounds', () => {
  // The roll-up must never contain what no single round shows.
  it('adds up shown cells only', () => {
    const c = combineRounds(
      'tyoyhteiso-pulssi',
      [round('a', 6, { x: [0, 0, 0, 6, 0] }), round('b', 4, { x: [4, 0, 0, 0, 0] }), round('c', 5, { x: [0, 0, 0, 0, 5] })],
      ['x'],
      T,
    );
    expect(c).toEqual({
      surveyId: 'tyoyhteiso-pulssi',
      rounds: 3,
      roundsShown: 2,
      answers: 11,
      statements: [{ id: 'x', n: 11, mean: 4.45, shareAgree: 1 }],
      index: 86,
    });
  });
});
