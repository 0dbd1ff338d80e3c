/**
 * The log scan: a run of the local stack through every route that takes personal data — JSON and
 * form answers whose free text holds a phone number, an e-mail address and an identity code, contact
 * requests (JSON, staff entry, the form) holding them as contact details, good and bad, visits
 * with phone numbers, SMS sending (with a retried and a failed send), an SMS survey answer, bad
 * requests of every kind, and forced unexpected errors whose messages echo those values, as SDK
 * errors can — while everything the process writes (console, stdout, stderr) is kept. Then no line
 * may hold any of the values in any written form (also URL-encoded, or base64 as API Gateway passes
 * a form body), and every line must be JSON with the function and the request id. A last test proves
 * the scan is not vacuous: a handler made to log its request body is caught.
 */
import { format } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { LocalStack } from '#local/stack.ts';
import { SmsOutbox } from '#local/sms-outbox.ts';
import { functions } from '#shared/manifest.ts';
import { logger } from '#shared/platform/index.ts';
import { DynamoFeedbackStore } from '#shared/feedback/dynamo-feedback-store.ts';
import { DynamoAggregateStore } from '#shared/reporting/dynamo-aggregate-store.ts';
import { RateLimiter } from '#shared/sms/rate-limiter.ts';
import { RetryableSendError } from '#shared/sms/sms-sender.ts';
import { startTestStack } from '../../support/local-stack.ts';
import {
  devToken,
  e164,
  helsinkiWinter,
  linkOf,
  outbox,
  phoneFinder,
  postVisits,
  runRelease,
  setClock,
  visit,
  visitIds,
} from '../../support/sms.ts';

const VISIT_DAY = '2027-01-12';
const INTAKE_NOW = '2027-01-12T15:00:00+02:00';
const RELEASE_NOW = '2027-01-13T12:05:00+02:00';

/** The personal data of this run. */
const PHONE = '040 1234567';
const EMAIL = 'matti@example.com';
const HETU = '131052-308T';
/** A word that stands for the free text itself: it is in no template, message or id of the system. */
const TEXT_WORD = 'Zeppeliinikahvila';
const FREE_TEXT = `${TEXT_WORD}: soittakaa ${PHONE} tai ${EMAIL}, hetu ${HETU}. Kiitos!`;
/** The free text as intake stores it and cases show it: its identifiers redacted (shared/text). */
const STORED_TEXT = `${TEXT_WORD}: soittakaa [puhelin] tai [sähköposti], hetu [hetu]. Kiitos!`;
/** The visits' numbers, one per written form; the first is the free text's number. */
const VISIT_PHONES = [PHONE, '+358401112223', '0401112224', '040-111 2225', '+358 40 1112226'];
const findPhones = phoneFinder(['0401234567', '0401112223', '0401112224', '0401112225', '0401112226']);

/** Every personal value found in a text, in any form a log line could carry it. */
function leaks(text: string): string[] {
  const found = new Set<string>();
  for (const t of readings(text)) {
    for (const p of findPhones(t)) found.add(`phone ${p}`);
    if (/matti@example\.com/i.test(t)) found.add('email');
    // The identity code with any century sign, or none.
    if (/131052[-+a-fu-y]?308t/i.test(t)) found.add('hetu');
    if (new RegExp(TEXT_WORD, 'i').test(t)) found.add('free text');
  }
  return [...found];
}

/** The text as written, URL-decoded, and every base64 run in it decoded (then URL-decoded too). */
function readings(text: string): string[] {
  const urlDecoded = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s.replace(/%40/gi, '@').replace(/\+/g, ' ');
    }
  };
  const out = [text, urlDecoded(text)];
  for (const run of text.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? []) {
    const decoded = Buffer.from(run, 'base64').toString('utf8');
    out.push(decoded, urlDecoded(decoded));
  }
  return out;
}

let stack: LocalStack;
let token: string;
const captured: string[] = [];
const spies: MockInstance[] = [];
/** Every request body this run sent, to show the finder sees the values in each of them. */
const bodies: { contentType: string; body: string }[] = [];

function send(path: string, contentType: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  bodies.push({ contentType, body });
  return fetch(stack.url + path, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body, redirect: 'manual' });
}
const postJsonBody = (path: string, value: unknown, headers: Record<string, string> = {}) =>
  send(path, 'application/json', typeof value === 'string' ? value : JSON.stringify(value), headers);
const postFormBody = (path: string, fields: Record<string, string>) =>
  send(path, 'application/x-www-form-urlencoded', new URLSearchParams(fields).toString());

/** An SDK-like error whose message echoes item values over several lines. */
function sdkError(name: string): Error {
  const e = new Error(
    `One or more parameter values were invalid: Item {"text":"${FREE_TEXT}",\n  "phone":"${e164('0401234567')}",\n  "email":"${EMAIL}"}`,
  );
  e.name = name;
  return e;
}

/** The captured output as lines. */
const linesOf = (chunks: readonly string[]) => chunks.flatMap((c) => c.split('\n')).filter((l) => l.trim() !== '');
const jsonLines = (chunks: readonly string[]) =>
  linesOf(chunks).flatMap((l) => {
    try {
      const v = JSON.parse(l) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? [v as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
const metricLines = (chunks: readonly string[], name: string) => jsonLines(chunks).filter((l) => '_aws' in l && name in l);

beforeAll(async () => {
  stack = await startTestStack();
  stack.clock.set(INTAKE_NOW);
  token = await devToken(stack, ['visits:write']);
  // Everything the process writes from here on is kept.
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    spies.push(vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void captured.push(format(...args))));
  }
  for (const stream of [process.stdout, process.stderr]) {
    spies.push(
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
        captured.push(String(chunk));
        return true;
      }) as never),
    );
  }
  // The sender's real-time pacing is not what this test is about.
  spies.push(vi.spyOn(RateLimiter.prototype, 'take').mockResolvedValue(undefined));
});
afterAll(async () => {
  for (const s of spies) s.mockRestore();
  await stack?.close();
});

describe('a run through every route with personal data', () => {
  it('stores JSON and form answers whose free text holds a phone number, an e-mail address and an identity code', async () => {
    const answer = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 9, smooth: 4 }, text: FREE_TEXT, role: 'client' };
    expect((await postJsonBody('/api/feedback', answer)).status).toBe(201);
    // A retry with the same key: replayed, not stored again (and not counted again).
    expect((await postJsonBody('/api/feedback', answer, { 'idempotency-key': 'log-scan-1' })).status).toBe(201);
    const replay = await postJsonBody('/api/feedback', answer, { 'idempotency-key': 'log-scan-1' });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const staff = await devToken(stack, ['feedback:enter'], ['keskusta-ta']);
    expect(
      (await postJsonBody('/api/feedback/entries', { ...answer, channel: 'paper', assisted: true }, { authorization: `Bearer ${staff}` }))
        .status,
    ).toBe(201);
    expect(
      (await postFormBody('/f/keskusta-ta', { lang: 'fi', idem: 'log-scan-form-1', nps: '8', text: FREE_TEXT, role: 'client' })).status,
    ).toBe(303);
    expect(
      (await postFormBody('/f/rantala-ta', { lang: 'sv', ch: 'qr', idem: 'log-scan-form-2', nps: '10', text: FREE_TEXT })).status,
    ).toBe(303);
  });

  it('stores contact requests (JSON, staff entry, the form) holding the phone number and e-mail address, and refuses bad ones', async () => {
    const answer = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 2 }, text: FREE_TEXT };
    const contact = { name: TEXT_WORD, phone: PHONE, email: EMAIL, consent: true };
    expect((await postJsonBody('/api/feedback', { ...answer, contact })).status).toBe(201);
    expect((await postJsonBody('/api/feedback', { ...answer, contact }, { 'idempotency-key': 'log-scan-contact' })).status).toBe(201);
    expect((await postJsonBody('/api/feedback', { ...answer, contact }, { 'idempotency-key': 'log-scan-contact' })).status).toBe(201);
    const staff = await devToken(stack, ['feedback:enter'], ['keskusta-ta']);
    expect(
      (await postJsonBody('/api/feedback/entries', { ...answer, channel: 'oral', contact }, { authorization: `Bearer ${staff}` })).status,
    ).toBe(201);
    const form = {
      lang: 'fi',
      nps: '3',
      contact: 'yes',
      contactName: TEXT_WORD,
      contactPhone: PHONE,
      contactEmail: EMAIL,
      contactConsent: 'yes',
    };
    expect((await postFormBody('/f/keskusta-ta', { ...form, idem: 'log-scan-contact-form' })).status).toBe(303);
    // Bad ones: the values sit beside the field that is wrong.
    expect((await postJsonBody('/api/feedback', { ...answer, contact: { ...contact, phone: `${PHONE} ${EMAIL}` } })).status).toBe(400);
    expect((await postJsonBody('/api/feedback', { ...answer, contact: { ...contact, email: `${EMAIL} ${PHONE}` } })).status).toBe(400);
    expect((await postJsonBody('/api/feedback', { ...answer, contact: { ...contact, consent: false } })).status).toBe(400);
    expect(
      (await postFormBody('/f/keskusta-ta', { ...form, idem: 'log-scan-contact-bad', contactPhone: `${PHONE} ${EMAIL}` })).status,
    ).toBe(400);
  });

  it('refuses bad requests that carry the values: invalid fields, unknown fields, malformed JSON, wrong type, too large', async () => {
    const base = { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 9 }, text: FREE_TEXT };
    expect((await postJsonBody('/api/feedback', { ...base, answers: { nps: 11 } })).status).toBe(400);
    expect((await postJsonBody('/api/feedback', { ...base, email: EMAIL, phone: PHONE, hetu: HETU })).status).toBe(400);
    expect((await postJsonBody('/api/feedback', { ...base, unitId: HETU })).status).toBe(404);
    expect((await postJsonBody('/api/feedback', `{"text":"${FREE_TEXT}", "answers": {`)).status).toBe(400);
    expect((await send('/api/feedback', 'text/plain', FREE_TEXT)).status).toBe(415);
    expect((await postJsonBody('/api/feedback', { ...base, text: FREE_TEXT.repeat(400) })).status).toBe(400);
    expect((await postJsonBody('/api/feedback', { ...base }, { 'idempotency-key': `${PHONE} ${EMAIL}` })).status).toBe(400);
    expect((await postFormBody('/f/keskusta-ta', { lang: 'fi', idem: 'log-scan-bad', nps: '12', text: FREE_TEXT })).status).toBe(400);
    expect((await postFormBody('/f/keskusta-ta', { lang: 'fi', idem: 'log-scan-long', text: FREE_TEXT.repeat(1000) })).status).toBe(400);
  });

  it('takes visits with phone numbers in every written form, and rejects bad ones', async () => {
    const ids = await visitIds('log-scan', VISIT_PHONES.length, true);
    const visits = VISIT_PHONES.map((phone, i) =>
      visit({ visitId: ids[i]!, phone, visitedAt: helsinkiWinter(VISIT_DAY, `1${i}:00`), age: 50 }),
    );
    const bad = [
      visit({ visitId: HETU, phone: EMAIL, visitedAt: helsinkiWinter(VISIT_DAY, '09:00') }),
      visit({ visitId: 'log-scan-bad-2', phone: '09 1234567', visitedAt: helsinkiWinter(VISIT_DAY, '09:00') }),
      { visitId: 'log-scan-bad-3', phone: PHONE, note: FREE_TEXT },
    ];
    const r = await postVisits(stack, token, [...visits, ...bad]);
    expect(r.status).toBe(202);
    const body = (await r.json()) as { scheduled: number; rejected: unknown[] };
    expect(body.scheduled).toBe(VISIT_PHONES.length);
    expect(body.rejected).toHaveLength(bad.length);
    // A batch that is not a batch at all, and malformed JSON.
    expect((await postVisits(stack, token, JSON.stringify({ visits: `${PHONE} ${EMAIL} ${HETU}` }))).status).toBe(400);
    expect((await postVisits(stack, token, `{"visits":[{"phone":"${PHONE}"`)).status).toBe(400);
  });

  it('sends the SMS the next day, one retried after a throttling error and one failed for good', async () => {
    spies.push(
      vi
        .spyOn(SmsOutbox.prototype, 'send')
        // Throttled on every attempt of the first delivery (the sender backs off within it), so the
        // message goes back to the queue once.
        .mockRejectedValueOnce(new RetryableSendError(`Throttled sending to ${e164('0401112223')}`))
        .mockRejectedValueOnce(new RetryableSendError(`Throttled sending to ${e164('0401112223')}`))
        .mockRejectedValueOnce(new RetryableSendError(`Throttled sending to ${e164('0401112223')}`))
        .mockRejectedValueOnce(sdkError('InvalidParameterException')),
    );
    await setClock(stack, RELEASE_NOW);
    const result = await runRelease(stack);
    expect(result).toEqual({ released: VISIT_PHONES.length, quietHours: false });
    expect(await outbox(stack)).toHaveLength(VISIT_PHONES.length - 1);
  });

  it('takes an SMS survey answer with the values in its free text, refuses a bad one and an opt-out goes through', async () => {
    const [first, second, third] = (await outbox(stack)).map(linkOf);
    expect((await postFormBody(new URL(first!).pathname, { nps: '7', text: FREE_TEXT })).status).toBe(303);
    expect((await postFormBody(new URL(second!).pathname, { nps: '99', text: FREE_TEXT })).status).toBe(400);
    expect((await postFormBody(`${new URL(third!).pathname}/opt-out`, {})).status).toBe(200);
  });

  it('opens cases for those answers and serves them, their contact and notes holding the values, through the Cases API and the case jobs', async () => {
    expect(((await stack.scheduler.run('openCases')) as { opened: number }).opened).toBeGreaterThan(0);
    const handler = await devToken(stack, ['cases:read', 'cases:write', 'contacts:read'], ['terveysasemat']);
    const auth = { authorization: `Bearer ${handler}` };
    const list = await fetch(`${stack.url}/api/cases?node=terveysasemat&limit=100`, { headers: auth });
    expect(list.status).toBe(200);
    const cases = ((await list.json()) as { cases: { id: string; version: number; text: string | null }[] }).cases;
    expect(cases.some((c) => c.text === STORED_TEXT)).toBe(true);
    const first = cases[0]!;
    // The contact details a contact request keeps (as the contacts feature stores them), read over the API.
    await stack.contacts.put(first.id, { name: HETU, phone: PHONE, email: EMAIL });
    const patch = (body: string, version: number) =>
      fetch(`${stack.url}/api/cases/${first.id}`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json', 'if-match': String(version) },
        body,
      });
    expect((await patch(JSON.stringify({ note: FREE_TEXT, assignee: EMAIL }), first.version)).status).toBe(200);
    expect((await patch(JSON.stringify({ [EMAIL]: FREE_TEXT }), first.version + 1)).status).toBe(400);
    expect((await patch(`{"note":"${FREE_TEXT}`, first.version + 1)).status).toBe(400);
    expect((await patch(JSON.stringify({ note: FREE_TEXT }), first.version)).status).toBe(409);
    expect((await fetch(`${stack.url}/api/cases/${first.id}`, { headers: auth })).status).toBe(200);
    // Read only when the case is a contact request; this one is a comment: 404, and nothing logged either way.
    expect((await fetch(`${stack.url}/api/cases/${first.id}/contact`, { headers: auth })).status).toBe(404);
    await stack.scheduler.run('remindCases');
    await stack.scheduler.run('purgeContacts');
    expect(JSON.stringify([stack.mail.list(), stack.events.list()])).not.toMatch(new RegExp(`${TEXT_WORD}|matti@`, 'i'));
  });

  it('answers an unexpected error with 500 and fails a schedule, both errors echoing the values in their messages', async () => {
    const put = vi.spyOn(DynamoFeedbackStore.prototype, 'putAnswer').mockRejectedValueOnce(sdkError('ValidationException'));
    spies.push(put);
    const r = await postJsonBody('/api/feedback', {
      unitId: 'keskusta-ta',
      channel: 'web',
      lang: 'fi',
      answers: { nps: 5 },
      text: FREE_TEXT,
    });
    expect(r.status).toBe(500);
    expect(put).toHaveBeenCalled();
    // A watermark from before this run's answers, as a running system has: without one the first run
    // reads 400 days of arrival hours.
    await new DynamoAggregateStore(DynamoDBDocumentClient.from(stack.dynamo), stack.tableNames.aggregates).setWatermark(
      '2027-01-12T12:00:00.000Z',
    );
    spies.push(
      vi.spyOn(DynamoAggregateStore.prototype, 'getWatermark').mockRejectedValueOnce(sdkError('ProvisionedThroughputExceededException')),
    );
    await expect(stack.scheduler.run('aggregate')).rejects.toThrow(/ProvisionedThroughputExceededException/);
    // The next run succeeds and reports how old the watermark is.
    // The run's watermark is its own start on the stack's clock, which runs on from the release time.
    const run = (await stack.scheduler.run('aggregate')) as { arrivals: number; watermark: string };
    expect(run.arrivals).toBe(10);
    expect(Date.parse(run.watermark)).toBeGreaterThanOrEqual(Date.parse(RELEASE_NOW));
  });
});

describe('what was written', () => {
  it('caught the handlers’ own lines, so the checks below are not vacuous', () => {
    const msgs = new Set(jsonLines(captured).map((l) => l.msg));
    for (const m of ['visits received', 'invitations released', 'sms batch', 'aggregation', 'unexpected error', 'invocation failed'])
      expect(msgs, m).toContain(m);
    // The finder sees the values in every body that was sent, as sent, inside JSON and base64-encoded.
    expect(bodies.length).toBeGreaterThan(15);
    for (const { body } of bodies) {
      if (body === '') continue;
      for (const form of [body, JSON.stringify({ body }), Buffer.from(body).toString('base64')])
        expect(leaks(form), form.slice(0, 80)).not.toEqual([]);
    }
  });

  it('holds no phone number, e-mail address, identity code or free text in any form on any line', () => {
    const found = captured.flatMap((c) => leaks(c).map((what) => `${what} in ${c.slice(0, 200)}`));
    expect(found).toEqual([]);
  });

  it('is JSON on every line, each with the function name and the request id of its invocation', () => {
    const lines = linesOf(captured);
    expect(lines.length).toBeGreaterThan(10);
    const notJson = lines.filter((l) => {
      try {
        const v = JSON.parse(l) as unknown;
        return !(v && typeof v === 'object' && !Array.isArray(v));
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    for (const l of jsonLines(captured)) {
      expect(Object.keys(functions), JSON.stringify(l)).toContain(l.function);
      expect(l.requestId, JSON.stringify(l)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('logged the unexpected errors by class and frames under the failing request', () => {
    const errors = jsonLines(captured).filter((l) => l.level === 'ERROR');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          function: 'submitFeedback',
          msg: 'unexpected error',
          error: 'ValidationException',
          stack: expect.any(Array),
        }),
        expect.objectContaining({ function: 'aggregate', msg: 'invocation failed', error: 'ProvisionedThroughputExceededException' }),
      ]),
    );
    for (const e of errors) expect((e.stack as string[]).length).toBeGreaterThan(0);
  });

  it('wrote the metrics: answers stored by channel, SMS sent, failed and retried, the watermark age', () => {
    const stored = metricLines(captured, 'AnswersStored');
    const byChannel: Record<string, number> = {};
    for (const l of stored) byChannel[l.channel as string] = (byChannel[l.channel as string] ?? 0) + (l.AnswersStored as number);
    // web: two JSON answers (the replay is not counted) and one form, and with contact requests two
    // JSON answers and one form; paper and oral: one staff entry each; qr: one form; sms: one link.
    expect(byChannel).toEqual({ web: 6, paper: 1, oral: 1, qr: 1, sms: 1 });
    expect(new Set(stored.map((l) => l.function))).toEqual(new Set(['submitFeedback', 'enterFeedback', 'formSubmit', 'smsSurvey']));
    const sms = metricLines(captured, 'SmsSent');
    const sum = (k: string) => sms.reduce((n, l) => n + (l[k] as number), 0);
    expect({ sent: sum('SmsSent'), failed: sum('SmsFailed'), retried: sum('SmsRetried') }).toEqual({
      sent: VISIT_PHONES.length - 1,
      failed: 1,
      retried: 1,
    });
    const age = metricLines(captured, 'AggregationWatermarkAge');
    expect(age).toHaveLength(1);
    expect(age[0]).toMatchObject({ function: 'aggregate', AggregationWatermarkAge: expect.any(Number) });
    expect(age[0]!.AggregationWatermarkAge as number).toBeGreaterThanOrEqual(0);
  });
});

describe('the scan itself', () => {
  // Runs last: middy middlewares cannot be removed, so the two handlers keep logging their bodies.
  it('catches a handler that logs its request body, as JSON text and as the base64 of a form', async () => {
    const from = captured.length;
    const { handler: api } = await import('#functions/feedback/submit-feedback.ts');
    const { handler: form } = await import('#functions/feedback/form-submit.ts');
    for (const h of [api, form]) h.use({ before: (request) => logger.info('request', { body: request.event.body ?? null }) });
    expect(
      (await postJsonBody('/api/feedback', { unitId: 'keskusta-ta', channel: 'web', lang: 'fi', answers: { nps: 9 }, text: FREE_TEXT }))
        .status,
    ).toBe(201);
    const afterJson = captured.length;
    expect((await postFormBody('/f/keskusta-ta', { lang: 'fi', idem: 'log-scan-canary', nps: '8', text: FREE_TEXT })).status).toBe(303);
    const json = captured.slice(from, afterJson).flatMap(leaks);
    const formLeaks = captured.slice(afterJson).flatMap(leaks);
    expect(captured.slice(afterJson).some((c) => c.includes('"request"'))).toBe(true);
    for (const found of [json, formLeaks]) expect(new Set(found)).toEqual(new Set(['phone 401234567', 'email', 'hetu', 'free text']));
  });
});
