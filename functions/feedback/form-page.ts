import { randomUUID } from 'node:crypto';
import { loadConfig } from '#shared/config.ts';
import { formContext, pageLang } from '#shared/feedback/form-context.ts';
import { formChannel } from '#shared/feedback/form-input.ts';
import { renderForm, renderMessage, renderThanks } from '#shared/feedback/form-page.ts';
import { UI } from '#shared/feedback/ui-text.ts';
import { clock, httpHandler, htmlResponse } from '#shared/platform/index.ts';

const config = loadConfig();

/** `GET /f/{unitId}` (the form) and `GET /f/{unitId}/thanks` (the page after sending). */
export const handler = httpHandler(async (event) => {
  const q = event.queryStringParameters ?? {};
  const lang = pageLang(q.lang);
  const channel = formChannel(q.ch);
  const ctx = formContext(config, clock(), event.pathParameters?.unitId ?? '', lang);
  const regionName = config.org.node(config.org.regionId)!.name[lang];
  if (!ctx) return htmlResponse(404, renderMessage({ lang, regionName, title: UI[lang].notFoundTitle, text: UI[lang].notFoundBody }));
  if (event.rawPath.endsWith('/thanks')) {
    return htmlResponse(200, renderThanks({ lang, unitId: ctx.unit.id, regionName, channel }));
  }
  return htmlResponse(
    200,
    renderForm({ lang, unitId: ctx.unit.id, unitName: ctx.unit.name[lang], regionName, channel, survey: ctx.survey, idem: randomUUID() }),
  );
});
