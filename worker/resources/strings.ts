/** What the after-the-pledge pages and emails say, in every language the coalition speaks. */
import { societyInSpanish } from '../../src/content/society-articles.ts';
import type { Lang } from '../../src/pledge-fields.ts';

export const RESOURCE_KINDS = ['toolkit', 'course', 'article', 'program', 'dataset'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** What a pledger can report having done, in the order the form shows them. */
export const ACTION_KINDS = ['screening', 'language', 'outreach', 'mentoring', 'other'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

const en = {
  kinds: { toolkit: 'Toolkit', course: 'Course', article: 'Article', program: 'Program', dataset: 'Dataset' } satisfies Record<ResourceKind, string>,
  actions: {
    screening: 'Reviewed screening access in my practice',
    language: 'Improved language access or interpreter services',
    outreach: 'Joined a community outreach event',
    mentoring: 'Mentored someone',
    other: 'Something else',
  } satisfies Record<ActionKind, string>,
  stepsHeading: 'Your next steps',
  stepsIntro: (role: string, n: number) =>
    `${n === 1 ? 'One thing' : `${['Two', 'Three', 'Four', 'Five'][n - 2] ?? n} things`} you can do next, for your role (${role.toLowerCase()}):`,
  tellUs: 'Tell us what you did',
  moreResources: 'Every resource for your role',
  tellUsIntro: 'Each action you report helps the coalition measure change.',
  resourcesTitle: 'Resources for health equity in radiology',
  resourcesIntro:
    'The coalition collects and shares resources and best practices. Choose your role to see what suits it.',
  roleFilter: 'Your role',
  allRoles: 'Every role',
  show: 'Show resources',
  noResources: 'No resources for this role yet.',
  /** A link naming a role the library does not know (hand-edited, or cut short): every role's are shown. */
  unknownRole: 'That link asked for a role we do not know, so resources for every role are shown. Choose your role to narrow them.',
  /** `id`: the society's partner id (Spanish gives a member society its article: "De la RSNA", "Del ACR"). */
  from: (society: string, _id: string) => `From ${society}`,
  suits: 'Suits',
  actionsTitle: 'Tell us what you did',
  actionsIntro:
    'Since you pledged, what have you done to advance health equity? Choose what fits best. You can come back and report more than one action.',
  actionLegend: 'What did you do?',
  noteLabel: 'Anything you would like to add (optional, unless you chose “Something else”)',
  noteHint: 'If you chose “Something else”, say what in a few words. Do not include anything that identifies a patient.',
  noteNeeded: 'Say in a few words what you did, since you chose “Something else”',
  noteLong: 'Keep your note to 500 characters or fewer',
  noteControl: 'Your note contains a character that cannot be sent (a control character or a damaged one); type that part again',
  actionMissing: 'Choose what you did',
  actionsToday: (n: number) => `You have reported ${n} actions today, the most we keep in a day: report this one tomorrow`,
  logAction: 'Report this action',
  actionLoggedTitle: 'Thank you: your action is counted',
  actionLoggedBody: 'It now counts toward the coalition\u2019s measure of change. You can report another action at any time.',
  actionReported: 'You reported:',
  actionAgainToday: 'You had already reported this kind of action today: the coalition\u2019s count takes each kind once a day from each pledge, and your report and its note are kept. You can report another action at any time.',
  anotherAction: 'Report another action',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  linkInvalidTitle: 'This link does not work',
  linkInvalidBody: 'Open the link from your most recent email from the coalition.',
  linkExpiredTitle: 'This link has expired',
  // As the updates' pages say it: signing again sends an "already pledged" email with fresh links (to
  // renew a lapsed pledge too), and counts nothing twice.
  linkExpiredBody:
    'Open the same link in a more recent email from the coalition. If you have none, sign the pledge again with the same address: we will email you fresh links, and your pledge is not counted twice.',
  goneTitle: 'This pledge no longer exists',
  goneBody: 'It was withdrawn, so we hold no details and send nothing. You are welcome to pledge again.',
  unconfirmedTitle: 'This pledge is not confirmed yet',
  unconfirmedBody: 'Confirm it first with the button in the email that asked you to confirm your pledge. This link works once your pledge is confirmed.',
  recommitTitle: 'Renew your pledge',
  /** `years`: since the pledge was confirmed, as its email says it (a year, at least). */
  recommitBody: (years: number) =>
    `${years > 1 ? `You committed ${years} years ago` : 'A year ago you committed'} to advancing health equity in your practice and acting to reduce health disparities in radiology. Renew that commitment for the year ahead.`,
  recommitButton: 'Renew my pledge',
  /** The "already pledged" note to a lapsed pledge, in place of "there is nothing more to do". */
  alreadyLapsed:
    'Someone (probably you) just pledged again with this email address. Your pledge is already confirmed, and it counts once, as you first made it. But a year has passed since you made or last renewed it, so it no longer counts among the active pledges: renew it for the year ahead.',
  /** After its renewal button: what the usual "already pledged" note says last (a second pledge often means a change). */
  alreadyChange: 'To change your role, your language or whether you get our updates, use your preferences below.',
  recommittedTitle: 'Thank you for renewing your pledge',
  recommittedBody: 'Your pledge counts as active for another year.',
  alreadyRecommittedTitle: 'Your pledge is renewed',
  alreadyRecommittedBody: (day: string) => `You renewed it on ${day}: it counts as active for a year from then. There is nothing more to do.`,
  // The yearly renewal email's own way out (`/reminders`, and List-Unsubscribe), which leaves the pledge as it is.
  remindersLink: 'Stop this yearly reminder',
  remindersTitle: 'Stop the yearly reminder',
  remindersBody:
    'Once a year, on your pledge’s anniversary, we email you to ask whether you renew it. Press the button and we will not send that email again. Your pledge stays and still counts.',
  remindersButton: 'Stop the yearly reminder',
  remindersOffTitle: 'The yearly reminder is off',
  remindersOffBody: 'We will not email you on your pledge’s anniversary. Your pledge stays and still counts. You can turn the reminder back on in your preferences.',
  remindersOneClick: 'Yearly reminder stopped.',
  checkinSubject: 'What have you done since you pledged?',
  checkinIntro:
    'A month ago you pledged to advance health equity in your practice. What have you done since? Telling us takes a minute, and every action helps the coalition measure change.',
  recommitSubject: 'Renew your pledge for health equity in radiology',
  /** `years`: the anniversary this is (1 on the first). */
  recommitIntro: (years: number) =>
    `${years > 1 ? `You pledged ${years} years ago` : 'A year ago you pledged'} to advance health equity in your practice and act to reduce health disparities in radiology. Will you renew that commitment for the year ahead?`,
  // Whether they ticked it when pledging or turned it on later in their preferences.
  whyCheckin: 'You are receiving this because you asked to be kept informed about health equity in radiology.',
  whyRecommit: 'You are receiving this once a year because you pledged with the Radiology Health Equity Coalition.',
  withdrawLine: 'To withdraw your pledge and erase your details:',
  withdrawLink: 'withdraw my pledge',
  /** Beside the withdrawal line: the preferences page's link, without offering withdrawal a second time. */
  preferencesLink: 'Manage your preferences',
  signature: 'The Radiology Health Equity Coalition',
  greeting: 'Hello,',
};

export type ResourceStrings = typeof en;

const es: ResourceStrings = {
  kinds: { toolkit: 'Caja de herramientas', course: 'Curso', article: 'Artículo', program: 'Programa', dataset: 'Conjunto de datos' },
  actions: {
    screening: 'Revisé el acceso a los exámenes de detección en mi práctica',
    language: 'Mejoré el acceso lingüístico o los servicios de interpretación',
    outreach: 'Participé en un evento de alcance comunitario',
    mentoring: 'Fui mentor o mentora de alguien',
    other: 'Otra cosa',
  },
  stepsHeading: 'Sus próximos pasos',
  stepsIntro: (role: string, n: number) =>
    `${n === 1 ? 'Algo' : `${['Dos', 'Tres', 'Cuatro', 'Cinco'][n - 2] ?? n} cosas`} que puede hacer ahora, según su función (${role.toLowerCase()}):`,
  tellUs: 'Cuéntenos qué hizo',
  moreResources: 'Todos los recursos para su función',
  tellUsIntro: 'Cada acción que nos cuenta ayuda a la coalición a medir el cambio.',
  resourcesTitle: 'Recursos para la equidad en salud en radiología',
  resourcesIntro:
    'La coalición reúne y comparte recursos y buenas prácticas. Elija su función para ver los que le corresponden.',
  roleFilter: 'Su función',
  allRoles: 'Todas las funciones',
  show: 'Mostrar recursos',
  noResources: 'Todavía no hay recursos para esta función.',
  unknownRole: 'El enlace pedía una función que no conocemos, así que se muestran los recursos de todas las funciones. Elija su función para acotarlos.',
  from: (society, id) => {
    const said = societyInSpanish(id, society, 'de');
    return said.charAt(0).toUpperCase() + said.slice(1);
  },
  suits: 'Para',
  actionsTitle: 'Cuéntenos qué hizo',
  actionsIntro:
    'Desde que se comprometió, ¿qué ha hecho para promover la equidad en salud? Elija la opción que mejor encaje. Puede volver y contarnos más de una acción.',
  actionLegend: '¿Qué hizo?',
  noteLabel: 'Algo que quiera añadir (opcional, salvo si eligió «Otra cosa»)',
  noteHint: 'Si eligió «Otra cosa», cuente en pocas palabras qué hizo. No incluya nada que identifique a un paciente.',
  noteNeeded: 'Cuente en pocas palabras qué hizo, ya que eligió «Otra cosa»',
  noteLong: 'La nota debe tener 500 caracteres o menos',
  noteControl: 'La nota contiene un carácter que no se puede enviar (un carácter de control o uno dañado); vuelva a escribir esa parte',
  actionMissing: 'Elija qué hizo',
  actionsToday: (n) => `Hoy ya ha registrado ${n} acciones, el máximo que guardamos en un día: registre esta acción mañana`,
  logAction: 'Registrar esta acción',
  actionLoggedTitle: 'Gracias: hemos registrado su acción',
  actionLoggedBody: 'Ya cuenta para medir el cambio que impulsa la coalición. Puede registrar otra acción cuando quiera.',
  actionReported: 'Usted nos contó:',
  actionAgainToday: 'Hoy ya nos había contado este tipo de acción: el recuento de la coalición toma cada tipo una vez al día por compromiso, y su informe y su nota se guardan. Puede registrar otra acción cuando quiera.',
  anotherAction: 'Registrar otra acción',
  errorSummaryTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  linkInvalidTitle: 'Este enlace no funciona',
  linkInvalidBody: 'Abra el enlace de su correo más reciente de la coalición.',
  linkExpiredTitle: 'Este enlace ha caducado',
  linkExpiredBody:
    'Abra el mismo enlace en un correo más reciente de la coalición. Si no tiene ninguno, vuelva a firmar el compromiso con la misma dirección de correo: le enviaremos enlaces nuevos y su compromiso no se contará dos veces.',
  goneTitle: 'Este compromiso ya no existe',
  goneBody: 'Se retiró, así que no guardamos datos ni enviamos nada. Puede volver a comprometerse cuando quiera.',
  unconfirmedTitle: 'Este compromiso aún no está confirmado',
  unconfirmedBody: 'Primero confírmelo con el botón del correo en el que le pedimos que confirmara su compromiso. Este enlace funcionará cuando su compromiso esté confirmado.',
  recommitTitle: 'Renueve su compromiso',
  recommitBody: (years) =>
    `${years > 1 ? `Hace ${years} años` : 'Hace un año'} se comprometió a promover la equidad en salud en su práctica y a actuar para reducir las disparidades en salud en radiología. Renueve ese compromiso para el año que empieza.`,
  recommitButton: 'Renovar mi compromiso',
  alreadyLapsed:
    'Alguien (probablemente usted) acaba de volver a firmar el compromiso con esta dirección de correo. Su compromiso ya está confirmado y cuenta una sola vez, tal como lo firmó la primera vez. Pero ha pasado un año desde que lo hizo o lo renovó por última vez, así que ya no cuenta entre los compromisos activos: renuévelo para el año que empieza.',
  alreadyChange: 'Para cambiar su función, su idioma o si recibe nuestras novedades, use sus preferencias, que encontrará más abajo.',
  recommittedTitle: 'Gracias por renovar su compromiso',
  recommittedBody: 'Su compromiso cuenta como activo durante un año más.',
  alreadyRecommittedTitle: 'Su compromiso está renovado',
  alreadyRecommittedBody: (day: string) => `Lo renovó el ${day}: cuenta como activo durante un año desde entonces. No tiene que hacer nada más.`,
  remindersLink: 'Dejar de recibir este recordatorio anual',
  remindersTitle: 'Deje de recibir el recordatorio anual',
  remindersBody:
    'Una vez al año, en el aniversario de su compromiso, le escribimos para preguntarle si lo renueva. Presione el botón y no le volveremos a enviar ese correo. Su compromiso se mantiene y sigue contando.',
  remindersButton: 'Dejar de recibir el recordatorio',
  remindersOffTitle: 'El recordatorio anual está desactivado',
  remindersOffBody: 'No le escribiremos en el aniversario de su compromiso. Su compromiso se mantiene y sigue contando. Puede volver a activar el recordatorio en sus preferencias.',
  remindersOneClick: 'Recordatorio anual desactivado.',
  checkinSubject: '¿Qué ha hecho desde que se comprometió?',
  checkinIntro:
    'Hace un mes se comprometió a promover la equidad en salud en su práctica. ¿Qué ha hecho desde entonces? Contárnoslo lleva un minuto, y cada acción ayuda a la coalición a medir el cambio.',
  recommitSubject: 'Renueve su compromiso con la equidad en salud en radiología',
  recommitIntro: (years) =>
    `${years > 1 ? `Hace ${years} años` : 'Hace un año'} se comprometió a promover la equidad en salud en su práctica y a actuar para reducir las disparidades en salud en radiología. ¿Renovará ese compromiso para el año que empieza?`,
  whyCheckin: 'Recibe este mensaje porque pidió que le mantuviéramos al tanto de la equidad en salud en radiología.',
  whyRecommit: 'Recibe este mensaje una vez al año porque se comprometió con la Radiology Health Equity Coalition.',
  withdrawLine: 'Para retirar su compromiso y borrar sus datos:',
  withdrawLink: 'retirar mi compromiso',
  preferencesLink: 'Gestionar sus preferencias',
  signature: 'La Radiology Health Equity Coalition',
  greeting: 'Hola:',
};

export const RESOURCE_STRINGS: Record<Lang, ResourceStrings> = { en, es };
