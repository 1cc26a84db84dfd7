import { Hono } from 'hono';
import { pickLang } from '../../src/i18n/index.ts';
import { LANGS } from '../../src/pledge-fields.ts';
import { regionOptions } from '../../src/regions.ts';
import { PAGE_STRINGS } from '../pledges/strings.ts';
import { supported } from '../platform/accept-language.ts';
import { errorResponse } from '../platform/errors.ts';
import { REQUEST_ERRORS, requestLang } from '../platform/request-errors.ts';

/**
 * `GET /api/regions?lang=es`: the region form's options, `{ us: [[code, name]…], countries:
 * [[code, name]…], choose: [state, country] }`, sorted by name in that language; `choose` is each
 * select's first, empty choice, said ("Choose a state or territory") instead of read out as
 * "blank". The widget fills its selects from here rather than carrying 250 country names in the
 * drop-in script. The same for everyone, and
 * caches keep it for a day; like the rest of the API, only registered partner origins get CORS
 * headers (worker/index.ts, `Vary: Origin`).
 */
export const regionsApi = new Hono<{ Bindings: Env }>();

const bodies = new Map<string, string>();

regionsApi.get('/', (c) => {
  const asked = c.req.query('lang') || undefined;
  // No language is English; a tag we speak in any case or with a region (`ES`, `es-MX`) is that
  // language; one we do not speak is a mistake worth saying (as /api/resources does).
  const spoken = asked === undefined ? 'en' : supported(asked);
  if (!spoken) {
    const said = REQUEST_ERRORS[requestLang(c)];
    return errorResponse(c, 422, 'validation', said.badQuery, { lang: [said.oneOf('lang', LANGS)] });
  }
  const lang = pickLang(spoken);
  let body = bodies.get(lang);
  if (!body) {
    const p = PAGE_STRINGS[lang];
    bodies.set(lang, (body = JSON.stringify({ ...regionOptions(lang), choose: [p.chooseState, p.chooseCountry] })));
  }
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'public, max-age=86400, stale-while-revalidate=604800',
      'Content-Language': lang,
    },
  });
});

regionsApi.all('/', (c) => {
  c.header('Allow', 'GET, HEAD, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', REQUEST_ERRORS[requestLang(c)].method(['GET']));
});
