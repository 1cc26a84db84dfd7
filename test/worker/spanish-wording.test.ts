/**
 * The Spanish a pledger, an organization's contact or a maintainer reads, checked for wording
 * rules a native reader (a bilingual clinician and medical translator) asked for: radiologists
 * named inclusively where the English is neutral ("radiólogos y radiólogas", as the roles say
 * "Radiólogo/a" and the impact page "mentores o mentoras"), a welcome that names no gender,
 * "usted" without leísmo, and one word for an HTTP request ("petición"), the word "solicitud"
 * being an organization's request to join.
 */
import { describe, expect, it } from 'vitest';
import { esEmail, esMessages } from '../../src/i18n/es.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import { KIOSK_STRINGS } from '../../src/kiosk/strings.ts';
import { ABOUT_STRINGS } from '../../worker/about/strings.ts';
import { ADMIN_STRINGS } from '../../worker/admin/strings.ts';
import { DATA_COPY_STRINGS } from '../../worker/admin/data-copy-strings.ts';
import { POSTER_STRINGS } from '../../worker/booth/strings.ts';
import { IMPACT_STRINGS } from '../../worker/impact/strings.ts';
import { ORG_ADMIN_STRINGS } from '../../worker/organizations/admin-strings.ts';
import { ORG_STRINGS } from '../../worker/organizations/strings.ts';
import { PAGE_STRINGS } from '../../worker/pledges/strings.ts';
import { REQUEST_ERRORS } from '../../worker/platform/request-errors.ts';
import { RESOURCE_ADMIN_STRINGS, fieldMessage } from '../../worker/resources/admin-strings.ts';
import { RESOURCE_STRINGS } from '../../worker/resources/strings.ts';
import { UPDATES_ADMIN_STRINGS } from '../../worker/updates/admin-strings.ts';
import { UPDATE_STRINGS } from '../../worker/updates/strings.ts';

/** Every text in a table: its strings, and each function's text for sample arguments. */
function texts(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (typeof value === 'function') {
    try {
      const out = (value as (...a: unknown[]) => unknown)('X', 'rsna', 2, 3);
      return texts(out, at);
    } catch {
      return [];
    }
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => texts(v, at ? `${at}.${k}` : k));
  return [];
}

const SPANISH: Record<string, unknown> = {
  widget: STRINGS.es,
  fieldMessages: esMessages,
  email: esEmail,
  kiosk: KIOSK_STRINGS.es,
  about: ABOUT_STRINGS.es,
  admin: ADMIN_STRINGS.es,
  dataCopy: DATA_COPY_STRINGS.es,
  poster: POSTER_STRINGS.es,
  impact: IMPACT_STRINGS.es,
  organizations: ORG_STRINGS.es,
  organizationsAdmin: ORG_ADMIN_STRINGS.es,
  pledgePage: PAGE_STRINGS.es,
  requestErrors: REQUEST_ERRORS.es,
  resources: RESOURCE_STRINGS.es,
  resourcesAdmin: RESOURCE_ADMIN_STRINGS.es,
  updates: UPDATE_STRINGS.es,
  updatesAdmin: UPDATES_ADMIN_STRINGS.es,
};

const all = Object.entries(SPANISH).flatMap(([table, t]) => texts(t).map(([key, text]) => [`${table}.${key}`, text] as const));

describe('Spanish wording', () => {
  it('reads a few hundred texts (the walk reaches the tables)', () => {
    expect(all.length).toBeGreaterThan(500);
  });

  it('names radiologists inclusively: "radiólogos" always with "radiólogas"', () => {
    const masculine = all.filter(([, text]) => /\bradiólogos\b(?! y (las )?radiólogas)/i.test(text)).map(([key]) => key);
    expect(masculine).toEqual([]);
  });

  it('welcomes without a gender ("Le damos la bienvenida", not "Bienvenidos")', () => {
    expect(all.filter(([, text]) => /\bbienvenid(o|os|as)\b|(?<!la )\bbienvenida\b/i.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('gives the reader no gender: "por su cuenta", not "usted mismo" or "por sí mismo"', () => {
    expect(all.filter(([, text]) => /\b(usted|sí) mism[oa]s?\b/i.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('says "usted" without leísmo (no "contactarle", "llamarle"…)', () => {
    expect(all.filter(([, text]) => /\b(contactarle|llamarle|ayudarle|avisarle|invitarle)\b/i.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('calls an HTTP request "petición" in the request errors ("solicitud" is an organization\'s request to join)', () => {
    const errors = texts(REQUEST_ERRORS.es).filter(([key]) => !['tooLarge', 'notJson', 'busy'].includes(key));
    expect(errors.filter(([, text]) => /solicitud/i.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('calls an HTTP request "petición" on the dashboard too ("solicitud" only for an organization\'s request)', () => {
    const admin = texts(ADMIN_STRINGS.es).filter(([, text]) => /solicitud/i.test(text) && !/organizaci/i.test(text));
    expect(admin.map(([key]) => key)).toEqual([]);
  });

  it('names the suppression list one way: "lista de exclusión", never "lista de supresión"', () => {
    expect(all.filter(([, text]) => /supresi[oó]n/i.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('calls a toolkit a single thing, like the other kinds of resource', () => {
    expect(RESOURCE_STRINGS.es.kinds.toolkit).toBe('Caja de herramientas');
  });

  it('groups thousands in figures as es-US writes them (100,000), also in the resource form\'s messages', () => {
    const said = [...all, ['resourcesAdmin.position', fieldMessage('es', 'position is 100000 or less')] as const];
    expect(said.filter(([, text]) => /(?<![\d,.:/#-])\d{5,}(?!\d)/.test(text)).map(([key]) => key)).toEqual([]);
    expect(fieldMessage('en', 'position is 100000 or less')).toBe('The order must be 100,000 or less');
  });
});
