/**
 * Mail and events against mocked SDK clients (aws-sdk-client-mock): SES v2 gets exactly the
 * SendEmailCommand of a plain-text UTF-8 mail from the configured sender (and configuration set),
 * EventBridge exactly the PutEventsCommand entries (source `palaute`, the type as detail-type, the
 * bus from the environment) in batches of ten, failed entries sent again and then thrown. The closed
 * detail schemas refuse any key or value not listed, before anything is sent, naming fields and never
 * values. The local stand-ins keep the same checks, and the local IAM refuses a function without
 * `sendsMail` / `publishesEvents` as IAM would (a test-only manifest entry has the flags).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { functions, tables, type FunctionName, type FunctionSpec, type TableName } from '#shared/manifest.ts';
import {
  checkEvents,
  domainEvent,
  EVENT_DETAIL_SCHEMAS,
  EVENT_TYPES,
  EventBridgePublisher,
  eventPublisherFromEnv,
  EventRefusedError,
  mailerFromEnv,
  SesMailer,
  type DomainEvent,
  type Mail,
} from '#shared/platform/index.ts';
import { LocalEventBus } from '#local/event-list.ts';
import { LocalIam } from '#local/local-iam.ts';
import { MailOutbox } from '#local/mail-outbox.ts';
import { FixedClock, thrown } from '../../support/fakes.ts';

const MAIL: Mail = {
  to: ['palaute.keskusta@hyvaks.example.fi', 'palaute.perhe@hyvaks.example.fi'],
  subject: 'Palaute: 3 tapausta erääntyy 3 päivän sisällä',
  text: 'Keskustan terveysasema: 3 avointa tapausta erääntyy.\nhttps://palaute.example.fi/admin/cases?node=keskusta-ta',
};

const AT = '2026-12-01T08:00:00.000Z';
const received = (n: number): DomainEvent =>
  domainEvent('FeedbackReceived', AT, {
    feedbackId: `0b6c7a8e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    unitId: 'keskusta-ta',
    channel: 'web',
    npsGroup: 'promoter',
    hasText: true,
    contactRequested: false,
  });

describe('SesMailer', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());

  it('sends exactly one SendEmailCommand: plain text, UTF-8, from the sender, with the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await new SesMailer(new SESv2Client({ region: 'eu-north-1' }), {
      from: 'palaute@hyvaks.example.fi',
      configurationSet: 'palaute-test',
    }).send(MAIL);
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input)).toEqual([
      {
        FromEmailAddress: 'palaute@hyvaks.example.fi',
        Destination: { ToAddresses: MAIL.to },
        Content: {
          Simple: {
            Subject: { Data: MAIL.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: MAIL.text, Charset: 'UTF-8' } },
          },
        },
        ConfigurationSetName: 'palaute-test',
      },
    ]);
  });

  it('names no configuration set when the deployment has none', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    await new SesMailer(new SESv2Client({ region: 'eu-north-1' }), { from: 'palaute@hyvaks.example.fi' }).send(MAIL);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).not.toHaveProperty('ConfigurationSetName');
  });

  it.each([
    ['no recipient', { ...MAIL, to: [] }, 'to'],
    ['a recipient that is not an address', { ...MAIL, to: ['keskusta'] }, 'to[0]'],
    ['a subject of two lines', { ...MAIL, subject: 'Palaute\r\nBcc: x@example.com' }, 'subject'],
    ['an empty text', { ...MAIL, text: '' }, 'text'],
    ['more than 50 recipients', { ...MAIL, to: Array.from({ length: 51 }, (_, i) => `box${i}@hyvaks.example.fi`) }, 'to'],
    ['an e-mail address in the text', { ...MAIL, text: `${MAIL.text}\nYhteydenottopyyntö: matti.meikalainen@example.fi` }, 'text'],
    ['a phone number in the text', { ...MAIL, text: `${MAIL.text}\nSoita: +358 40 123 4567` }, 'text'],
    ['a Finnish national number in the subject', { ...MAIL, subject: 'Soita 040 1234567' }, 'subject'],
  ])('refuses %s before calling SES, naming the field', async (_, mail, field) => {
    const e = await thrown(() =>
      new SesMailer(new SESv2Client({ region: 'eu-north-1' }), { from: 'palaute@hyvaks.example.fi' }).send(mail),
    );
    expect(e.message).toMatch(new RegExp(`^Mail refused: .*${field.replace(/[[\]]/g, '\\$&')} `));
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('sends counts, dates, links and case ids, which look like no address or number', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-4' });
    const text = [
      'Keskustan terveysasema: 12 uutta, 3 myöhässä (10.12.2026, 2026-12-10).',
      'http://localhost:3000/admin/cases?node=keskusta-ta&from=2026-12-01',
      'https://palaute.example.fi/admin/cases/0b6c7a8e-0000-4000-8000-000000000001',
    ].join('\n');
    await new SesMailer(new SESv2Client({ region: 'eu-north-1' }), { from: 'palaute@hyvaks.example.fi' }).send({ ...MAIL, text });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it("throws SES's error by name, without SES's message (it may quote an address)", async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new TooManyRequestsException({ message: 'palaute.keskusta@hyvaks.example.fi throttled', $metadata: {} }));
    const e = await thrown(() =>
      new SesMailer(new SESv2Client({ region: 'eu-north-1' }), { from: 'palaute@hyvaks.example.fi' }).send(MAIL),
    );
    expect(e.message).toBe('SES SendEmail failed: TooManyRequestsException');
    expect(e.message).not.toContain('@');
  });

  it('mailerFromEnv builds the SES mailer from MAIL_FROM and MAIL_CONFIGURATION_SET', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-3' });
    expect(() => mailerFromEnv({})).toThrow('Missing environment variable MAIL_FROM');
    await mailerFromEnv({ MAIL_FROM: 'palaute@hyvaks.example.fi', MAIL_CONFIGURATION_SET: 'palaute-hyvaks' }).send(MAIL);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toMatchObject({
      FromEmailAddress: 'palaute@hyvaks.example.fi',
      ConfigurationSetName: 'palaute-hyvaks',
    });
  });
});

describe('EventBridgePublisher', () => {
  const eb = mockClient(EventBridgeClient);
  const publisher = () => new EventBridgePublisher(new EventBridgeClient({ region: 'eu-north-1' }), 'palaute-hyvaks', async () => {});
  const ok = (n: number) => ({ FailedEntryCount: 0, Entries: Array.from({ length: n }, (_, i) => ({ EventId: `e-${i}` })) });
  beforeEach(() => eb.reset());

  it('puts exactly the entries: the bus, source palaute, the type as detail-type, the time, the detail as JSON', async () => {
    eb.on(PutEventsCommand).resolves(ok(1));
    const event = domainEvent('CaseEscalated', AT, {
      caseId: 'c-1',
      feedbackId: 'c-1',
      unitId: 'keskusta-ta',
      channel: 'sms',
      npsGroup: 'detractor',
      contactRequested: true,
      status: 'in_progress',
      dueAt: '2026-11-30T21:59:59.999Z',
      escalatedTo: 'perhepalvelut',
    });
    await publisher().publish([event]);
    expect(eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input)).toEqual([
      {
        Entries: [
          {
            EventBusName: 'palaute-hyvaks',
            Source: 'palaute',
            DetailType: 'CaseEscalated',
            Time: new Date(AT),
            Detail: JSON.stringify(event.detail),
          },
        ],
      },
    ]);
  });

  it('sends 23 events in batches of 10, 10 and 3, in order', async () => {
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ok(input.Entries.length));
    const events = Array.from({ length: 23 }, (_, i) => received(i));
    await publisher().publish(events);
    const calls = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!);
    expect(calls.map((e) => e.length)).toEqual([10, 10, 3]);
    expect(calls.flat().map((e) => JSON.parse(e.Detail!).feedbackId)).toEqual(events.map((e) => e.detail.feedbackId));
  });

  it('sends again only the entries PutEvents failed, until they pass', async () => {
    eb.on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'e-0' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }, { EventId: 'e-2' }],
      })
      .resolves(ok(1));
    const events = [received(0), received(1), received(2)];
    await publisher().publish(events);
    const calls = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.Detail!).feedbackId));
    expect(calls).toEqual([events.map((e) => e.detail.feedbackId), [events[1]!.detail.feedbackId]]);
  });

  it('throws after three attempts, naming the error codes, when entries keep failing', async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'x' }] });
    const e = await thrown(() => publisher().publish([received(0)]));
    expect(e.message).toBe('EventBridge PutEvents failed for 1 of 1 events after 3 attempts: InternalFailure');
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(3);
  });

  it('refuses the whole publish, before any call, when one event breaks its schema', async () => {
    eb.on(PutEventsCommand).resolves(ok(1));
    const bad = { ...received(1), detail: { ...received(1).detail, phone: '+358401234567' } };
    const e = await thrown(() => publisher().publish([received(0), bad]));
    expect(e).toBeInstanceOf(EventRefusedError);
    expect(e.message).toBe('Event FeedbackReceived refused: detail.phone unknown field');
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('eventPublisherFromEnv puts on the bus named in EVENT_BUS_NAME', async () => {
    eb.on(PutEventsCommand).resolves(ok(1));
    expect(() => eventPublisherFromEnv({})).toThrow('Missing environment variable EVENT_BUS_NAME');
    await eventPublisherFromEnv({ EVENT_BUS_NAME: 'palaute-hyvaks' }).publish([received(0)]);
    expect(eb.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.EventBusName).toBe('palaute-hyvaks');
  });
});

describe('the closed event details', () => {
  it('has a schema for every event type', () => {
    expect(Object.keys(EVENT_DETAIL_SCHEMAS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each([
    ['an unknown key', { ...received(0).detail, comment: 'x' }, 'detail.comment unknown field'],
    ['free text under a known key', { ...received(0).detail, unitId: 'Hoitaja oli töykeä' }, 'detail.unitId must be an id'],
    ['an e-mail address as an id', { ...received(0).detail, feedbackId: 'matti@example.fi' }, 'detail.feedbackId must be an id'],
    ['a phone number as an id', { ...received(0).detail, feedbackId: '+358401234567' }, 'detail.feedbackId must be an id'],
    ['a missing field', { ...received(0).detail, hasText: undefined }, 'detail.hasText'],
  ])('refuses %s, naming the field and not the value', async (_, detail, message) => {
    const e = await thrown(() => checkEvents([{ ...received(0), detail: detail as DomainEvent['detail'] }]));
    expect(e.message).toContain(message);
    expect(e.message).not.toMatch(/töykeä|matti|358401234567/);
  });

  it('takes one case detail on every case event: case, answer, unit, channel, NPS group, flag, status, due time', () => {
    const detail = {
      caseId: '0b6c7a8e-0000-4000-8000-000000000009',
      feedbackId: '0b6c7a8e-0000-4000-8000-000000000009',
      unitId: 'keskusta-ta',
      channel: 'paper',
      npsGroup: null,
      contactRequested: true,
      status: 'in_progress',
      dueAt: '2026-12-14T21:59:59.999Z',
    };
    for (const type of ['CaseCreated', 'CaseOverdue', 'CaseEscalated', 'CaseClosed'] as const)
      expect(() => checkEvents([{ type, at: AT, detail }])).not.toThrow();
    expect(() => checkEvents([{ type: 'CaseEscalated', at: AT, detail: { ...detail, escalatedTo: 'perhepalvelut' } }])).not.toThrow();
    expect(() => checkEvents([{ type: 'CaseCreated', at: AT, detail: { ...detail, escalatedTo: 'perhepalvelut' } }])).toThrow(
      'detail.escalatedTo unknown field',
    );
    const { status: _, ...withoutStatus } = detail;
    expect(() => checkEvents([{ type: 'CaseClosed', at: AT, detail: withoutStatus }])).toThrow('detail.status');
  });

  it('refuses an unknown type and a time that is not a UTC instant', () => {
    expect(() => checkEvents([{ ...received(0), type: 'AnswerRead' as DomainEvent['type'] }])).toThrow('type unknown event type');
    expect(() => checkEvents([{ ...received(0), at: '1.12.2026' }])).toThrow('at must be an ISO 8601 UTC instant');
  });
});

describe('the local stand-ins', () => {
  const clock = new FixedClock('2026-12-01T07:00:00Z');

  it('the mail outbox lists what was sent with the local time, keeps it across restarts and refuses what SES would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palaute-mail-'));
    try {
      const file = join(dir, 'mail-outbox.jsonl');
      await new MailOutbox(clock, file).send(MAIL);
      expect(new MailOutbox(clock, file).list()).toEqual([{ ...MAIL, sentAt: '2026-12-01T07:00:00.000Z' }]);
      await expect(new MailOutbox(clock, file).send({ ...MAIL, to: [] })).rejects.toThrow('Mail refused: to');
      expect(new MailOutbox(clock, file).list()).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the event list keeps events across restarts and refuses a batch with one bad event, all or nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palaute-events-'));
    try {
      const file = join(dir, 'events.jsonl');
      await new LocalEventBus(file).publish([received(0)]);
      const bad = { ...received(2), detail: { ...received(2).detail, email: 'x' } };
      await expect(new LocalEventBus(file).publish([received(1), bad])).rejects.toThrow(EventRefusedError);
      expect(new LocalEventBus(file).list()).toEqual([{ type: 'FeedbackReceived', at: AT, detail: received(0).detail }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('local IAM for mail and events', () => {
  // A test-only manifest entry with both flags: no manifest function sends mail or publishes yet.
  const notifier = 'notifier' as FunctionName;
  const specs: Record<string, FunctionSpec> = {
    ...functions,
    notifier: {
      entry: 'none.ts',
      description: 'test',
      memoryMb: 128,
      timeoutSeconds: 10,
      tables: {},
      sendsMail: true,
      publishesEvents: true,
    },
  };
  const tableNames = Object.fromEntries(Object.keys(tables).map((t) => [t, `palaute-local-${t}`])) as Record<TableName, string>;

  it('lets a function with sendsMail and publishesEvents send and publish', async () => {
    const iam = new LocalIam(tableNames, specs);
    const outbox = new MailOutbox(new FixedClock(AT));
    const bus = new LocalEventBus();
    await iam.run(notifier, () => iam.mailer(outbox).send(MAIL));
    await iam.run(notifier, () => iam.eventPublisher(bus).publish([received(0)]));
    expect(outbox.list()).toHaveLength(1);
    expect(bus.list()).toHaveLength(1);
    expect(iam.denials()).toEqual([]);
  });

  it('refuses a function without them with the AccessDeniedException SES and EventBridge answer, and sends nothing', async () => {
    const iam = new LocalIam(tableNames, specs);
    const outbox = new MailOutbox(new FixedClock(AT));
    const bus = new LocalEventBus();
    const mailError = await thrown(() => iam.run('submitFeedback', () => iam.mailer(outbox).send(MAIL)));
    const eventError = await thrown(() => iam.run('submitFeedback', () => iam.eventPublisher(bus).publish([received(0)])));
    expect(mailError).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(mailError.message).toBe(
      'User: local/submitFeedback is not authorized to perform: ses:SendEmail on resource: arn:aws:ses:eu-north-1:000000000000:identity/palaute.local because no identity-based policy allows the ses:SendEmail action',
    );
    expect(eventError).toMatchObject({ name: 'AccessDeniedException' });
    expect(eventError.message).toContain('events:PutEvents on resource: arn:aws:events:eu-north-1:000000000000:event-bus/palaute-local');
    expect(outbox.list()).toEqual([]);
    expect(bus.list()).toEqual([]);
    expect(iam.denials().map((d) => d.action)).toEqual(['ses:SendEmail', 'events:PutEvents']);
  });

  it('restrict takes the flags away, and cannot give them to a function whose entry lacks them', async () => {
    const iam = new LocalIam(tableNames, specs);
    iam.restrict(notifier, { tables: {}, publishesEvents: true });
    await expect(iam.run(notifier, () => iam.mailer(new MailOutbox(new FixedClock(AT))).send(MAIL))).rejects.toThrow('ses:SendEmail');
    iam.restoreManifest();
    await iam.run(notifier, () => iam.mailer(new MailOutbox(new FixedClock(AT))).send(MAIL));
    expect(() => iam.restrict('submitFeedback', { ...functions.submitFeedback, sendsMail: true })).toThrow('exceed its manifest entry');
    expect(() => iam.restrict('submitFeedback', { ...functions.submitFeedback, publishesEvents: true })).toThrow(
      'exceed its manifest entry',
    );
  });
});
