/**
 * Demo cases for `npm start`: a handful of answers in two units of one service (Keskustan and
 * Rantalan terveysasema, under Terveysasemat) whose cases stand at every point of the handling — new,
 * in progress, contacted, closed, a contact request overdue, one escalated, one due within the
 * reminder window, one whose contact was erased after retention — so the workbench and the jobs have
 * something to show. Days are counted back from `now`; ids are fixed, so seeding twice writes the same.
 */
import type { AppConfig } from '#shared/config.ts';
import { applyPatch, type Case, type CasePatch, openCase, withHistory } from '#shared/cases/case.ts';
import type { Contact } from '#shared/cases/contact-vault.ts';
import { SYSTEM_ACTOR } from '#shared/cases/model.ts';
import type { StoredAnswer } from '#shared/feedback/answer.ts';
import { handlingOf } from '#shared/platform/handling-settings.ts';
import { addDays, helsinkiDate, helsinkiInstant } from '#shared/platform/time.ts';
import { type NameSpan, type Sentiment, type ThemeId, taxonomyOf } from '#shared/text/index.ts';

/** One demo case: its answer, its state and, for a contact request, the contact details. */
export interface DemoCase {
  answer: StoredAnswer & { contactRequested?: boolean };
  case: Case;
  contact?: Contact;
}

interface Scenario {
  unit: 'keskusta-ta' | 'rantala-ta';
  daysAgo: number;
  text?: string;
  /** The comment's labels as intake would store them (hand-written: the classifier's output changes as it improves). */
  labels?: { themes: ThemeId[]; sentiment: Sentiment };
  /** A person name in the comment, marked as redaction marks it. */
  name?: string;
  nps: number;
  contact?: Contact;
  /** Handler changes, each a day after the previous. */
  steps?: CasePatch[];
  escalated?: boolean;
  contactDeleted?: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  {
    unit: 'keskusta-ta',
    daysAgo: 1,
    nps: 3,
    text: 'Jonotin pitkään, ajanvaraus oli vaikeaa.',
    labels: { themes: ['booking', 'waiting'], sentiment: 'negative' },
  },
  {
    unit: 'keskusta-ta',
    daysAgo: 2,
    nps: 1,
    text: 'Haluaisin keskustella hoidostani.',
    labels: { themes: ['care_quality'], sentiment: 'neutral' },
    contact: { name: 'Maija Meikäläinen', phone: '+358401234567' },
  },
  {
    unit: 'keskusta-ta',
    daysAgo: 5,
    nps: 6,
    text: 'Odotustila oli ahdas ja meluisa.',
    labels: { themes: ['premises'], sentiment: 'neutral' },
    // The handler corrected the classifier: the waiting room is about waiting too, and the tone is negative.
    steps: [
      { status: 'in_progress', assignee: 'Osastonhoitaja' },
      { themes: ['waiting', 'premises'], sentiment: 'negative' },
    ],
  },
  {
    unit: 'rantala-ta',
    daysAgo: 6,
    nps: 2,
    text: 'Toivon yhteydenottoa laskusta.',
    labels: { themes: ['costs'], sentiment: 'neutral' },
    contact: { name: 'Matti Virtanen', email: 'matti.virtanen@example.invalid' },
    steps: [{ status: 'in_progress' }, { status: 'contacted', note: 'Soitettu, asia selvitetty.' }],
  },
  {
    unit: 'keskusta-ta',
    daysAgo: 10,
    nps: 4,
    contact: { phone: '+358501112223' },
    steps: [{ status: 'contacted' }, { status: 'closed', note: 'Uusi aika varattu.' }],
  },
  {
    unit: 'rantala-ta',
    daysAgo: 20,
    nps: 9,
    text: 'Bra bemötande, tack!',
    labels: { themes: ['encounter'], sentiment: 'positive' },
    steps: [{ status: 'closed' }],
  },
  {
    unit: 'keskusta-ta',
    daysAgo: 16,
    nps: 0,
    text: 'Kukaan ei vastannut puhelimeen.',
    labels: { themes: ['phone_service'], sentiment: 'negative' },
    contact: { name: 'Liisa Lahtinen', phone: '+358407654321' },
  },
  {
    unit: 'rantala-ta',
    daysAgo: 20,
    nps: 1,
    text: 'Lääkitykseni jäi epäselväksi.',
    labels: { themes: ['information', 'care_quality'], sentiment: 'negative' },
    contact: { name: 'Pekka Korhonen', phone: '+358449876543', email: 'pekka.korhonen@example.invalid' },
    escalated: true,
  },
  { unit: 'keskusta-ta', daysAgo: 12, nps: 5, contact: { email: 'anna.niemi@example.invalid' } },
  {
    unit: 'rantala-ta',
    daysAgo: 50,
    nps: 3,
    text: 'Clear instructions and a friendly nurse, Anna Berg.',
    name: 'Anna Berg',
    labels: { themes: ['encounter', 'information'], sentiment: 'positive' },
    contact: { phone: '+358409998887' },
    steps: [{ status: 'contacted' }, { status: 'closed' }],
    contactDeleted: true,
  },
];

/** Where `name` stands in `text`. */
function nameSpan(text: string, name: string): NameSpan {
  const start = text.indexOf(name);
  return { start, end: start + name.length };
}

/** The demo cases as of `now`. */
export function demoCases(config: AppConfig, now: Date): DemoCase[] {
  const handling = handlingOf(config.org);
  const taxonomyVersion = taxonomyOf(config.org).version;
  const today = helsinkiDate(now);
  return SCENARIOS.map((s, i) => {
    const date = addDays(today, -s.daysAgo);
    const at = helsinkiInstant(date, '10:15');
    const id = `00000000-0000-4000-8de0-${String(i + 1).padStart(12, '0')}`;
    const answer: StoredAnswer & { contactRequested?: boolean } = {
      id,
      unitId: s.unit,
      serviceId: config.org.ancestorOfKind(s.unit, 'service')!.id,
      serviceAreaId: config.org.ancestorOfKind(s.unit, 'serviceArea')!.id,
      regionId: config.org.regionId,
      surveyId: 'thl-aikuiset',
      surveyVersion: config.surveys.current('thl-aikuiset', date)?.version ?? 1,
      channel: 'web',
      assisted: false,
      lang: 'fi',
      answers: { nps: s.nps },
      ...(s.text ? { text: s.text } : {}),
      ...(s.text && s.name ? { textNames: [nameSpan(s.text, s.name)] } : {}),
      ...(s.labels ?? {}),
      ...(s.contact ? { contactRequested: true } : {}),
      submittedAt: at.toISOString(),
      receivedAt: at.toISOString(),
      date,
    };
    let c = openCase(answer, handling, { taxonomyVersion });
    (s.steps ?? []).forEach((step, n) => {
      c = applyPatch(c, step, 'demo-handler', new Date(at.getTime() + (n + 1) * 86_400_000), handling).next;
    });
    if (s.escalated) {
      const escAt = helsinkiInstant(addDays(helsinkiDate(new Date(c.dueAt)), 1), '07:00').toISOString();
      c = {
        ...c,
        escalated: true,
        version: c.version + 1,
        history: withHistory(c.history, { at: escAt, actor: SYSTEM_ACTOR, action: 'escalated' }),
      };
    }
    if (s.contactDeleted && c.purgeOn) {
      const delAt = helsinkiInstant(c.purgeOn, '04:15').toISOString();
      const { purgeOn: _erased, ...rest } = c;
      c = {
        ...rest,
        contactDeletedAt: delAt,
        version: c.version + 1,
        history: withHistory(c.history, { at: delAt, actor: SYSTEM_ACTOR, action: 'contact_deleted' }),
      };
    }
    return { answer, case: c, ...(s.contact && !s.contactDeleted ? { contact: s.contact } : {}) };
  });
}
