/**
 * What maintainers read on `/admin/resources`, in English and Spanish. The JSON API keeps the
 * shared schema's English messages; this page says them in its own language (`fieldMessage`).
 */
import { STRINGS } from '../../src/i18n/index.ts';
import { ROLES, type Lang } from '../../src/pledge-fields.ts';
import { RESOURCE_KINDS, RESOURCE_STRINGS } from './strings.ts';
import { RESOURCE_LIMITS } from './schema.ts';

const en = {
  title: 'Resources and outcomes — RHEC Pledge',
  errorTitlePrefix: 'Error: ',
  heading: 'Resources and outcomes',
  backToDashboard: 'Back to the dashboard',
  /** The name of the links at the top (back to the dashboard…), a navigation landmark, as the Updates page names its own. */
  crumbsLabel: 'Dashboard',
  publicLibrary: 'The public library',
  outcomesHeading: 'Outcomes',
  /** What follows a figure in bold, so `n` only picks the grammatical number. */
  actionsReported: (n: number): string => (n === 1 ? 'action counted' : 'actions counted'),
  activePledges: (n: number): string => `${n === 1 ? 'active pledge' : 'active pledges'} (confirmed or renewed within a year)`,
  lapsedPledges: (n: number): string => (n === 1 ? 'lapsed pledge' : 'lapsed pledges'),
  actionsCaption: 'Actions by kind: counted, and the reports behind them',
  actionColumn: 'Action',
  reportedColumn: 'Counted',
  reportsColumn: 'Reports',
  /** After the counted total: the reports behind it. */
  fromReports: (count: string, n: number): string => `(from ${count} ${n === 1 ? 'report' : 'reports'})`,
  countedHow: 'Counted as on the public impact page: a pledger\u2019s reports of one kind count once a day, and only while their pledge stands. Every report is kept.',
  notesHeading: 'What pledgers wrote',
  notesCaption: 'The latest notes sent with a reported action, newest first',
  noteWhen: 'Date',
  noteWho: 'Society and role',
  noteColumn: 'Note',
  noNotes: 'No pledger has added a note to a reported action yet.',
  libraryHeading: 'The resource library',
  /** Roles, per language, whose pledgers see fewer than three next steps (the thank-you panel, the confirmed page, the confirmation email). */
  stepGapsIntro: 'Fewer than three next steps: pledgers in these roles see fewer after pledging (on the thank-you panel, the confirmed page and the confirmation email) until you add resources with a next step for them.',
  stepGap: (role: string, langName: string, count: string): string => `${role}, ${langName}: ${count} of 3`,
  /** A language's name inside a sentence. */
  langInText: { en: 'English', es: 'Spanish' } satisfies Record<Lang, string>,
  skipToLibrary: 'Skip to the resource library',
  /** The table's own name (a scrollable region's), apart from the section's heading: two landmarks may not share one. */
  libraryCaption: 'Resources, with their next step, roles, language and order',
  resourceColumn: 'Resource',
  stepColumn: 'Next step',
  rolesColumn: 'Roles',
  langColumn: 'Language',
  orderColumn: 'Order',
  actionsColumn: 'Actions',
  retiredTag: 'retired',
  edit: 'Edit',
  retire: 'Retire',
  restore: 'Restore',
  editHeading: 'Edit a resource',
  addHeading: 'Add a resource',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  optional: '(optional)',
  titleLabel: 'Title',
  urlLabel: 'Address',
  urlHint: 'A full https:// address.',
  summaryLabel: 'One-line summary',
  stepLabel: 'Next step',
  stepHint:
    'Phrased as an action ("Take the one-hour course on …"). Resources with a next step are offered as next steps to the roles they suit, in their order.',
  kindLabel: 'Kind',
  rolesLegend: 'Roles it suits',
  rolesHint: 'Tick every role it suits (all of them for a resource for everyone).',
  langLabel: 'Language',
  langNames: { en: 'English', es: 'Spanish' } satisfies Record<Lang, string>,
  partnerLabel: 'Contributing society',
  coalition: 'The coalition',
  positionLabel: 'Order',
  positionHint: 'Lower numbers come first.',
  saveChanges: 'Save changes',
  addResource: 'Add resource',
  saved: (title: string) => `Saved: ${title}.`,
  retired: (title: string) => `Retired: ${title}.`,
  restored: (title: string) => `Restored: ${title}.`,
  noSuchResource: 'There is no resource with that id.',
  unknownPartner: 'Choose a society from the list',
  duplicateUrl: (title: string) => `This link is already in the library in this language, as “${title}”: edit that one instead`,
  /** A schema message this page has no translation for (English says the schema's own). */
  fallback: 'Check this answer',
};

export type ResourceAdminStrings = typeof en;

const es: ResourceAdminStrings = {
  title: 'Recursos y resultados — RHEC Pledge',
  errorTitlePrefix: 'Error: ',
  heading: 'Recursos y resultados',
  backToDashboard: 'Volver al panel',
  crumbsLabel: 'Panel',
  publicLibrary: 'La biblioteca pública',
  outcomesHeading: 'Resultados',
  actionsReported: (n) => (n === 1 ? 'acción contabilizada' : 'acciones contabilizadas'),
  activePledges: (n) => (n === 1 ? 'compromiso activo (confirmado o renovado en el último año)' : 'compromisos activos (confirmados o renovados en el último año)'),
  lapsedPledges: (n) => (n === 1 ? 'compromiso vencido' : 'compromisos vencidos'),
  actionsCaption: 'Acciones por tipo: contabilizadas, y los informes de los que salen',
  actionColumn: 'Acción',
  reportedColumn: 'Contabilizadas',
  reportsColumn: 'Informes',
  fromReports: (count, n) => `(de ${count} ${n === 1 ? 'informe' : 'informes'})`,
  countedHow: 'Contabilizadas como en la página pública de impacto: los informes de una persona sobre un mismo tipo de acción cuentan una vez al día, y solo mientras su compromiso siga en pie. Se guardan todos los informes.',
  notesHeading: 'Lo que escribieron',
  notesCaption: 'Las últimas notas enviadas con una acción, de la más reciente a la más antigua',
  noteWhen: 'Fecha',
  noteWho: 'Sociedad y función',
  noteColumn: 'Nota',
  noNotes: 'Todavía nadie ha añadido una nota a una acción.',
  libraryHeading: 'La biblioteca de recursos',
  stepGapsIntro: 'Menos de tres próximos pasos: quienes se comprometen con estas funciones ven menos al comprometerse (en el panel de agradecimiento, la página de confirmación y el correo de confirmación) hasta que añada recursos con un próximo paso para ellas.',
  stepGap: (role: string, langName: string, count: string): string => `${role}, ${langName}: ${count} de 3`,
  langInText: { en: 'inglés', es: 'español' },
  skipToLibrary: 'Saltar a la biblioteca de recursos',
  libraryCaption: 'Recursos, con su próximo paso, funciones, idioma y orden',
  resourceColumn: 'Recurso',
  stepColumn: 'Próximo paso',
  rolesColumn: 'Funciones',
  langColumn: 'Idioma',
  orderColumn: 'Orden',
  actionsColumn: 'Acciones',
  retiredTag: 'retirado',
  edit: 'Editar',
  retire: 'Retirar',
  restore: 'Restaurar',
  editHeading: 'Editar un recurso',
  addHeading: 'Añadir un recurso',
  errorSummaryTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  optional: '(opcional)',
  titleLabel: 'Título',
  urlLabel: 'Dirección',
  urlHint: 'Una dirección https:// completa.',
  summaryLabel: 'Resumen de una línea',
  stepLabel: 'Próximo paso',
  stepHint:
    'Redactado como una acción («Haga el curso de una hora sobre …»). Los recursos con un próximo paso se ofrecen como próximos pasos a las funciones que les corresponden, en su orden.',
  kindLabel: 'Tipo',
  rolesLegend: 'Funciones a las que corresponde',
  rolesHint: 'Marque todas las funciones a las que corresponde (todas, si es un recurso para todo el mundo).',
  langLabel: 'Idioma',
  langNames: { en: 'Inglés', es: 'Español' },
  partnerLabel: 'Sociedad que lo aporta',
  coalition: 'La coalición',
  positionLabel: 'Orden',
  positionHint: 'Los números más bajos van primero.',
  saveChanges: 'Guardar los cambios',
  addResource: 'Añadir el recurso',
  saved: (title) => `Guardado: ${title}.`,
  retired: (title) => `Retirado: ${title}.`,
  restored: (title) => `Restaurado: ${title}.`,
  noSuchResource: 'No hay ningún recurso con ese identificador.',
  unknownPartner: 'Elija una sociedad de la lista',
  duplicateUrl: (title) => `Este enlace ya está en la biblioteca en este idioma, como «${title}»: edite ese recurso`,
  fallback: 'Revise esta respuesta',
};

export const RESOURCE_ADMIN_STRINGS: Record<Lang, ResourceAdminStrings> = { en, es };

/**
 * The shared schema's messages (worker/resources/schema.ts and the page's own partner check),
 * in Spanish. Built from the same pieces the schema uses, so a new length or kind stays in step.
 */
const ES_MESSAGES: Record<string, string> = (() => {
  const m: Record<string, string> = {};
  const texts: [string, number, string, string][] = [
    ['title', RESOURCE_LIMITS.title, 'el título', 'El título'],
    ['one-line summary', RESOURCE_LIMITS.summary, 'el resumen de una línea', 'El resumen de una línea'],
    ['next step', RESOURCE_LIMITS.step, 'el próximo paso', 'El próximo paso'],
  ];
  for (const [what, max, el, El] of texts) {
    m[`Enter the ${what}`] = `Escriba ${el}`;
    m[`Enter the ${what} as text`] = `Escriba ${el} como texto`;
    m[`The ${what} must be ${max} characters or fewer`] = `${El} debe tener ${max} caracteres o menos`;
    m[`The ${what} must not contain control characters`] = `${El} no debe contener caracteres de control`;
    m[`The ${what} must not contain a broken character`] = `${El} no debe contener un carácter roto`;
    m[`The ${what} must not contain characters that reverse the text's direction`] = `${El} no debe contener caracteres que inviertan la dirección del texto`;
  }
  const kinds = RESOURCE_STRINGS.es.kinds;
  const roles = STRINGS.es.roles;
  Object.assign(m, {
    'Enter the address (https://…)': 'Escriba la dirección (https://…)',
    [`The address must be ${RESOURCE_LIMITS.url} characters or fewer`]: `La dirección debe tener ${RESOURCE_LIMITS.url} caracteres o menos`,
    'The address must not contain control characters': 'La dirección no debe contener caracteres de control',
    'The address must not contain a broken character': 'La dirección no debe contener un carácter roto',
    "The address must not contain characters that reverse the text's direction": 'La dirección no debe contener caracteres que inviertan la dirección del texto',
    'Enter a full https:// address, like https://www.acr.org/…': 'Escriba una dirección https:// completa, como https://www.acr.org/…',
    'Enter a public web address pledgers can open: not localhost, a local name or an IP address':
      'Escriba una dirección web pública que los firmantes puedan abrir: no localhost, un nombre local ni una dirección IP',
    [`Choose a kind: ${RESOURCE_KINDS.join(', ')}`]: `Elija un tipo: ${RESOURCE_KINDS.map((k) => kinds[k]).join(', ')}`,
    [`Roles are: ${ROLES.join(', ')}`]: `Las funciones son: ${ROLES.map((r) => roles[r]).join(', ')}`,
    'List the roles it suits': 'Indique las funciones a las que corresponde',
    'List the roles it suits as a list, like ["nurse", "technologist"]': 'Indique las funciones como una lista, como ["nurse", "technologist"]',
    'Choose at least one role (list every role it suits; an empty list is not "all")':
      'Elija al menos una función (marque todas las que correspondan; ninguna no significa «todas»)',
    'List each role once': 'Indique cada función una sola vez',
    'Choose a language: en, es': 'Elija un idioma: inglés o español',
    'Choose a society': 'Elija una sociedad',
    'Choose a society by its id': 'Elija una sociedad por su identificador',
    'position is a whole number': 'El orden debe ser un número entero',
    'position is 0 or more': 'El orden debe ser 0 o más',
    'position is 100000 or less': 'El orden debe ser 100,000 o menos',
  });
  return m;
})();

/** The schema's words that name the API's field (`position`), as the page's form calls it (Order). */
const EN_MESSAGES: Record<string, string> = {
  'position is a whole number': 'The order must be a whole number',
  'position is 0 or more': 'The order must be 0 or more',
  'position is 100000 or less': 'The order must be 100,000 or less',
};

/** A schema message as this page says it in `lang` (English: the schema's own words, but for the field it names differently). */
export function fieldMessage(lang: Lang, message: string): string {
  return lang === 'en' ? (EN_MESSAGES[message] ?? message) : (ES_MESSAGES[message] ?? RESOURCE_ADMIN_STRINGS[lang].fallback);
}

/** Field errors from the schema, each message in `lang`. */
export function fieldMessages(lang: Lang, errors: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors).map(([field, list]) => [field, list.map((m) => fieldMessage(lang, m))]));
}
