import { randomUUID } from 'node:crypto';
import { loadConfig } from '#shared/config.ts';
import { contactKeysFromEnv } from '#shared/contacts/index.ts';
import { feedbackStoreFromEnv, pageLang, recordAnswerStored } from '#shared/feedback/index.ts';
import { clock, fillPath, formBody, httpHandler, MAX_FORM_BYTES, seeOther, unavailable } from '#shared/platform/index.ts';
import { givenOnRange } from '#shared/staffentry/given-on.ts';
import { STAFF_PATHS } from '#shared/staffentry/manifest.ts';
import { sameOriginPost, sessionIdOf } from '#shared/staffentry/session.ts';
import { enterFromForm, sessionOpen } from '#shared/staffentry/staff-entry.ts';
import { publicSite, staffCrossSite, staffHtml, staffNotFound, staffPageBase, unavailableNotice } from '#shared/staffentry/staff-http.ts';
import { type EntryFormView, renderCodePage, renderEntryForm } from '#shared/staffentry/staff-page.ts';
import { STAFF_UI } from '#shared/staffentry/staff-text.ts';
import { staffEntryStoreFromEnv } from '#shared/staffentry/store-from-env.ts';

const config = loadConfig();
const staff = { config, store: staffEntryStoreFromEnv(), clock: clock() };
const submit = { config, store: feedbackStoreFromEnv(), clock: clock(), contactKeys: contactKeysFromEnv() };

/**
 * `POST /staff/{unitId}`: with an open session, stores one paper or oral answer through the feedback
 * feature's submit use case (entry `staff`) and redirects (303) to a fresh form with the channel and
 * day kept; bad input → the form again with an error summary (400), nothing stored; no session →
 * the code page (401); a post from another origin → 403.
 */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters ?? {};
  if (!sameOriginPost(event.headers ?? {}, publicSite().origin))
    return staffCrossSite(config, pageLang(q.lang), event.pathParameters?.unitId ?? '');
  const fields = formBody(event, MAX_FORM_BYTES);
  const lang = pageLang(fields.lang ?? q.lang);
  const base = staffPageBase(config, staff.clock, event.pathParameters?.unitId ?? '', lang);
  if (!base) return staffNotFound(config, lang);
  const idem = fields.idem || randomUUID();
  const form = (extra: Partial<EntryFormView>) =>
    renderEntryForm({ ...base, idem, range: givenOnRange(staff.clock.now()), values: fields, ...extra });
  try {
    if (!(await sessionOpen(staff, base.unitId, sessionIdOf(event.cookies, event.headers?.cookie))))
      return staffHtml(401, renderCodePage({ ...base, notice: { title: STAFF_UI[lang].codeTitle, text: STAFF_UI[lang].sessionEnded } }));
    const r = await enterFromForm(submit, { unitId: base.unitId, survey: base.survey, lang, fields, idem });
    if (!r.stored) return staffHtml(400, form({ errors: r.errors }));
    if (r.result.created) recordAnswerStored(r.result.channel);
    const query = new URLSearchParams({ lang, channel: r.channel, givenOn: r.givenOn, saved: '1' });
    return seeOther(`${fillPath(STAFF_PATHS.form, { unitId: base.unitId })}?${query}`);
  } catch (e) {
    const busy = unavailable(e);
    if (!busy) throw e;
    return staffHtml(busy.status, form({ notice: unavailableNotice(lang) }), busy.headers);
  }
});
