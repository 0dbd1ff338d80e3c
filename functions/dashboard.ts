import { loadConfig } from '#shared/config/index.ts';
import { pageLang } from '#shared/web/form-context.ts';
import { httpHandler } from './lib/http.ts';
import { htmlResponse } from './lib/html-response.ts';
import { html } from '#shared/web/html.ts';

const config = loadConfig();

/** `GET /admin`: the managers' dashboard shell (placeholder until the dashboard page lands). */
export const handler = httpHandler(async (event) => {
  const lang = pageLang(event.queryStringParameters?.lang);
  const region = config.org.node(config.org.regionId)!.name[lang];
  return htmlResponse(200, `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><title>${region}</title></head><body><main><h1>${region}</h1></main></body></html>`}`);
});
