/**
 * A subtracting reader learns nothing below the threshold (issue 13), as a fast-check property over
 * random small worlds of pulse rounds in the real org tree (three sibling units of one service, a unit
 * of another service, two service areas). The reader holds the region and asks everything the API
 * offers: every round's results, and every node's rounds with their roll-up over every range of
 * closing days (so sibling units against their parent, a service against its area, one period against
 * a longer one).
 *
 * Non-interference: two worlds that differ only in what must stay hidden — every answer of a round
 * below `minAnswers`, a statement answered fewer than `minAnswers` times in a shown round, the open
 * texts of a round below `minAnswersForText` — give the reader byte-for-byte the same answers. Then no
 * subtraction, of siblings from a parent or of periods, can tell them apart. Also, directly: every
 * figure shown is made of at least `minAnswers` answers, and a parent's figure minus its children's
 * is 0 or at least `minAnswers`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadConfig } from '#shared/config.ts';
import { addDays } from '#shared/platform/time.ts';
import { loadPulseSurveys } from '#shared/pulse-config.ts';
import { getResults, listRounds, type PulseAnswer, pulseThresholds, type Round, type ScaleValue } from '#shared/pulse/index.ts';
import { seededRandom } from '#local/seeded-random.ts';
import { MemoryPulseStore } from '../support/memory-pulse-store.ts';

const config = loadConfig();
const surveys = loadPulseSurveys();
const SURVEY = 'tyoyhteiso-pulssi';
const version = surveys.current(SURVEY, '2026-01-01')!;
const STATEMENTS = version.statements.map((s) => s.id);
const T = pulseThresholds(config.org);
const UNITS = ['keskusta-ta', 'rantala-ta', 'metsakyla-ta', 'keskusta-hammas', 'fysioterapia'];
const NODES = ['esimerkki', 'terveys', 'kuntoutus', 'terveysasemat', 'suun-terveys', 'avokuntoutus', ...UNITS];
const CLOSES = ['2026-02-10', '2026-04-10', '2026-06-10', '2026-08-10'];
const RANGES: { from?: string; to?: string }[] = [{}, ...CLOSES.flatMap((from, i) => CLOSES.slice(i).map((to) => ({ from, to })))];
const clock = { now: () => new Date('2026-09-01T09:00:00Z') };
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** One answer: each statement 1–5 or skipped, maybe a text. */
const answerArb = fc.record({
  values: fc.tuple(...STATEMENTS.map(() => fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 4 }))),
  text: fc.option(fc.constantFrom('kiire', 'hyvä tiimi', 'lisää taukoja'), { nil: undefined }),
});
const roundArb = fc.record({
  unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
  close: fc.integer({ min: 0, max: CLOSES.length - 1 }),
  answers: fc.array(answerArb, { maxLength: 12 }),
});
const worldArb = fc.record({ rounds: fc.array(roundArb, { minLength: 1, maxLength: 7 }), noise: fc.integer() });

/** A round of a world: its unit, its closing day and its answers. */
interface RoundSpec {
  unit: number;
  close: number;
  answers: { values: (number | undefined)[]; text: string | undefined }[];
}

/**
 * The answers of a round with everything that must stay hidden replaced from `rand`: a hidden round's
 * values and texts, a small statement cell's values (its skipped answers kept, so its count stays
 * small), the texts of a round below the text threshold.
 */
function perturb(r: RoundSpec, rand: () => number): RoundSpec {
  const pick = () => (1 + Math.floor(rand() * 5)) as ScaleValue;
  const n = r.answers.length;
  if (n < T.minAnswers)
    return {
      ...r,
      answers: r.answers.map((a) => ({
        values: a.values.map(() => (rand() < 0.2 ? undefined : pick())),
        text: rand() < 0.5 ? 'muu' : undefined,
      })),
    };
  const answers = r.answers.map((a) => ({ ...a, values: [...a.values] }));
  STATEMENTS.forEach((_, s) => {
    const answered = answers.filter((a) => a.values[s] !== undefined).length;
    if (answered > 0 && answered < T.minAnswers) for (const a of answers) if (a.values[s] !== undefined) a.values[s] = pick();
  });
  if (n < T.minAnswersForText) for (const a of answers) a.text = rand() < 0.5 ? 'toinen teksti' : undefined;
  return { ...r, answers };
}

/** A store holding the world's rounds and answers. */
function build(rounds: readonly RoundSpec[]): MemoryPulseStore {
  const store = new MemoryPulseStore();
  rounds.forEach((r, i) => {
    const closesOn = CLOSES[r.close]!;
    const round: Round = {
      id: `r${i}`,
      nodeId: UNITS[r.unit]!,
      surveyId: SURVEY,
      version: version.version,
      opensOn: addDays(closesOn, -14),
      closesOn,
      codes: 12,
      answers: 0,
      counts: Object.fromEntries(STATEMENTS.map((s) => [s, [0, 0, 0, 0, 0]])),
    };
    void store.createRound(round, [], { hash: `s${i}`, sealed: { iv: '', tag: '', ciphertext: '' }, expiresAt: 0 });
    r.answers.forEach((a, j) => {
      const values: Record<string, ScaleValue> = {};
      a.values.forEach((v, s) => {
        if (v !== undefined) values[STATEMENTS[s]!] = v as ScaleValue;
      });
      const answer: PulseAnswer = {
        id: `a${i}-${j}`,
        roundId: round.id,
        surveyId: SURVEY,
        version: round.version,
        date: round.opensOn,
        values,
      };
      store.put(a.text ? { ...answer, text: { text: a.text, names: [] } } : answer);
    });
  });
  return store;
}

/** Everything a region-level reader can ask, answered in order. */
async function publications(store: MemoryPulseStore, roundCount: number) {
  const deps = { config, surveys, store, clock };
  const out: unknown[] = [];
  for (let i = 0; i < roundCount; i++) out.push(await getResults(deps, `r${i}`, 'fi', ['esimerkki']));
  for (const node of NODES) for (const range of RANGES) out.push({ range, ...(await listRounds(deps, { node, ...range }, ['esimerkki'])) });
  return out;
}

describe('a subtracting reader learns nothing below the threshold', () => {
  // The property of the issue: whatever the reader adds or subtracts, the hidden answers cannot matter.
  it('gives the same answers to every request whatever the hidden answers were', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async ({ rounds, noise }) => {
        const rand = seededRandom(noise);
        const seen = JSON.stringify(await publications(build(rounds), rounds.length));
        const other = JSON.stringify(await publications(build(rounds.map((r) => perturb(r, rand))), rounds.length));
        expect(other).toBe(seen);
      }),
      { numRuns: 150 },
    );
  });

  // The same from the reader's side: each figure shown and each parent-minus-children difference is
  // zero or a group of at least minAnswers.
  it('shows only figures of at least minAnswers answers, and parents minus children are 0 or at least that', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async ({ rounds }) => {
        const store = build(rounds);
        const deps = { config, surveys, store, clock };
        for (let i = 0; i < rounds.length; i++) {
          const r = await getResults(deps, `r${i}`, 'fi', ['esimerkki']);
          for (const s of r.statements ?? []) if (!('suppressed' in s)) expect(s.n).toBeGreaterThanOrEqual(T.minAnswers);
          if (r.texts) expect(r.answers).toBeGreaterThanOrEqual(T.minAnswersForText);
        }
        for (const range of RANGES) {
          const nOf = async (node: string) => {
            const c = (await listRounds(deps, { node, ...range }, ['esimerkki'])).combined.find((x) => x.surveyId === SURVEY);
            return Object.fromEntries(STATEMENTS.map((s) => [s, c?.statements.find((x) => x.id === s)?.n ?? 0]));
          };
          for (const node of NODES) {
            const own = await nOf(node);
            const kids = config.org.children(node).map((k) => k.id);
            const parts = await Promise.all(kids.map(nOf));
            for (const s of STATEMENTS) {
              expect(own[s] === 0 || own[s]! >= T.minAnswers).toBe(true);
              const rest = own[s]! - sum(parts.map((p) => p[s]!));
              if (kids.length) expect(rest === 0 || rest >= T.minAnswers).toBe(true);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
