/**
 * Local-only routes under `/dev`: a token issuer, the demo staff sign-in, the SMS and mail outboxes, the published events,
 * the schedules, the clock, a recompute of chosen days' snapshots and the queues' dead letters. They exist only in the
 * local stack; nothing here is deployed.
 */
import type { ServerResponse } from 'node:http';
import * as z from '#shared/platform/zod.ts';
import { toIssues } from '#shared/platform/validation.ts';
import { SCOPES } from '#shared/manifest.ts';
import { html, raw } from '#shared/platform/html.ts';
import type { DevAuth } from './dev-auth.ts';
import type { DevClock } from './dev-clock.ts';
import type { SmsOutbox } from './sms-outbox.ts';
import type { MailOutbox } from './mail-outbox.ts';
import type { LocalEventBus } from './event-list.ts';
import type { LocalScheduler } from './local-scheduler.ts';
import type { LocalQueue } from './local-queue.ts';
import type { DevRoutes } from './http-adapter.ts';
import { loadConfig } from '#shared/config.ts';
import { asLang } from '#shared/platform/i18n.ts';
import { DEMO_USERS, dashboardReturnUrl, renderDevSignIn } from '#shared/reporting/dashboard-signin.ts';
import { DASHBOARD_PATH, DEV_SIGNIN_PATH } from '#shared/reporting/api-contract.ts';
import { WORKBENCH_PATH } from '#shared/cases/workbench-config.ts';
import { PULSE_PAGE_PATH } from '#shared/pulse/index.ts';

/** The staff pages the demo sign-in returns to. */
const STAFF_PAGES = [DASHBOARD_PATH, WORKBENCH_PATH, PULSE_PAGE_PATH];

/** What the dev routes reach into. */
export interface DevParts {
  auth: DevAuth;
  clock: DevClock;
  outbox: SmsOutbox;
  mail: MailOutbox;
  events: LocalEventBus;
  scheduler: LocalScheduler;
  queues: LocalQueue[];
  /** Recomputes every unit's snapshots of the days from…to as of the clock's now; the snapshots written. */
  recomputeDays: (from: string, to: string) => Promise<number>;
}

// `expiresInSeconds` (default an hour; 0 or less: already expired) lets tests ask for an expired token.
const tokenRequest = z.strictObject({
  scopes: z.array(z.enum(SCOPES)),
  orgNodes: z._default(z.array(z.string()), []),
  expiresInSeconds: z.optional(z.int().check(z.gte(-86_400), z.lte(86_400))),
  /** The token's subject (the actor case history records); `dev-user` by default. */
  subject: z.optional(z.string().check(z.regex(/^[\w.@-]{1,64}$/, 'must be 1–64 letters, digits or . _ @ -'))),
});
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));
// At most a year at once: each day is every unit's recompute.
const aggregateRequest = z
  .strictObject({ from: day, to: day })
  .check(
    z.refine(
      (r) => r.from <= r.to && Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000,
      'from must not be after to, at most a year before it',
    ),
  );
const clockRequest = z.strictObject({
  now: z.nullable(
    z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)) && /[zZ]|[+-]\d\d:\d\d$/.test(s), 'must be ISO 8601 with an offset')),
  ),
});

function sendJson(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  return true;
}

function badRequest(res: ServerResponse, code: string, message: string, issues: { path: string; message: string }[]): true {
  return sendJson(res, 400, { error: { code, message, issues } });
}

/** A JSON body read with `schema`; when it is not JSON or not valid, the 400 is sent and the result is undefined. */
function jsonRequest<S extends z.ZodMiniType>(res: ServerResponse, body: Buffer, schema: S, what: string): z.infer<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8') || 'null');
  } catch {
    badRequest(res, 'invalid_json', 'The request body is not valid JSON.', [{ path: 'body', message: 'malformed JSON' }]);
    return undefined;
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  badRequest(res, 'validation_failed', `The ${what} request is not valid.`, toIssues(r.error));
  return undefined;
}

/** The dev pages that list what the stand-ins did, linked from each other. */
const LISTING_PAGES = [
  { path: '/dev/sms', title: 'SMS outbox' },
  { path: '/dev/mail', title: 'Mail outbox' },
  { path: '/dev/events', title: 'Events' },
  { path: '/dev/schedules', title: 'Schedules' },
  { path: '/dev/queues', title: 'Queues' },
] as const;

/** Links in a text made clickable; the rest escaped. */
function linkify(text: string) {
  const parts = text.split(/(https?:\/\/\S+)/);
  return parts.map((p, i) => (i % 2 ? html`<a href="${p}">${p}</a>` : html`${p}`));
}

/**
 * One listing page: a table of what a stand-in did, newest first, or a hint how to make some. Columns
 * are [heading, cell] pairs; the cells are escaped by `html`.
 */
function listingPage<R>(
  parts: DevParts,
  page: (typeof LISTING_PAGES)[number]['path'],
  intro: string,
  rows: R[],
  columns: [string, (r: R) => ReturnType<typeof html>][],
  empty: ReturnType<typeof html>,
): string {
  const title = LISTING_PAGES.find((p) => p.path === page)!.title;
  const nav = LISTING_PAGES.map((p) =>
    p.path === page ? html`<li aria-current="page">${p.title}</li>` : html`<li><a href="${p.path}">${p.title}</a></li>`,
  );
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – Palaute local stack</title><style>${raw(
    'body{font:16px/1.5 system-ui,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}nav ul{display:flex;gap:1rem;list-style:none;padding:0;flex-wrap:wrap}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #767676;padding:.5rem;text-align:left;vertical-align:top}td pre{margin:0;white-space:pre-wrap;font:inherit}a{color:#0b4f8a}',
  )}</style></head><body><nav aria-label="Local stack"><ul>${nav}</ul></nav><main><h1>${title}</h1><p>${intro} Local clock: ${parts.clock.now().toISOString()}${parts.clock.isSet ? ' (set)' : ''}.</p>${
    rows.length
      ? html`<table><caption>${rows.length} entries</caption><thead><tr>${columns.map(([h]) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${[
          ...rows,
        ]
          .reverse()
          .map((r) => html`<tr>${columns.map(([, cell]) => html`<td>${cell(r)}</td>`)}</tr>`)}</tbody></table>`
      : empty
  }</main></body></html>`}`;
}

const outboxPage = (parts: DevParts) =>
  listingPage(
    parts,
    '/dev/sms',
    "Messages the local stack's SNS stand-in has sent, newest first.",
    parts.outbox.list(),
    [
      ['Sent', (r) => html`${r.sentAt}`],
      ['To', (r) => html`${r.to}`],
      ['Sender', (r) => html`${r.senderId}`],
      ['Text', (r) => html`${linkify(r.text)}`],
    ],
    html`<p>No messages yet. Post visits to <code>/api/visits</code>, set the clock to the next day 12:00 with <code>POST /dev/clock</code>, then run <code>POST /dev/schedules/releaseInvitations/run</code>.</p>`,
  );

const mailPage = (parts: DevParts) =>
  listingPage(
    parts,
    '/dev/mail',
    "Mail the local stack's SES stand-in has sent to functional mailboxes (reminders, escalations), newest first.",
    parts.mail.list(),
    [
      ['Sent', (r) => html`${r.sentAt}`],
      ['To', (r) => html`${r.to.join(', ')}`],
      ['Subject', (r) => html`${r.subject}`],
      ['Text', (r) => html`<pre>${linkify(r.text)}</pre>`],
    ],
    html`<p>No mail yet. Mail is sent by the scheduled jobs of functions with <code>sendsMail</code>; run one with <code>POST /dev/schedules/{name}/run</code>.</p>`,
  );

const eventsPage = (parts: DevParts) =>
  listingPage(
    parts,
    '/dev/events',
    "Events the local stack's EventBridge stand-in has received (source palaute), newest first.",
    parts.events.list(),
    [
      ['At', (r) => html`${r.at}`],
      ['Type', (r) => html`${r.type}`],
      ['Detail', (r) => html`<pre>${JSON.stringify(r.detail, null, 1)}</pre>`],
    ],
    html`<p>No events yet. Events are published by functions with <code>publishesEvents</code>.</p>`,
  );

/** A listing as JSON when the client asks for it (`Accept: application/json`), else its page. */
function listing(req: { headers: { accept?: string } }, res: ServerResponse, json: () => unknown, page: () => string): true {
  if ((req.headers.accept ?? '').includes('application/json')) return sendJson(res, 200, json());
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page());
  return true;
}

/** The `/dev` routes as a pre-router for the local HTTP server. */
export function devRoutes(parts: DevParts): DevRoutes {
  return async (req, res, url, body) => {
    const path = url.pathname;
    if (!path.startsWith('/dev/')) return false;
    const method = req.method ?? 'GET';
    if (path === '/dev/token' && method === 'POST') {
      const r = jsonRequest(res, body, tokenRequest, 'token');
      if (!r) return true;
      return sendJson(res, 200, { token: await parts.auth.issue(r.scopes, r.orgNodes, r.subject, r.expiresInSeconds) });
    }
    if (path === '/dev/sms' && method === 'GET')
      return listing(
        req,
        res,
        () => parts.outbox.list(),
        () => outboxPage(parts),
      );
    if (path === '/dev/mail' && method === 'GET')
      return listing(
        req,
        res,
        () => parts.mail.list(),
        () => mailPage(parts),
      );
    if (path === '/dev/events' && method === 'GET')
      return listing(
        req,
        res,
        () => parts.events.list(),
        () => eventsPage(parts),
      );
    if (path === '/dev/schedules' && method === 'GET') return sendJson(res, 200, parts.scheduler.list());
    const run = /^\/dev\/schedules\/([^/]+)\/run$/.exec(path);
    if (run && method === 'POST') {
      const name = decodeURIComponent(run[1]!);
      if (!parts.scheduler.list().some((s) => s.name === name))
        return sendJson(res, 404, {
          error: { code: 'not_found', message: `No schedule "${name}".`, issues: [{ path: 'name', message: 'unknown schedule' }] },
        });
      const result = await parts.scheduler.run(name);
      // Wait for the work the run queued, so the outbox is complete when this answers.
      await Promise.all(parts.queues.map((q) => q.idle()));
      return sendJson(res, 200, { name, result });
    }
    if (path === '/dev/aggregate' && method === 'POST') {
      const r = jsonRequest(res, body, aggregateRequest, 'aggregate');
      if (!r) return true;
      return sendJson(res, 200, { ...r, snapshots: await parts.recomputeDays(r.from, r.to) });
    }
    if (path === '/dev/clock') {
      if (method === 'GET') return sendJson(res, 200, { now: parts.clock.now().toISOString(), set: parts.clock.isSet });
      if (method === 'POST') {
        const r = jsonRequest(res, body, clockRequest, 'clock');
        if (!r) return true;
        parts.clock.set(r.now);
        return sendJson(res, 200, { now: parts.clock.now().toISOString(), set: parts.clock.isSet });
      }
    }
    // The demo staff sign-in: a page of demo users; choosing one issues a token (the user's scopes and
    // org node) and returns to the dashboard with it in the fragment, which no server sees.
    if (path === DEV_SIGNIN_PATH) {
      const form = method === 'POST' ? new URLSearchParams(body.toString('utf8')) : url.searchParams;
      const lang = asLang(form.get('lang')) ?? 'fi';
      const user = DEMO_USERS.find((u) => u.id === form.get('user'));
      if (method === 'POST' && user) {
        const token = await parts.auth.issue(user.scopes, [user.node], user.id);
        res.writeHead(303, {
          location: `${dashboardReturnUrl(lang, form.get('back') ?? '', form.get('page'), STAFF_PAGES)}#token=${token}`,
          'cache-control': 'no-store',
        });
        res.end();
        return true;
      }
      if (method === 'GET' || method === 'POST') {
        res.writeHead(method === 'GET' ? 200 : 400, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy':
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        });
        res.end(renderDevSignIn(loadConfig(), lang, form.get('back') ?? '', form.get('page') ?? ''));
        return true;
      }
    }
    if (path === '/dev/queues' && method === 'GET')
      return sendJson(res, 200, Object.fromEntries(parts.queues.map((q) => [q.name, q.inspect()])));
    return sendJson(res, 404, { message: 'Not Found' });
  };
}
