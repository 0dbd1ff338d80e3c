import { createHash } from 'node:crypto';
import type { AppConfig } from '#shared/config.ts';
import { type Channel, type StoredAnswer, VISIT_MODES, type VisitMode } from '#shared/feedback/answer.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import type { StatementAnswer } from '#shared/platform/surveys.ts';
import type { Sentiment, ThemeId } from '#shared/text/taxonomy.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * Demo comments with their themes and sentiment labelled by hand (not by the classifier, whose
 * output changes as it improves): the themes panel and the digest show something at once.
 */
const TEXTS: readonly { text: string; themes: ThemeId[]; sentiment: Sentiment }[] = [
  { text: 'Ystävällinen ja ammattitaitoinen henkilökunta.', themes: ['encounter', 'professional_skill'], sentiment: 'positive' },
  { text: 'Jonotin pitkään, ajanvaraus oli vaikeaa.', themes: ['booking', 'waiting'], sentiment: 'negative' },
  { text: 'Bra bemötande, tack!', themes: ['encounter'], sentiment: 'positive' },
  { text: 'Clear instructions and a friendly nurse.', themes: ['encounter', 'information'], sentiment: 'positive' },
  { text: 'Odotustila oli ahdas ja meluisa.', themes: ['premises'], sentiment: 'negative' },
  { text: 'Sain ajan nopeasti ja asia hoitui kerralla.', themes: ['access', 'care_quality'], sentiment: 'positive' },
  { text: 'Lääkäri kuunteli, mutta jatkohoidosta jäi epäselvyyttä.', themes: ['encounter', 'information'], sentiment: 'mixed' },
];

/**
 * Shares of the NPS answers 0–10 in a typical Finnish health-care unit: most give 9 or 10, a long thin
 * tail reaches down to 0 (THL's national results have the same shape).
 */
const NPS_WEIGHTS = [2, 1, 1.2, 1.5, 1.8, 3.5, 4, 8, 15, 22, 40];
/** Shares of the statement answers 1–5: agreement is common, every value is used. */
const STATEMENT_WEIGHTS = [3, 5, 12, 33, 47];
/**
 * The channels that exist today (`CHANNELS` without `kiosk`, which needs enrolled devices that do not
 * exist yet) and their shares: the web form, unit QR codes, SMS links, and paper and oral feedback
 * typed in by staff.
 */
const CHANNEL_WEIGHTS: readonly [Exclude<Channel, 'kiosk'>, number][] = [
  ['web', 30],
  ['qr', 25],
  ['sms', 25],
  ['paper', 12],
  ['oral', 8],
];
/** Visits by Helsinki weekday, Monday first: units are open on weekdays, the emergency unit every day. */
const WEEKDAY_WEIGHTS = [1.2, 1.1, 1, 1, 0.9, 0.3, 0.2];
/** Answers by Helsinki hour: opening hours, then SMS and web answers in the evening, little at night. */
const HOUR_WEIGHTS = [0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.2, 0.6, 1, 1, 1, 0.9, 0.8, 1, 1, 0.9, 0.7, 0.5, 0.5, 0.55, 0.5, 0.35, 0.2, 0.1];
const AGE_GROUPS = ['18-29', '30-49', '50-64', '65-74', '75+'];

const helsinkiParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Helsinki',
  weekday: 'short',
  hour: 'numeric',
  hourCycle: 'h23',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A value drawn by weight; `tilt` > 0 moves weight towards the high end (a better-liked unit). */
function pick<T>(random: () => number, values: readonly T[], weights: readonly number[], tilt = 0): T {
  const w = weights.map((x, i) => x * Math.exp((tilt * (i - (weights.length - 1) / 2)) / weights.length));
  let r = random() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < w.length; i++) {
    r -= w[i]!;
    if (r < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

/**
 * How often each visit mode (individual, group, home, remote) is given at a unit, by its kind as the
 * demo region's ids say it: group rehabilitation mostly in groups, home care and home rehabilitation
 * at home, the rest mostly individual visits with some remote ones.
 */
function visitModeWeights(unitId: string): readonly number[] {
  if (unitId.includes('ryhma')) return [0.15, 0.8, 0, 0.05];
  if (unitId.includes('koti')) return [0.05, 0, 0.9, 0.05];
  return [0.8, 0.03, 0.02, 0.15];
}

/**
 * Demo answers for the local stack: `count` answers over the `days` days before `now`, shaped like a
 * county's. Units differ in size and mood, and every fifth unit is small enough that most of its months
 * are hidden by suppression; answers follow a weekday and opening-hours rhythm; every NPS and statement
 * value occurs in plausible shares; channels are those that exist, SMS included, with relatives
 * answering on all but SMS. Ids are derived from the index, so seeding twice writes the same items.
 */
export function demoAnswers(config: AppConfig, now: Date, count = 600, days = 60): StoredAnswer[] {
  const random = seededRandom(20251);
  // A stream of its own, so the visit modes leave every other demo figure as it was before they existed.
  const modeRandom = seededRandom(20252);
  const units = config.org.units();
  const unitWeights = units.map((_, i) => (i % 5 === 4 ? 0.12 : 1 + (i % 3) * 0.6));
  const out: StoredAnswer[] = [];
  for (let i = 0; i < count; i++) {
    const unit = pick(random, units, unitWeights);
    const ui = units.indexOf(unit);
    const tilt = ((ui * 7) % 5) - 2; // −2 … +2: some units are liked more than others
    // A moment in the period, kept with the chance its weekday and hour have of holding a visit.
    let at: Date;
    for (;;) {
      at = new Date(now.getTime() - Math.floor(random() * days * 86400_000));
      const parts = helsinkiParts.formatToParts(at);
      const day = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')!.value);
      const hour = Number(parts.find((p) => p.type === 'hour')!.value);
      if (random() < (WEEKDAY_WEIGHTS[day]! / 1.2) * HOUR_WEIGHTS[hour]!) break;
    }
    const surveyVersion = config.surveys.current(unit.surveyId, helsinkiDate(at)) ?? config.surveys.survey(unit.surveyId)!.versions[0]!;
    const answers: Record<string, number | StatementAnswer> = {};
    for (const q of surveyVersion.questions) {
      if (q.type === 'nps' && random() > 0.02) answers.nps = pick(random, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], NPS_WEIGHTS, tilt);
      if (q.type === 'statement' && random() > 0.08)
        answers[q.id] = random() < 0.05 ? 'cant_say' : pick(random, [1, 2, 3, 4, 5] as const, STATEMENT_WEIGHTS, tilt / 2);
    }
    if (answers.nps === undefined && Object.keys(answers).length === 0) answers.nps = 8;
    const channel = pick(
      random,
      CHANNEL_WEIGHTS.map(([c]) => c),
      CHANNEL_WEIGHTS.map(([, w]) => w),
    );
    const staff = channel === 'paper' || channel === 'oral';
    // An SMS goes to the patient; on the other channels about one in five answers for a relative.
    const role = channel === 'sms' || random() < 0.78 ? 'client' : 'relative';
    // About a third leave the visit mode out (an optional question, and most SMS visit records lack it).
    const visitMode: VisitMode | undefined = modeRandom() < 0.35 ? undefined : pick(modeRandom, VISIT_MODES, visitModeWeights(unit.id));
    const id = createHash('sha256')
      .update(`demo-${i}`)
      .digest('hex')
      .slice(0, 32)
      .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    out.push({
      id,
      unitId: unit.id,
      serviceId: config.org.ancestorOfKind(unit.id, 'service')!.id,
      serviceAreaId: config.org.ancestorOfKind(unit.id, 'serviceArea')!.id,
      regionId: config.org.regionId,
      surveyId: unit.surveyId,
      surveyVersion: surveyVersion.version,
      channel,
      // Only staff entry may mark an answer assisted (paper or oral typed in for someone).
      assisted: staff && random() < 0.3,
      lang: random() < 0.85 ? 'fi' : random() < 0.67 ? 'sv' : 'en',
      answers,
      ...(random() < 0.35 ? { ...TEXTS[Math.floor(random() * TEXTS.length)]! } : {}),
      role,
      ...(visitMode ? { visitMode } : {}),
      ...(channel === 'sms' ? { ageGroup: AGE_GROUPS[Math.floor(random() * AGE_GROUPS.length)]! } : {}),
      submittedAt: at.toISOString(),
      receivedAt: at.toISOString(),
      date: helsinkiDate(at),
    });
  }
  return out;
}
