/**
 * The SES and EventBridge stand-ins of the local stack, through the getters the handlers use
 * (`mailerFromEnv`, `eventPublisherFromEnv`): what was sent is listed at `/dev/mail` and `/dev/events`,
 * as JSON with `Accept: application/json` (`[{ to, subject, text, sentAt }]`, `[{ type, at, detail }]`,
 * the mail stamped with the local clock) and as pages that link the other dev listings. Inside an
 * invocation of a function without `sendsMail` / `publishesEvents` the stand-ins refuse as IAM would,
 * and nothing is listed; `stack.faults.mail` / `.events` make the next sends fail as the adapters do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { domainEvent, eventPublisherFromEnv, mailerFromEnv, type Mail } from '#shared/platform/index.ts';
import { postJson, startTestStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ expectDenials: true });
});
afterAll(() => stack?.close());

const MAIL: Mail = {
  to: ['palaute.perhe@hyvaks.example.fi'],
  subject: 'Palaute: 1 tapaus on myöhässä',
  text: 'Perhepalvelut: 1 tapaus on ylittänyt määräajan.\nhttp://localhost/admin/cases?node=perhepalvelut',
};
const EVENT = domainEvent('CaseOverdue', '2026-12-10T06:00:00.000Z', {
  caseId: '0b6c7a8e-0000-4000-8000-000000000001',
  feedbackId: '0b6c7a8e-0000-4000-8000-000000000001',
  unitId: 'keskusta-ta',
  channel: 'web',
  npsGroup: null,
  contactRequested: true,
  status: 'new',
  dueAt: '2026-12-09T21:59:59.999Z',
});

const asJson = async (path: string) => {
  const r = await fetch(`${stack.url}${path}`, { headers: { accept: 'application/json' } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  return r.json();
};
const asPage = async (path: string) => {
  const r = await fetch(`${stack.url}${path}`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/html/);
  return r.text();
};

describe('/dev/mail and /dev/events', () => {
  it('start empty, with a page that says how mail and events come', async () => {
    expect(await asJson('/dev/mail')).toEqual([]);
    expect(await asJson('/dev/events')).toEqual([]);
    expect(await asPage('/dev/mail')).toContain('No mail yet');
    expect(await asPage('/dev/events')).toContain('No events yet');
  });

  it('list what the handlers’ mailer and publisher sent, the mail at the local clock (which runs on from where it was set)', async () => {
    await postJson(stack, '/dev/clock', { now: '2026-12-10T08:00:00+02:00' });
    await mailerFromEnv().send(MAIL);
    await eventPublisherFromEnv().publish([EVENT]);
    expect(await asJson('/dev/mail')).toEqual([{ ...MAIL, sentAt: expect.stringMatching(/^2026-12-10T06:00:0\d\.\d{3}Z$/) }]);
    expect(await asJson('/dev/events')).toEqual([{ type: 'CaseOverdue', at: EVENT.at, detail: EVENT.detail }]);
    await postJson(stack, '/dev/clock', { now: null });
  });

  it('show them on pages that link each other and the SMS outbox', async () => {
    const mail = await asPage('/dev/mail');
    expect(mail).toContain('<h1>Mail outbox</h1>');
    expect(mail).toContain('palaute.perhe@hyvaks.example.fi');
    expect(mail).toContain('Palaute: 1 tapaus on myöhässä');
    expect(mail).toContain('<a href="http://localhost/admin/cases?node=perhepalvelut">');
    const events = await asPage('/dev/events');
    expect(events).toContain('<h1>Events</h1>');
    expect(events).toContain('CaseOverdue');
    expect(events).toContain('0b6c7a8e-0000-4000-8000-000000000001');
    for (const page of [mail, events, await asPage('/dev/sms')]) {
      for (const href of ['/dev/sms', '/dev/mail', '/dev/events', '/dev/schedules', '/dev/queues']) {
        const current = page.includes(`<li aria-current="page">`) && !page.includes(`<a href="${href}">`);
        expect(current || page.includes(`<a href="${href}">`)).toBe(true);
      }
    }
  });

  it('refuse, inside a function without sendsMail or publishesEvents, as IAM would; nothing listed', async () => {
    const before = stack.iam.denials().length;
    await expect(stack.iam.run('submitFeedback', () => mailerFromEnv().send(MAIL))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('local/submitFeedback is not authorized to perform: ses:SendEmail'),
    });
    await expect(stack.iam.run('submitFeedback', () => eventPublisherFromEnv().publish([EVENT]))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('local/submitFeedback is not authorized to perform: events:PutEvents'),
    });
    expect(
      stack.iam
        .denials()
        .slice(before)
        .map((d) => [d.function, d.action]),
    ).toEqual([
      ['submitFeedback', 'ses:SendEmail'],
      ['submitFeedback', 'events:PutEvents'],
    ]);
    expect(await asJson('/dev/mail')).toHaveLength(1);
    expect(await asJson('/dev/events')).toHaveLength(1);
  });

  it('fail the next sends when a test asks, as SES and EventBridge failures reach a job, listing nothing', async () => {
    stack.faults.mail.failNext(1);
    stack.faults.events.failNext(1);
    await expect(mailerFromEnv().send(MAIL)).rejects.toThrow('SES SendEmail failed: TooManyRequestsException');
    await expect(eventPublisherFromEnv().publish([EVENT])).rejects.toThrow('EventBridge PutEvents failed');
    expect(await asJson('/dev/mail')).toHaveLength(1);
    expect(await asJson('/dev/events')).toHaveLength(1);
    await mailerFromEnv().send(MAIL);
    expect(await asJson('/dev/mail')).toHaveLength(2);
  });

  it('refuse an event with personal data even outside any function', async () => {
    await expect(eventPublisherFromEnv().publish([{ ...EVENT, detail: { ...EVENT.detail, email: 'x' } }])).rejects.toThrow(
      'Event CaseOverdue refused: detail.email unknown field',
    );
    expect(await asJson('/dev/events')).toHaveLength(1);
  });
});
