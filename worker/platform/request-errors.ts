/**
 * The JSON APIs' request-level errors (413, 415, 400, 405, 429, 503), in the request's language:
 * once the body is read its own `lang`, else `?lang=`, else Accept-Language (before it is read,
 * only the last two). The 422's per-field
 * messages come from the shared vocabulary (src/i18n/messages.ts).
 */
import type { Context } from 'hono';
import type { Lang } from '../../src/pledge-fields.ts';
import { langFor, supported } from './accept-language.ts';
import { formatNumber } from './pages/locale.ts';

type What = 'pledge' | 'request';

/** "GET or POST", "GET, POST o PUT": HEAD and OPTIONS go without saying (Allow lists them). */
const methodList = (lang: Lang, allowed: string[]) =>
  new Intl.ListFormat(lang, { type: 'disjunction' }).format(allowed.filter((m) => m !== 'HEAD' && m !== 'OPTIONS'));

export const REQUEST_ERRORS: Record<Lang, {
  tooLarge: (what: What, bytes: number) => string;
  notJson: (what: What) => string;
  badJson: string;
  /** A JSON body whose bytes are not UTF-8 (its text would be stored with � in place of what was sent). */
  badUtf8: string;
  /** A JSON body sent compressed (Content-Encoding: gzip…), which is read as it comes, byte for byte. */
  encoded: string;
  method: (allowed: string[]) => string;
  notFound: (method: string, path: string) => string;
  /** A query parameter's value that is not one of `values`, and the summary above such errors. */
  oneOf: (name: string, values: readonly string[]) => string;
  badQuery: string;
  busy: (what: What) => string;
  limited: string;
  /** The failures of our own (or of a cut-off body), as JSON messages and as a person's page. */
  incomplete: string;
  incompleteHeading: string;
  notConfigured: string;
  notConfiguredHeading: string;
  internal: string;
  internalHeading: string;
  /** A person's form post (the hosted pledge and join pages) that is not a form, or is one that cannot be read. */
  notForm: string;
  notFormHeading: string;
  badForm: string;
  badFormHeading: string;
  formTooLarge: string;
  formTooLargeHeading: string;
}> = {
  en: {
    tooLarge: (what, bytes) => `A ${what} must be ${formatNumber(bytes, 'en')} bytes or smaller.`,
    notJson: (what) => `Send the ${what} as JSON (Content-Type: application/json).`,
    badJson: 'The request body is not valid JSON.',
    badUtf8: 'The request body is not valid UTF-8 text, which JSON must be.',
    encoded: 'Send the request body uncompressed, without a Content-Encoding header.',
    method: (allowed) => `Send it with ${methodList('en', allowed)}.`,
    notFound: (method, path) => `Nothing is at ${method} ${path}.`,
    oneOf: (name, values) => `${name} is one of: ${values.join(', ')}`,
    badQuery: 'Check the query parameters.',
    busy: (what) => `The service is busy. Send the same ${what} again shortly.`,
    limited: 'Too many requests from this address in the last minute. Send the same one again in a minute.',
    incomplete: 'The request body ended before it was complete. Send it again.',
    incompleteHeading: 'The request arrived incomplete',
    notConfigured: 'This service is not fully configured yet. Try again later.',
    notConfiguredHeading: 'This service is not ready yet',
    internal: 'Something went wrong on our side. Try again in a moment.',
    internalHeading: 'Something went wrong',
    notForm: 'Send the form from its page (as application/x-www-form-urlencoded or multipart/form-data).',
    notFormHeading: 'This was not a form',
    badForm: 'The form could not be read. Go back and send it again.',
    badFormHeading: 'The form could not be read',
    formTooLarge: 'The form is larger than this service accepts. Go back, shorten your answers and send it again.',
    formTooLargeHeading: 'The form is too large',
  },
  es: {
    tooLarge: (what, bytes) => `${what === 'pledge' ? 'Un compromiso' : 'Una solicitud'} no puede superar los ${formatNumber(bytes, 'es')} bytes.`,
    notJson: (what) => `Envíe ${what === 'pledge' ? 'el compromiso' : 'la solicitud'} como JSON (Content-Type: application/json).`,
    badJson: 'El cuerpo de la petición no es JSON válido.',
    badUtf8: 'El cuerpo de la petición no es texto UTF-8 válido, como debe serlo el JSON.',
    encoded: 'Envíe el cuerpo de la petición sin comprimir, sin la cabecera Content-Encoding.',
    method: (allowed) => `Envíe la petición con ${methodList('es', allowed)}.`,
    notFound: (method, path) => `No hay nada en ${method} ${path}.`,
    oneOf: (name, values) => `${name} debe ser uno de: ${values.join(', ')}`,
    badQuery: 'Revise los parámetros de la consulta.',
    busy: (what) => `El servicio está ocupado. Vuelva a enviar ${what === 'pledge' ? 'el mismo compromiso' : 'la misma solicitud'} dentro de un momento.`,
    limited: 'Demasiadas peticiones desde esta dirección en el último minuto. Envíe la misma de nuevo dentro de un minuto.',
    incomplete: 'La petición terminó antes de estar completa. Vuelva a enviarla.',
    incompleteHeading: 'La petición llegó incompleta',
    notConfigured: 'Este servicio aún no está configurado del todo. Vuelva a intentarlo más tarde.',
    notConfiguredHeading: 'Este servicio aún no está listo',
    internal: 'Algo ha fallado por nuestra parte. Vuelva a intentarlo dentro de un momento.',
    internalHeading: 'Algo ha fallado',
    notForm: 'Envíe el formulario desde su página (como application/x-www-form-urlencoded o multipart/form-data).',
    notFormHeading: 'Esto no era un formulario',
    badForm: 'No se pudo leer el formulario. Vuelva atrás y envíelo de nuevo.',
    badFormHeading: 'No se pudo leer el formulario',
    formTooLarge: 'El formulario supera el tamaño que admite este servicio. Vuelva atrás, acorte sus respuestas y envíelo de nuevo.',
    formTooLargeHeading: 'El formulario es demasiado grande',
  },
};

/** The language of a request not yet read: `?lang=`, else Accept-Language, else English. */
export function requestLang(c: Context): Lang {
  return langFor(c.req.query('lang'), c.req.header('Accept-Language'));
}

/** The language a JSON body asks for in its own `lang` (`es`, `ES`, `es-MX`), when it is one we speak. */
export function bodyLang(body: unknown): Lang | undefined {
  const lang = typeof body === 'object' && body !== null ? (body as { lang?: unknown }).lang : undefined;
  return typeof lang === 'string' ? supported(lang) : undefined;
}

/** The language to answer a read JSON body in: its own `lang`, else `?lang=`, else Accept-Language. */
export function answerLang(c: Context, body: unknown): Lang {
  return bodyLang(body) ?? requestLang(c);
}
