/**
 * Demo pulse rounds for `npm start`: the units of Terveysasemat answer the work unit pulse every
 * two months — most rounds with enough answers to show figures (some also their open answers), one
 * with too few, which shows nothing — and Keskustan terveysasema has a round open today, so a
 * supervisor sees a trend, a hidden round and a round to hand out. Answers go through the real store
 * (codes marked used in the same transaction that stores each answer), values from a seeded PRNG.
 */
import type { AppConfig } from '#shared/config.ts';
import { addDays, helsinkiDate } from '#shared/platform/time.ts';
import { codeHash, type PulseStore, type ScaleValue, type StaffSurveyCatalog, storeNewRound } from '#shared/pulse/index.ts';
import { redactText } from '#shared/text/index.ts';
import { seededRandom } from './seeded-random.ts';

/** The demo survey: the work unit pulse. */
export const DEMO_PULSE_SURVEY = 'tyoyhteiso-pulssi';

const TEXTS = [
  'Kiireisinä päivinä tauoille ei jää aikaa.',
  'Hyvä porukka, autetaan toisiamme.',
  'Perehdytykseen toivoisin enemmän aikaa.',
  'Uusi ajanvarausjärjestelmä hidastaa työtä.',
  'Esihenkilö on tavoitettavissa ja kuuntelee.',
  'Sijaisia on liian vähän lomakaudella.',
  'Kiitos joustavuudesta vuorojen kanssa.',
  'Palavereja voisi olla vähemmän.',
  'Tilat ovat ahtaat ja meluisat.',
  'Työ tuntuu merkitykselliseltä.',
];

/** Rounds per unit: days back the round closed, codes, answers, mean level (1–5) of the answers. */
const PLAN: Record<string, { closedDaysAgo: number; codes: number; answers: number; level: number }[]> = {
  'keskusta-ta': [
    { closedDaysAgo: 300, codes: 14, answers: 9, level: 3.2 },
    { closedDaysAgo: 240, codes: 14, answers: 10, level: 3.4 },
    { closedDaysAgo: 180, codes: 14, answers: 4, level: 3.0 },
    { closedDaysAgo: 120, codes: 15, answers: 11, level: 3.7 },
    { closedDaysAgo: 60, codes: 15, answers: 6, level: 3.9 },
  ],
  'rantala-ta': [
    { closedDaysAgo: 200, codes: 12, answers: 8, level: 4.1 },
    { closedDaysAgo: 80, codes: 12, answers: 9, level: 4.2 },
  ],
  'metsakyla-ta': [
    { closedDaysAgo: 190, codes: 10, answers: 7, level: 2.8 },
    { closedDaysAgo: 70, codes: 10, answers: 6, level: 3.0 },
  ],
};

/** A value near `level`. */
const value = (rand: () => number, level: number): ScaleValue =>
  Math.min(5, Math.max(1, Math.round(level + (rand() - 0.5) * 2.4))) as ScaleValue;

/** Seeds the demo rounds and answers (call only on an empty pulse table; ids are random). */
export async function seedDemoPulse(config: AppConfig, surveys: StaffSurveyCatalog, store: PulseStore, now: Date): Promise<void> {
  const today = helsinkiDate(now);
  const version = surveys.current(DEMO_PULSE_SURVEY, today);
  if (!version) return;
  const rand = seededRandom(13);
  const plan = Object.entries(PLAN).filter(([unit]) => config.org.unit(unit));
  const open = config.org.unit('keskusta-ta')
    ? [{ unit: 'keskusta-ta', closesOn: addDays(today, 13), opensOn: addDays(today, -1), codes: 15, answers: 3, level: 4 }]
    : [];
  const rounds = [
    ...plan.flatMap(([unit, rs]) =>
      rs.map((r) => ({
        unit,
        opensOn: addDays(today, -r.closedDaysAgo - 14),
        closesOn: addDays(today, -r.closedDaysAgo),
        codes: r.codes,
        answers: r.answers,
        level: r.level,
      })),
    ),
    ...open,
  ];
  for (const [i, r] of rounds.entries()) {
    const { id, codes } = await storeNewRound(
      store,
      { id: `demo-${r.unit}-${r.closesOn}`, nodeId: r.unit, surveyId: DEMO_PULSE_SURVEY, opensOn: r.opensOn, closesOn: r.closesOn },
      version,
      r.codes,
    );
    for (let a = 0; a < r.answers; a++) {
      const values: Record<string, ScaleValue> = {};
      for (const s of version.statements) if (rand() > 0.05) values[s.id] = value(rand, r.level);
      const text = rand() < 0.5 ? TEXTS[(i * 7 + a) % TEXTS.length] : undefined;
      await store.answer(codeHash(codes[a]!), {
        id: crypto.randomUUID(),
        roundId: id,
        surveyId: DEMO_PULSE_SURVEY,
        version: version.version,
        // A day within the round, never after today (the open round started yesterday).
        date: [addDays(r.opensOn, Math.floor(rand() * 10)), today].sort()[0]!,
        values,
        ...(text ? { text: redactText(text, { lang: 'fi' }) } : {}),
      });
    }
  }
}
