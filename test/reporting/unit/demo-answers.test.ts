/**
 * The local stack's demo answers (local/demo-answers.ts) look like a county's: every scale value in
 * plausible shares, only channels that exist (SMS included, no kiosk), a weekday rhythm, and a few
 * units small enough that their months are hidden.
 */
import { describe, expect, it } from 'vitest';
import { demoAnswers } from '#local/demo-answers.ts';
import { loadConfig } from '#shared/config.ts';
import { STAFF_CHANNELS, PUBLIC_CHANNELS } from '#shared/feedback/answer.ts';
import { checkAgainstSurvey, parseFeedbackInput } from '#shared/feedback/validate-feedback.ts';

const config = loadConfig();
const NOW = new Date('2026-11-30T12:00:00+02:00');
const answers = demoAnswers(config, NOW, 1800, 180);
const share = (pred: (a: (typeof answers)[number]) => boolean) => answers.filter(pred).length / answers.length;

describe('demo answers', () => {
  it('are as many as asked, within the days asked, and the same every time', () => {
    expect(answers).toHaveLength(1800);
    const from = NOW.getTime() - 180 * 86_400_000;
    expect(answers.every((a) => Date.parse(a.submittedAt) <= NOW.getTime() && Date.parse(a.submittedAt) >= from)).toBe(true);
    expect(demoAnswers(config, NOW, 1800, 180)).toEqual(answers);
  });

  it('use every NPS value 0–10 and every statement value 1–5, mostly high, never mostly low', () => {
    const nps = answers.map((a) => a.answers.nps).filter((v) => v !== undefined);
    for (let v = 0; v <= 10; v++) expect(nps.filter((x) => x === v).length, `NPS ${v}`).toBeGreaterThanOrEqual(5);
    expect(nps.filter((v) => (v as number) >= 9).length / nps.length).toBeGreaterThan(0.45);
    expect(nps.filter((v) => (v as number) <= 6).length / nps.length).toBeLessThan(0.3);
    const statements = answers.flatMap((a) =>
      Object.entries(a.answers)
        .filter(([k]) => k !== 'nps')
        .map(([, v]) => v),
    );
    for (const v of [1, 2, 3, 4, 5, 'cant_say'])
      expect(statements.filter((x) => x === v).length, `statement ${v}`).toBeGreaterThanOrEqual(20);
  });

  it('come only through channels that exist, SMS included, with roles as each channel allows', () => {
    const existing = new Set<string>([...PUBLIC_CHANNELS, ...STAFF_CHANNELS, 'sms']);
    expect(answers.every((a) => existing.has(a.channel))).toBe(true);
    for (const c of existing)
      expect(
        share((a) => a.channel === c),
        c,
      ).toBeGreaterThan(0.05);
    expect(answers.every((a) => !a.assisted || a.channel === 'paper' || a.channel === 'oral')).toBe(true);
    expect(answers.filter((a) => a.channel === 'sms').every((a) => a.role === 'client' && a.ageGroup)).toBe(true);
    expect(share((a) => a.role === 'relative')).toBeGreaterThan(0.1);
  });

  it('would pass validation at their entry point (the answers, not who may claim them)', () => {
    for (const a of answers.slice(0, 200)) {
      const entry = a.channel === 'sms' ? 'sms' : a.channel === 'paper' || a.channel === 'oral' ? 'staff' : 'public';
      const input = {
        unitId: a.unitId,
        channel: a.channel,
        lang: a.lang,
        answers: a.answers,
        ...(a.text ? { text: a.text } : {}),
        ...(a.role ? { role: a.role } : {}),
        ...(entry === 'staff' ? { assisted: a.assisted } : {}),
      };
      const version = config.surveys.survey(a.surveyId)!.versions.find((v) => v.version === a.surveyVersion)!;
      expect(() => checkAgainstSurvey(parseFeedbackInput(input, entry), a.surveyId, version)).not.toThrow();
    }
  });

  it('follow a weekday rhythm', () => {
    const weekday = (a: (typeof answers)[number]) => new Date(`${a.date}T12:00:00Z`).getUTCDay();
    const perWeekday = share((a) => weekday(a) >= 1 && weekday(a) <= 5) / 5;
    const perWeekendDay = share((a) => weekday(a) === 0 || weekday(a) === 6) / 2;
    expect(perWeekday).toBeGreaterThan(2.5 * perWeekendDay);
    expect(perWeekendDay).toBeGreaterThan(0);
  });

  it('leave a few units small enough to be hidden in most months', () => {
    const perUnitMonth = new Map<string, number>();
    for (const a of answers)
      perUnitMonth.set(`${a.unitId} ${a.date.slice(0, 7)}`, (perUnitMonth.get(`${a.unitId} ${a.date.slice(0, 7)}`) ?? 0) + 1);
    const months = ['2026-07', '2026-08', '2026-09', '2026-10'];
    const small = config.org.units().filter((u) => months.filter((m) => (perUnitMonth.get(`${u.id} ${m}`) ?? 0) < 5).length >= 3);
    expect(small.length).toBeGreaterThanOrEqual(2);
    expect(small.length).toBeLessThanOrEqual(4);
  });
});
