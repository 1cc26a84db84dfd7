/**
 * Field messages only a client of the JSON API can meet (a value of the wrong type, a malformed
 * idempotency key): the widget, the hosted page and kiosk mode always send text where text goes
 * and a well-formed `id`, so these stay out of their modules (kiosk mode carries `messages.ts`).
 * Used by the Worker; any other key is `fieldMessage`'s.
 */
import type { Lang } from '../pledge-fields.ts';
import { fieldMessage } from './messages.ts';

const API_MESSAGES: Record<Lang, Record<string, string>> = {
  en: {
    'id.format': 'Reload the page and try again (an id is 16 to 64 letters, digits, hyphens or underscores)',
    'partner.type': 'Give the society as text, like "rsna"',
    'name.type': 'Enter your full name as text',
    'email.type': 'Enter your email address as text',
    'role.unknown': 'Select your role (role must be one of radiologist, trainee, technologist, physicist, nurse, leader, other)',
    'commitment.type': 'Select the commitment to sign the pledge (commitment must be true)',
    'updates.type': 'Choose whether to be kept informed (updates must be true or false)',
    'lang.type': 'Choose English or Spanish (lang must be "en" or "es")',
    'region.type': 'Give the region as text: a US state or territory code like "US-CA", or a country code like "MX"',
  },
  es: {
    'id.format': 'Vuelva a cargar la página e inténtelo de nuevo (un id tiene de 16 a 64 letras, cifras, guiones o guiones bajos)',
    'partner.type': 'Indique la sociedad como texto, como "rsna"',
    'name.type': 'Escriba su nombre completo como texto',
    'email.type': 'Escriba su correo electrónico como texto',
    'role.unknown': 'Seleccione su función (role debe ser uno de radiologist, trainee, technologist, physicist, nurse, leader, other)',
    'commitment.type': 'Marque la casilla del compromiso para firmarlo (commitment debe ser true)',
    'updates.type': 'Indique si quiere recibir novedades (updates debe ser true o false)',
    'lang.type': 'Elija inglés o español (lang debe ser "en" o "es")',
    'region.type': 'Indique la región como texto: el código de un estado o territorio de EE. UU. como "US-CA", o el de un país como "MX"',
  },
};

/**
 * A region given by a code people often mistake for the list's (`region.meant.US-PR` for `PR`,
 * see `regionMeant`): the code to use, named (`region.meant.US`, for `US`: a state or territory's
 * code). Pledges' and organizations' requests both say it.
 */
const MEANT_MESSAGES: Record<Lang, Record<string, string>> = {
  en: {
    'US-PR': 'Use US-PR for Puerto Rico',
    'US-GU': 'Use US-GU for Guam',
    'US-VI': 'Use US-VI for the US Virgin Islands',
    'US-AS': 'Use US-AS for American Samoa',
    'US-MP': 'Use US-MP for the Northern Mariana Islands',
    GB: 'Use GB for the United Kingdom',
    US: 'Choose the state or territory: a place in the United States is given by its code, such as US-CA for California',
  },
  es: {
    'US-PR': 'Use US-PR para Puerto Rico',
    'US-GU': 'Use US-GU para Guam',
    'US-VI': 'Use US-VI para las Islas Vírgenes de EE. UU.',
    'US-AS': 'Use US-AS para Samoa Estadounidense',
    'US-MP': 'Use US-MP para las Islas Marianas del Norte',
    GB: 'Use GB para el Reino Unido',
    US: 'Elija el estado o territorio: un lugar de Estados Unidos se indica con su código, como US-CA para California',
  },
};

/** The message for `region.meant.<code>`, in `lang`; undefined for any other key. */
export function regionMeantMessage(lang: Lang, key: string): string | undefined {
  return key.startsWith('region.meant.') ? MEANT_MESSAGES[lang][key.slice('region.meant.'.length)] : undefined;
}

/** The message for one schema key, in `lang`, for a pledge that came through any door. */
export function apiFieldMessage(lang: Lang, key: string): string {
  return API_MESSAGES[lang][key] ?? regionMeantMessage(lang, key) ?? fieldMessage(lang, key);
}
