import { createHash } from 'node:crypto';
import type { AppConfig } from '#shared/config.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { helsinkiDate } from '#shared/platform/time.ts';
import type { StatementAnswer } from '#shared/platform/surveys.ts';
import { seededRandom } from './seeded-random.ts';

const TEXTS = [
  'Ystävällinen ja ammattitaitoinen henkilökunta.',
  'Jonotin pitkään, ajanvaraus oli vaikeaa.',
  'Bra bemötande, tack!',
  'Clear instructions and a friendly nurse.',
  'Odotustila oli ahdas ja meluisa.',
];

/**
 * Demo answers for the local stack: `count` answers over the `days` days before `now`, spread over
 * every unit, with a unit-specific mood so reports have something to show. Ids are derived from the
 * index, so seeding twice writes the same items.
 */
export function demoAnswers(config: AppConfig, now: Date, count = 600, days = 60): StoredAnswer[] {
  const random = seededRandom(20251);
  const units = config.org.units();
  const out: StoredAnswer[] = [];
  for (let i = 0; i < count; i++) {
    const unit = units[i % units.length]!;
    const mood = (units.indexOf(unit) % 4) / 10;
    const at = new Date(now.getTime() - Math.floor(random() * days * 86400_000));
    const surveyVersion = config.surveys.current(unit.surveyId, helsinkiDate(at)) ?? config.surveys.survey(unit.surveyId)!.versions[0]!;
    const answers: Record<string, number | StatementAnswer> = {};
    for (const q of surveyVersion.questions) {
      if (q.type === 'nps') answers.nps = Math.min(10, Math.floor((random() + mood) * 6) + 5);
      if (q.type === 'statement' && random() > 0.1)
        answers[q.id] = random() < 0.05 ? 'cant_say' : Math.min(5, Math.floor((random() + mood) * 3) + 3);
    }
    const withText = random() < 0.7;
    // Channels that exist: the public web form and QR codes, and staff entering paper and oral feedback.
    const channel = (['web', 'web', 'qr', 'paper', 'oral'] as const)[Math.floor(random() * 5)]!;
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
      assisted: (channel === 'paper' || channel === 'oral') && random() < 0.3,
      lang: random() < 0.8 ? 'fi' : random() < 0.5 ? 'sv' : 'en',
      answers,
      ...(withText ? { text: TEXTS[Math.floor(random() * TEXTS.length)]! } : {}),
      role: random() < 0.85 ? 'client' : 'relative',
      submittedAt: at.toISOString(),
      receivedAt: at.toISOString(),
      date: helsinkiDate(at),
    });
  }
  return out;
}
