/**
 * The daily case jobs on the local stack, run as their schedules run them on the local clock and under
 * their own grants. A comment posted over HTTP becomes a case; three days before its due day the
 * morning run mails the unit's mailbox a reminder, once; the morning after the due day it is
 * escalated — in the service's queue under `escalated=true`, its mailbox told, `CaseOverdue` and
 * `CaseEscalated` published — once. A contact request closed 30 days ago loses its contact at the
 * night's purge, and the contact route answers 410. The night the answers of a day pass
 * `region.retention.answerYears`, their cases go too (a contact request's contact with it), not a day
 * earlier, and the answers' purge and the cases' agree on the day. No mail or event carries the comment or a contact.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { applyPatch } from '#shared/cases/case.ts';
import { DynamoCaseStore } from '#shared/cases/dynamo-case-store.ts';
import { loadConfig } from '#shared/config.ts';
import { answerRetentionYears } from '#shared/feedback/index.ts';
import { postJson, scanAll, startTestStack } from '../../support/local-stack.ts';
import { caseOf, HANDLING } from '../support/fixtures.ts';

let stack: LocalStack;
let service: string;
beforeAll(async () => {
  stack = await startTestStack();
  service = await stack.auth.issue(['cases:read', 'cases:write', 'contacts:read'], ['terveysasemat'], 'service-handler');
});
afterAll(() => stack?.close());

const COMMENT = 'Hoitaja oli tyly ja odotin kaksi tuntia.';
const api = async (path: string) => {
  const r = await fetch(stack.url + path, { headers: { authorization: `Bearer ${service}` } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

/** A web answer of keskusta-ta with the comment `text` posted as of the stack's clock; `over` changes or adds fields. */
const answerWith = (text: string, over: Record<string, unknown> = {}) =>
  postJson(stack, '/api/feedback', { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 2 }, text, ...over });

describe('remindCases and purgeContacts on the local clock', () => {
  it('reminds before the due day and escalates after it, each once, with nothing personal', async () => {
    // Answered on 2 March (Helsinki): due at the end of 1 April.
    stack.clock.set('2026-03-02T10:00:00+02:00');
    const res = await answerWith(COMMENT);
    const id = ((await res.json()) as { id: string }).id;
    await stack.scheduler.run('openCases');

    stack.clock.set('2026-03-28T07:00:00+02:00');
    expect(await stack.scheduler.run('remindCases')).toMatchObject({ reminded: 0, escalated: 0 });
    stack.clock.set('2026-03-29T07:00:00+03:00'); // the spring change: due within three days from today
    expect(await stack.scheduler.run('remindCases')).toMatchObject({ reminded: 1, escalated: 0, mails: 1 });
    expect(stack.mail.list().at(-1)).toMatchObject({ to: ['keskusta-ta.palaute@esimerkki.example'] });
    expect(stack.mail.list().at(-1)!.text).toContain(`${stack.url}/admin/cases?node=keskusta-ta`);
    stack.clock.set('2026-03-30T07:00:00+03:00');
    expect(await stack.scheduler.run('remindCases')).toMatchObject({ reminded: 0, mails: 0 });

    stack.clock.set('2026-04-01T23:30:00+03:00');
    expect((await api(`/api/cases/${id}`)).body).toMatchObject({ overdue: false });
    stack.clock.set('2026-04-02T07:00:00+03:00');
    expect((await api(`/api/cases/${id}`)).body).toMatchObject({ overdue: true, escalated: false });
    expect(await stack.scheduler.run('remindCases')).toMatchObject({ escalated: 1, mails: 1 });
    expect(stack.mail.list().at(-1)).toMatchObject({ to: ['terveysasemat.palaute@esimerkki.example'] });
    const queue = await api('/api/cases?node=terveysasemat&escalated=true');
    expect((queue.body.cases as { id: string }[]).map((c) => c.id)).toEqual([id]);
    stack.clock.set('2026-04-03T07:00:00+03:00');
    expect(await stack.scheduler.run('remindCases')).toMatchObject({ escalated: 0, mails: 0 });

    const types = stack.events
      .list()
      .filter((e) => e.detail.caseId === id || e.detail.feedbackId === id)
      .map((e) => e.type);
    expect(types).toEqual(['FeedbackReceived', 'CaseCreated', 'CaseOverdue', 'CaseEscalated']);
    const history = ((await api(`/api/cases/${id}`)).body.history as { action: string }[]).map((h) => h.action);
    expect(history).toEqual(['created', 'reminder_sent', 'escalated']);
    expect(JSON.stringify([stack.mail.list(), stack.events.list()])).not.toContain('tyly');
    // What a developer sees in /dev/mail: the reminder to the unit, then the escalation to its parent.
    const outbox = (await (await fetch(`${stack.url}/dev/mail`, { headers: { accept: 'application/json' } })).json()) as { to: string[] }[];
    expect(outbox.slice(-2).map((m) => m.to)).toEqual([
      ['keskusta-ta.palaute@esimerkki.example'],
      ['terveysasemat.palaute@esimerkki.example'],
    ]);
  });

  it('erases a closed contact request 30 days after closing; the contact route then answers 410', async () => {
    const store = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
    const handling = HANDLING;
    const opened = caseOf('rantala-ta', '2026-05-01T09:00:00.000Z', { text: undefined, answers: { nps: 4 }, contactRequested: true });
    await store.create(opened);
    await stack.contacts.put(opened.feedbackId, { phone: '+358401112233', email: 'testi@example.invalid' });
    const contacted = applyPatch(opened, { status: 'contacted' }, 'h1', new Date('2026-05-03T09:00:00Z'), handling).next;
    await store.save(contacted, 1);
    await store.save(applyPatch(contacted, { status: 'closed' }, 'h1', new Date('2026-05-04T09:00:00Z'), handling).next, 2);

    stack.clock.set('2026-06-02T04:15:00+03:00');
    expect(await stack.scheduler.run('purgeContacts')).toMatchObject({ due: 0 });
    expect((await api(`/api/cases/${opened.id}/contact`)).status).toBe(200);
    stack.clock.set('2026-06-03T04:15:00+03:00');
    expect(await stack.scheduler.run('purgeContacts')).toMatchObject({ due: 1, erased: 1 });
    const gone = await api(`/api/cases/${opened.id}/contact`);
    expect(gone).toMatchObject({ status: 410, body: { error: { code: 'contact_deleted' } } });
    expect(await stack.contacts.ids()).not.toContain(opened.feedbackId);
    const history = ((await api(`/api/cases/${opened.id}`)).body.history as { action: string; actor: string }[]).map((h) => h.action);
    expect(history).toEqual(['created', 'status_changed', 'status_changed', 'contact_viewed', 'contact_deleted']);
  });

  it("deletes the cases whose answer is past the answers' retention, their contacts too, on the answers' day", async () => {
    const store = new DynamoCaseStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.cases);
    stack.clock.set('2026-03-10T12:00:00+02:00');
    const text = 'Vanha kommentti, joka ei saa jäädä talteen.';
    const posted = await answerWith(text, { contact: { phone: '+358401234999', consent: true } });
    expect(posted.status).toBe(201);
    const id = ((await posted.json()) as { id: string }).id;
    await stack.scheduler.run('openCases');
    // A case of the next day, which must stay.
    stack.clock.set('2026-03-11T12:00:00+02:00');
    const later = await answerWith('Seuraavan päivän kommentti.', { answers: { nps: 8 } });
    const laterId = ((await later.json()) as { id: string }).id;
    await stack.scheduler.run('openCases');
    expect((await store.get(id))?.answerDate).toBe('2026-03-10');
    expect(await stack.contacts.ids()).toContain(id);

    const years = answerRetentionYears(loadConfig().org);
    const night = (date: string) => `${date}T04:15:00+02:00`;
    stack.clock.set(night(`${2026 + years}-03-09`));
    await stack.scheduler.run('purgeExpired');
    // The night before, only the first test's comment (given 2026-03-02) goes.
    expect(await stack.scheduler.run('purgeContacts')).toMatchObject({
      casesDeletedThrough: '2026-03-09',
      casesDeleted: 1,
      expiredContactsErased: 0,
    });
    expect(await store.get(id)).not.toBeNull();

    stack.clock.set(night(`${2026 + years}-03-10`));
    expect(await stack.scheduler.run('purgeExpired')).toMatchObject({ deletedThrough: '2026-03-10', answersDeleted: 1 });
    expect(await stack.scheduler.run('purgeContacts')).toMatchObject({
      answerYears: years,
      casesDeletedThrough: '2026-03-10',
      casesDeleted: 1,
      expiredContactsErased: 1,
    });
    expect(await store.get(id)).toBeNull();
    expect(await store.get(laterId)).not.toBeNull();
    expect(await stack.contacts.ids()).not.toContain(id);
    // The answer and its case went the same night: neither the comment nor the case is anywhere.
    for (const table of ['feedback', 'cases'] as const) expect(JSON.stringify(await scanAll(stack, table))).not.toContain(text);
    const gone = await api(`/api/cases/${id}`);
    expect(gone.status).toBe(404);
    // A second run the same night finds nothing left.
    expect(await stack.scheduler.run('purgeContacts')).toMatchObject({ casesDeleted: 0, expiredContactsErased: 0 });
  });
});
