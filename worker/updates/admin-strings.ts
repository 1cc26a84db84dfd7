/**
 * What maintainers read on the dashboard's Updates pages (/admin/updates: the list, the compose
 * and edit forms, an update's page and its live progress), in English and Spanish. The email
 * itself and its previews are the update as written, in worker/updates/strings.ts and emails.ts.
 */
import type { Lang } from '../../src/pledge-fields.ts';
import { formatDay, formatNumber, locale } from '../platform/pages/locale.ts';

type Status = 'draft' | 'sending' | 'sent' | 'cancelled';

/**
 * The email providers by the names their codes use, as a maintainer knows them: EMAIL_TRANSPORT's values
 * (`cloudflare` is the send_email binding, as wrangler.jsonc sets it), and `send_email`, what a refusal is
 * stored under when EMAIL_TRANSPORT is unset.
 */
const PROVIDERS: Record<string, string> = { resend: 'Resend', postmark: 'Postmark', cloudflare: 'Cloudflare (send_email)', send_email: 'Cloudflare (send_email)' };

/**
 * A suppression's stored `source` in words: the dashboard (as the audit log's Who), a provider's
 * bounce or complaint webhook (`resend`, `postmark`: webhooks.ts), or a provider refusing to send to an
 * address it has suppressed itself (`<transport>-refused`: send-outbox.ts's heedProviderRefusal). A
 * code from a transport not named here keeps its own name; any other code reads as stored.
 */
function sourceWords(code: string, actor: (who: string) => string, reported: (provider: string) => string, refused: (provider: string) => string): string {
  if (code === 'dashboard') return actor(code);
  if (code === 'resend' || code === 'postmark') return reported(PROVIDERS[code]!);
  const transport = /^(.+)-refused$/.exec(code)?.[1];
  return transport ? refused(PROVIDERS[transport] ?? transport) : code;
}

const en = {
  siteSuffix: 'RHEC Pledge',
  sectionName: 'Updates',
  errorTitlePrefix: 'Error: ',
  crumbsLabel: 'Dashboard',
  backToDashboard: '← Campaign dashboard',
  allUpdates: 'All updates',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  optional: '(optional)',
  /** Beside the English version's heading: a Spanish-only update needs no English. */
  requiredForEnglish: '(required unless only Spanish readers are chosen)',
  status: { draft: 'Draft', sending: 'Sending', sent: 'Sent', cancelled: 'Cancelled' } as Record<Status, string>,
  // The index page
  indexTitle: 'Updates to pledgers',
  // The compose form
  newTitle: 'Write an update',
  newButton: 'Save draft and preview',
  composeIntro:
    'Updates go to confirmed pledgers who chose “Keep me informed”. Write in Markdown: headings (#), paragraphs, lists (-), *emphasis*, **strong** and [links](https://…) (or to a page of this service: [the impact page](/impact)). HTML is shown as text, never run. Spanish-language pledgers get the Spanish version when there is one, else the English. To write only in Spanish, tick only Spanish under the pledgers’ language and leave the English empty.',
  englishHeading: 'English',
  spanishHeading: 'Spanish',
  subjectLabel: 'Subject in English',
  bodyLabel: 'Message in English (Markdown)',
  subjectEsLabel: 'Subject in Spanish',
  bodyEsLabel: 'Message in Spanish (Markdown)',
  audienceHeading: 'Audience',
  partnersLegend: 'Societies',
  partnersHint: 'None ticked: every society.',
  partnerDisabled: ' (disabled; its pledgers still get the update)',
  rolesLegend: 'Roles',
  rolesHint: 'None ticked: every role.',
  langsLegend: 'Pledgers’ language',
  langsHint: 'None ticked: both.',
  langName: { en: 'English', es: 'Spanish' } as Record<Lang, string>,
  cancelEdit: 'Cancel, keep the draft as it was',
  // The edit page
  editTitle: (subject: string) => `Edit: ${subject}`,
  editHeading: 'Edit the draft',
  editFormTitle: 'Subject, message and audience',
  editButton: 'Save changes and preview',
  // History
  historyTitle: 'Updates so far',
  historyCaption: 'Every update with its figures, newest first',
  colSubject: 'Subject',
  colStatus: 'Status',
  colCreated: 'Created',
  colRecipients: 'Recipients',
  colSent: 'Sent',
  colFailed: 'Failed',
  colSuppressed: 'Suppressed',
  colSkipped: 'Skipped',
  colCancelled: 'Not sent: cancelled',
  /** Beside a draft's recipients in the history: its audience as of now. */
  draftNow: '(now)',
  noUpdates: 'No updates yet.',
  // Suppressions
  reason: { bounce: 'Hard bounce', complaint: 'Spam complaint', manual: 'Added by a maintainer' } as Record<string, string>,
  suppressionsTitle: 'Suppressed addresses',
  suppressionsIntro:
    "Addresses that hard-bounced or complained (reported by the email provider, or refused by it when sending), and those a maintainer added here or at the provider, get no more email of any kind. Only a keyed hash of each address is kept.",
  suppressionsCaption: 'Suppressed addresses, newest first',
  colHash: 'Address (hash)',
  colReason: 'Reason',
  colFrom: 'From',
  colSince: 'Since',
  colAction: 'Action',
  lift: 'Lift',
  listChangesTitle: 'Recent changes by maintainers (newest first)',
  listAction: { 'add-suppression': 'Suppressed', 'lift-suppression': 'Suppression lifted', 'stop-updates': 'Updates stopped (asked by mail)' } as Record<string, string>,
  liftHidden: (hash: string) => ` suppression ${hash}`,
  noSuppressions: 'No address is suppressed.',
  suppressLabel: 'Find, stop updates to, or suppress an address',
  suppressHint: 'Stop updates only: a person asked by email to stop the updates (the unsubscribe mailbox). Suppress: they asked to hear nothing more at all, or a bounce came in some other way.',
  find: 'Find',
  stopUpdates: 'Stop updates only',
  suppress: 'Suppress',
  // An update's page
  statusLabel: 'Status:',
  audienceLabel: 'Audience:',
  audienceSocieties: (ids: string) => `societies: ${ids}`,
  everySociety: 'every society',
  audienceRoles: (roles: string) => `roles: ${roles}`,
  everyRole: 'every role',
  audienceLangs: (langs: string) => `language: ${langs}`,
  bothLangs: 'both languages',
  progressHeading: 'Progress',
  wouldGetIt: (n: number): string => (n === 1 ? 'person would get it now' : 'people would get it now'),
  /** Under a draft's audience: the suppression list holds hashes, so its addresses are only told apart when the emails are composed. */
  suppressedLater: 'Any of them on the suppression list is skipped when it is sent, and counted as suppressed.',
  figRecipients: 'recipients',
  figSent: 'sent',
  figFailed: 'failed',
  figSuppressed: 'suppressed',
  figSkipped: 'skipped',
  figCancelled: 'not sent: the update was cancelled',
  /** A draft whose audience has no one in it: no Send button. */
  emptyAudience: 'No one is in this audience: no confirmed pledger who asked to be kept informed matches its societies, roles and languages. There is nothing to send; edit the draft to widen it.',
  emptyAudienceRefused: 'Nothing was sent: no one is in this audience.',
  spanishAudienceEnglishOnly: 'This audience is Spanish readers only, but the update has no Spanish version: they would all get the English one. Edit the draft to add the Spanish subject and message.',
  droppedLinks: 'These links will not work in the email, so only their words are shown: write each as a full address (https://…), a mailto: address, or a page of this service (like /impact). Edit the draft to fix them:',
  handledSoFar: 'Handled so far',
  ofTotal: (done: string, total: string) => `${done} of ${total}`,
  liveNote: 'These figures refresh by themselves every few seconds.',
  refreshNow: 'Refresh now',
  sendTo: (n: number, count: string) => `Send to ${count} ${n === 1 ? 'person' : 'people'}`,
  sendCheckHeading: (n: number, count: string) => `Send this update to ${count} ${n === 1 ? 'person' : 'people'}?`,
  sendCheckSubject: 'Subject:',
  spanishInEnglish: (n: number, count: string) =>
    `${count} ${n === 1 ? 'person' : 'people'} in this audience ${n === 1 ? 'reads' : 'read'} Spanish: this update has no Spanish version, so they will receive it in English.`,
  sendCheckBody: 'Once it starts, every reader gets it within minutes. You can stop it while it is sending, but not take back what has gone.',
  sendNow: 'Yes, send it now',
  sendBack: 'Go back to the draft',
  discardCheckHeading: 'Discard this draft?',
  discardCheckBody: 'A discarded draft cannot be sent or changed again; it stays in the history as discarded.',
  /** In the history: a draft discarded before it was ever sent (the status "cancelled" is kept for a send that was stopped). */
  discarded: 'Discarded',
  draftDiscarded: (subject: string) => `The draft “${subject}” was discarded: it went to no one.`,
  discardNow: 'Yes, discard it',
  cancelCheckHeading: 'Stop sending this update?',
  cancelCheckBody: 'Readers who have not had it yet will not get it. What has already gone cannot be taken back.',
  cancelNow: 'Yes, stop sending',
  keepSending: 'Go back and keep sending',
  editDraft: 'Edit draft',
  discardDraft: 'Discard draft',
  cancelSending: 'Cancel sending',
  testTitle: 'Send a test',
  testLabel: 'Send a test to',
  testHint: 'One address; no pledger gets anything.',
  versionLabel: 'For readers in',
  sendTest: 'Send test',
  previewTitle: 'Preview, exactly as sent',
  versionHeading: { en: 'For English readers', es: 'For Spanish readers' } as Record<Lang, string>,
  previewSubject: 'Subject',
  asHtml: { en: 'Email for English readers as HTML', es: 'Email for Spanish readers as HTML' } as Record<Lang, string>,
  plainTextPart: 'Plain-text part',
  asText: { en: 'Email for English readers as plain text', es: 'Email for Spanish readers as plain text' } as Record<Lang, string>,
  noEnglishVersion: 'This update has no English version: it goes to Spanish readers only, so there is no English email to preview or test.',
  previewNote: 'Links in the preview are made for a sample reader: they act on no pledge.',
  auditTitle: 'History of this update',
  auditCaption: 'Every action on this update',
  colWhen: 'When (UTC)',
  colWho: 'Who',
  colDetail: 'Detail',
  /** The audit trail's recorded actions and details, as a person reads them (unknown ones as recorded). */
  auditAction: {} as Record<string, string>,
  auditDetail: (detail: string) =>
    detail.replace(/^(en|es), (sent|failed|suppressed|unknown)$/, (_, l: Lang, o: string) => `${l === 'en' ? 'English' : 'Spanish'}, ${o === 'unknown' ? 'outcome unknown' : o}`),
  /** Who acted: a signed-in maintainer's address (Cloudflare Access) as it is; the dashboard or the API's token named. */
  actor: (who: string) => ({ dashboard: 'the dashboard', token: 'the API (admin token)' })[who] ?? who,
  /** Where a suppression came from (its stored `source`, see sourceWords). */
  source: (code: string): string =>
    sourceWords(code, en.actor, (p) => `${p} reported it (webhook)`, (p) => `${p} refused to send to it (suppressed there)`),
  sendingFinished: (status: string, sent: string, failed: string) => `Sending finished: ${status}. ${sent} sent, ${failed} failed.`,
  // Dates as the English dashboard has always shown them (UTC, ISO order).
  minute: (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`,
  second: (iso: string) => iso.slice(0, 19).replace('T', ' '),
  day: (iso: string) => iso.slice(0, 10),
  // Answers to the forms
  noSuchUpdate: 'No such update.',
  draftSaved: 'Draft saved. Check the preview below before you send it.',
  sendingStarted: 'Sending has started. The figures below follow it as it goes; you can leave this page.',
  sendingDone: 'Sending has finished: the figures below are final.',
  /** After "Yes, stop sending": `n` readers who had not had it yet (the figures' "not sent: cancelled"). */
  sendingStopped: (n: number, count: string): string =>
    n === 0
      ? 'Sending stopped. No one was still waiting for it.'
      : `Sending stopped: ${count} ${n === 1 ? 'person who had not had it yet will not get it' : 'people who had not had it yet will not get it'}.`,
  notADraft: (cancelled: boolean) =>
    `Not saved: this update is ${cancelled ? 'discarded' : 'already being sent or sent'}, and only a draft can be changed.`,
  staleEdit: 'Someone else changed this draft after you opened it. Your version is below: save again to replace theirs, or cancel to keep theirs.',
  nothingToCancel: (status: 'sent' | 'cancelled'): string =>
    status === 'sent' ? 'Nothing was cancelled: this update had already been sent to everyone.' : 'Nothing was cancelled: this update had already been cancelled.',
  staleSend: 'Not sent: this draft was changed after you opened it. Check the changes in the preview below, then send again.',
  testAddressFormat: 'Enter the test address in the correct format, like name@example.org',
  testAddressMissing: 'Enter an address to send the test to',
  /** A test for English readers of an update written only in Spanish: nothing to send. */
  testNoEnglish: 'No test was sent: this update has no English version (it goes to Spanish readers only). Choose Spanish readers to test it.',
  /** After the redirect that follows a test (the address stays out of the URL): a reload sends nothing more. */
  testSent: (lang: Lang) => `Test sent (${lang === 'es' ? 'Spanish' : 'English'} version) to the address you gave.`,
  testRefused: 'The test could not be sent: the email provider refused it. Try again in a moment.',
  /** The hand-off ended without an answer: the test may have gone, and is not sent again on its own. */
  testUnknown: (to: string) =>
    `The email service did not say whether it took the test (the connection failed mid-way), so it may have reached ${to}, or not. It is not sent again on its own: look in that inbox first. Asked for again within a minute, it is not sent; after that, it is.`,
  /** The same test asked for again within a minute (a double click): nothing more was sent. */
  testRepeated: (to: string, lang: Lang) =>
    `The same test (this update as it is now, for readers in ${lang === 'es' ? 'Spanish' : 'English'}) was asked for, for ${to}, less than a minute ago, so it was not sent again; “History of this update” below says whether it went (reload the page if it is not there yet). To send another, wait a minute, or change the update, the address or the readers’ language.`,
  testSuppressed: (to: string) => `No test was sent: ${to} is on the suppression list (it bounced, complained or unsubscribed from everything), and gets no email at all. Send the test to another address.`,
  /** Postmark refused the test on its broadcast stream (it keeps that stream's suppressions apart): updates stop for the address, nothing else. */
  testUnsubscribedAtProvider: (to: string) => `No test was sent: the email service refuses updates to ${to} (unsubscribed from updates through the service itself), so updates to it are now off too. Its other emails still go. Send the test to another address.`,
  lifted: (hash: string) => `Suppression ${hash}… lifted: that address can get email again.`,
  liftCheckHeading: (hash: string) => `Lift suppression ${hash}…?`,
  liftCheckWhat: (reason: string, since: string) => `Reason: ${reason}, since ${since}.`,
  liftCheckBody:
    'That address will get email again: confirmations, updates and reminders. Only a hash of it is kept, so to suppress it again you will need the address itself.',
  liftCheckComplaint:
    'Its owner marked one of our emails as spam. Lift it only if they asked to hear from us again: more email after a complaint harms delivery to everyone. Only a hash of the address is kept, so to suppress it again you will need the address itself.',
  liftNow: 'Lift the suppression',
  liftBack: 'Keep it suppressed',
  liftNotFound: 'That suppression was not found (already lifted?).',
  addressFormat: 'Enter an address in the correct format, like name@example.org',
  addressMissing: 'Enter an address',
  nowSuppressed: 'That address is now suppressed: it gets no more email.',
  suppressCheckHeading: (email: string) => `Suppress ${email}?`,
  suppressCheckBody:
    'From now on that address gets no email of any kind: no confirmations, updates, reminders or tests, whatever its pledges asked for. Its pledges stay as they are. The suppression can be lifted later from the list of suppressed addresses.',
  suppressNow: 'Suppress this address',
  suppressBack: 'Do not suppress it',
  updatesStopped: (n: number) => `Updates stopped for that address (${n === 1 ? '1 pledge' : `${n} pledges`}); its other emails, such as confirmations, still go.`,
  noPledgeForAddress: 'No pledge has that address: there are no updates to stop.',
  alreadySuppressed: 'That address was already suppressed.',
  /** `reason` as recorded (bounce, complaint, manual). */
  isSuppressed: (reason: string, since: string, hash: string) => `That address is suppressed (${reason}, since ${since}): its hash starts ${hash}.`,
  notSuppressed: (pledges: number, getting: number, waiting: number): string =>
    pledges === 0
      ? 'That address is not suppressed, and no pledge has it.'
      : getting
        ? 'That address is not suppressed, and it gets updates.'
        : waiting
          ? 'That address is not suppressed; its pledge asked for updates and gets them once it is confirmed.'
          : 'That address is not suppressed, but it gets no updates: its pledger did not ask for them or unsubscribed, or its pledge is held for review.',
  /** A compose-form field message as the draft schema gives it (in English): shown as it is. */
  /** The draft schema's messages name the API's fields ("the English body"); the form calls a body a message. */
  fieldMessage: (_key: string, message: string) => message.replace(/\b(English|Spanish) body\b/g, '$1 message'),
};

export type UpdatesAdminStrings = typeof en;

/** What each compose-form field is called inside a Spanish message. */
const ES_FIELD: Record<string, string> = {
  'subject.en': 'el asunto en inglés',
  'body.en': 'el mensaje en inglés',
  'subject.es': 'el asunto en español',
  'body.es': 'el mensaje en español',
  'audience.partners': 'las sociedades',
  'audience.roles': 'las funciones',
  'audience.langs': 'los idiomas',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The draft schema's English messages (worker/updates/draft.ts), recognised by shape and said in Spanish. */
function esFieldMessage(key: string, message: string): string {
  const field = ES_FIELD[key] ?? 'este campo';
  let m: RegExpMatchArray | null;
  if ((m = message.match(/^Enter the (English|Spanish) body, or clear/))) return `Escriba el mensaje en ${m[1] === 'English' ? 'inglés' : 'español'} o borre el asunto en ${m[1] === 'English' ? 'inglés' : 'español'}`;
  if ((m = message.match(/^Enter the (English|Spanish) subject, or clear/))) return `Escriba el asunto en ${m[1] === 'English' ? 'inglés' : 'español'} o borre el mensaje en ${m[1] === 'English' ? 'inglés' : 'español'}`;
  if ((m = message.match(/^No society has the id (.+)$/s))) return `Ninguna sociedad tiene el identificador ${m[1]}`;
  if (/^Give at most 50 /.test(message)) return `Elija como máximo 50 ${field.replace(/^(las|los) /, "")}`;
  if (/^A society id is 32 characters or fewer$/.test(message)) return 'El identificador de una sociedad tiene 32 caracteres como máximo';
  if (/ as text$/.test(message)) return `Escriba ${field} como texto`;
  if ((m = message.match(/must be ([\d,]+) characters or fewer$/))) return `${capital(field)} debe tener ${formatNumber(Number(m[1]!.replaceAll(',', '')), 'es')} caracteres o menos`;
  if (/must be one line$/.test(message)) return `${capital(field)} debe ocupar una sola línea`;
  if (/reverse the text's direction$/.test(message)) return `${capital(field)} no debe contener caracteres que inviertan la dirección del texto`;
  if (/cannot be sent/.test(message)) return `${capital(field)} contiene un carácter que no se puede enviar (un carácter de control o uno dañado); vuelva a escribir esa parte`;
  if (/^Choose |^Give /.test(message)) return `Elija ${field} de la lista`;
  if (/^Enter the /.test(message)) return `Escriba ${field}`;
  return `Revise ${field}`;
}

const esDate = (iso: string, opts: Intl.DateTimeFormatOptions) => {
  const d = new Date(iso.length <= 10 ? `${iso}T00:00:00Z` : /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale('es'), { ...opts, timeZone: 'UTC' }).format(d);
};

const es: UpdatesAdminStrings = {
  siteSuffix: 'RHEC Pledge',
  sectionName: 'Novedades',
  errorTitlePrefix: 'Error: ',
  crumbsLabel: 'Panel',
  backToDashboard: '← Panel de la campaña',
  allUpdates: 'Todas las novedades',
  errorSummaryTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  optional: '(opcional)',
  requiredForEnglish: '(obligatorio salvo si solo elige lectores en español)',
  status: { draft: 'Borrador', sending: 'Enviándose', sent: 'Enviada', cancelled: 'Cancelada' },
  indexTitle: 'Novedades para quienes se comprometieron',
  newTitle: 'Escribir una novedad',
  newButton: 'Guardar el borrador y ver la vista previa',
  composeIntro:
    'Las novedades se envían a las personas con el compromiso confirmado que marcaron «Quiero recibir novedades». Escriba en Markdown: títulos (#), párrafos, listas (-), *énfasis*, **negrita** y [enlaces](https://…) (o a una página de este servicio: [la página de impacto](/impact)). El HTML se muestra como texto y nunca se ejecuta. Las personas que eligieron el español reciben la versión en español cuando la hay; si no, la inglesa. Para escribir solo en español, marque solo «Español» en el idioma de quienes se comprometieron y deje vacía la parte en inglés.',
  englishHeading: 'Inglés',
  spanishHeading: 'Español',
  subjectLabel: 'Asunto en inglés',
  bodyLabel: 'Mensaje en inglés (Markdown)',
  subjectEsLabel: 'Asunto en español',
  bodyEsLabel: 'Mensaje en español (Markdown)',
  audienceHeading: 'Destinatarios',
  partnersLegend: 'Sociedades',
  partnersHint: 'Si no marca ninguna: todas las sociedades.',
  partnerDisabled: ' (desactivada; quienes firmaron con ella siguen recibiendo la novedad)',
  rolesLegend: 'Funciones',
  rolesHint: 'Si no marca ninguna: todas las funciones.',
  langsLegend: 'Idioma de quienes se comprometieron',
  langsHint: 'Si no marca ninguno: ambos.',
  langName: { en: 'Inglés', es: 'Español' },
  cancelEdit: 'Cancelar y dejar el borrador como estaba',
  editTitle: (subject) => `Editar: ${subject}`,
  editHeading: 'Editar el borrador',
  editFormTitle: 'Asunto, mensaje y destinatarios',
  editButton: 'Guardar los cambios y ver la vista previa',
  historyTitle: 'Novedades hasta ahora',
  historyCaption: 'Todas las novedades con sus cifras, de la más reciente a la más antigua',
  colSubject: 'Asunto',
  colStatus: 'Estado',
  colCreated: 'Creada',
  colRecipients: 'Destinatarios',
  colSent: 'Enviados',
  colFailed: 'Fallidos',
  colSuppressed: 'Excluidos',
  colSkipped: 'Omitidos',
  colCancelled: 'No enviados: cancelada',
  draftNow: '(ahora)',
  noUpdates: 'Todavía no hay novedades.',
  reason: { bounce: 'Rebote permanente', complaint: 'Queja por spam', manual: 'Añadida por una persona del equipo' },
  suppressionsTitle: 'Direcciones excluidas',
  suppressionsIntro:
    'Las direcciones que rebotaron de forma permanente o presentaron una queja (según el proveedor de correo, o porque este las rechazó al enviar) y las que una persona del equipo añadió aquí o en el proveedor no reciben ningún correo más. Solo se guarda un hash con clave de cada dirección.',
  suppressionsCaption: 'Direcciones excluidas, de la más reciente a la más antigua',
  colHash: 'Dirección (hash)',
  colReason: 'Motivo',
  colFrom: 'Origen',
  colSince: 'Desde',
  colAction: 'Acción',
  lift: 'Levantar',
  listChangesTitle: 'Cambios recientes de los responsables (primero los más nuevos)',
  listAction: { 'add-suppression': 'Excluida', 'lift-suppression': 'Exclusión levantada', 'stop-updates': 'Novedades detenidas (solicitado por correo)' },
  liftHidden: (hash) => ` la exclusión ${hash}`,
  noSuppressions: 'No hay ninguna dirección excluida.',
  suppressLabel: 'Buscar una dirección, dejar de enviarle novedades o excluirla',
  suppressHint: '«Solo dar de baja de las novedades»: una persona pidió por correo dejar de recibirlas (el buzón de bajas). «Excluir»: pidió no recibir nada más, o llegó un rebote por otra vía.',
  find: 'Buscar',
  stopUpdates: 'Solo dar de baja de las novedades',
  suppress: 'Excluir',
  statusLabel: 'Estado:',
  audienceLabel: 'Destinatarios:',
  audienceSocieties: (ids) => `sociedades: ${ids}`,
  everySociety: 'todas las sociedades',
  audienceRoles: (roles) => `funciones: ${roles}`,
  everyRole: 'todas las funciones',
  audienceLangs: (langs) => `idioma: ${langs}`,
  bothLangs: 'ambos idiomas',
  progressHeading: 'Progreso',
  wouldGetIt: (n) => (n === 1 ? 'persona la recibiría ahora' : 'personas la recibirían ahora'),
  suppressedLater: 'Las direcciones que estén en la lista de excluidas se omiten al enviarla y se cuentan como excluidas.',
  figRecipients: 'destinatarios',
  figSent: 'enviados',
  figFailed: 'fallidos',
  figSuppressed: 'excluidos',
  figSkipped: 'omitidos',
  figCancelled: 'no enviados: la novedad se canceló',
  emptyAudience: 'No hay nadie en esta audiencia: ninguna persona con el compromiso confirmado que pidió recibir novedades coincide con sus sociedades, funciones e idiomas. No hay nada que enviar; edite el borrador para ampliarla.',
  emptyAudienceRefused: 'No se envió nada: no hay nadie en esta audiencia.',
  spanishAudienceEnglishOnly: 'Esta audiencia son solo lectores en español, pero la novedad no tiene versión en español: todos recibirían la inglesa. Edite el borrador para añadir el asunto y el mensaje en español.',
  droppedLinks: 'Estos enlaces no funcionarán en el correo, así que solo se muestran sus palabras: escriba cada uno como una dirección completa (https://…), una dirección mailto: o una página de este servicio (como /impact). Edite el borrador para corregirlos:',
  handledSoFar: 'Procesados hasta ahora',
  ofTotal: (done, total) => `${done} de ${total}`,
  liveNote: 'Estas cifras se actualizan solas cada pocos segundos.',
  refreshNow: 'Actualizar ahora',
  sendTo: (n, count) => `Enviar a ${count} ${n === 1 ? 'persona' : 'personas'}`,
  sendCheckHeading: (n, count) => `¿Enviar esta novedad a ${count} ${n === 1 ? 'persona' : 'personas'}?`,
  sendCheckSubject: 'Asunto:',
  spanishInEnglish: (n, count) =>
    `${count} ${n === 1 ? 'persona' : 'personas'} de esta audiencia ${n === 1 ? 'lee' : 'leen'} en español: esta novedad no tiene versión en español, así que la ${n === 1 ? 'recibirá' : 'recibirán'} en inglés.`,
  sendCheckBody: 'En cuanto empiece, cada destinatario la recibirá en pocos minutos. Puede detener el envío mientras dura, pero no recuperar lo que ya se haya enviado.',
  sendNow: 'Sí, enviarla ahora',
  sendBack: 'Volver al borrador',
  discardCheckHeading: '¿Descartar este borrador?',
  discardCheckBody: 'Un borrador descartado no se puede enviar ni volver a cambiar; queda en el historial como descartado.',
  discarded: 'Descartada',
  draftDiscarded: (subject) => `Se descartó el borrador «${subject}»: no se envió a nadie.`,
  discardNow: 'Sí, descartarlo',
  cancelCheckHeading: '¿Detener el envío de esta novedad?',
  cancelCheckBody: 'Quienes aún no la hayan recibido no la recibirán. Lo que ya se ha enviado no se puede recuperar.',
  cancelNow: 'Sí, detener el envío',
  keepSending: 'Volver y seguir enviando',
  editDraft: 'Editar el borrador',
  discardDraft: 'Descartar el borrador',
  cancelSending: 'Cancelar el envío',
  testTitle: 'Enviar una prueba',
  testLabel: 'Enviar una prueba a',
  testHint: 'Una sola dirección; nadie que se haya comprometido recibe nada.',
  versionLabel: 'Para lectores en',
  sendTest: 'Enviar la prueba',
  previewTitle: 'Vista previa, exactamente como se envía',
  versionHeading: { en: 'Para lectores en inglés', es: 'Para lectores en español' },
  previewSubject: 'Asunto',
  asHtml: { en: 'Correo para lectores en inglés como HTML', es: 'Correo para lectores en español como HTML' },
  plainTextPart: 'Parte de texto sin formato',
  asText: { en: 'Correo para lectores en inglés como texto sin formato', es: 'Correo para lectores en español como texto sin formato' },
  noEnglishVersion: 'Esta novedad no tiene versión en inglés: solo va a lectores en español, así que no hay correo en inglés que ver ni probar.',
  previewNote: 'Los enlaces de la vista previa están hechos para un lector de muestra: no actúan sobre ningún compromiso.',
  auditTitle: 'Historial de esta novedad',
  auditCaption: 'Todas las acciones sobre esta novedad',
  colWhen: 'Cuándo (UTC)',
  colWho: 'Quién',
  colDetail: 'Detalle',
  auditAction: { create: 'creación', edit: 'edición', send: 'envío', cancel: 'cancelación', test: 'prueba' },
  auditDetail: (detail) =>
    detail
      .replace(/^was (draft|sending|sent|cancelled)$/, (_, s: Status) => `estaba: ${es.status[s].toLowerCase()}`)
      .replace(
        /^(en|es), (sent|failed|suppressed|unknown)$/,
        (_, l: Lang, o: string) => `${l === 'en' ? 'inglés' : 'español'}, ${({ sent: 'enviada', failed: 'fallida', suppressed: 'dirección excluida', unknown: 'resultado desconocido' })[o]}`,
      ),
  actor: (who) => ({ dashboard: 'el panel', token: 'la API (token de administración)' })[who] ?? who,
  source: (code) => sourceWords(code, es.actor, (p) => `${p} lo notificó (webhook)`, (p) => `${p} se negó a enviarle correo (excluida allí)`),
  sendingFinished: (status, sent, failed) => `Envío terminado (estado: ${status}). ${sent} enviados, ${failed} fallidos.`,
  minute: (iso) => `${esDate(iso, { dateStyle: 'medium', timeStyle: 'short' })} UTC`,
  second: (iso) => esDate(iso, { dateStyle: 'medium', timeStyle: 'medium' }),
  day: (iso) => formatDay(iso, 'es'),
  noSuchUpdate: 'No existe esa novedad.',
  draftSaved: 'Borrador guardado. Revise la vista previa de abajo antes de enviarlo.',
  sendingStarted: 'El envío ha comenzado. Las cifras de abajo lo siguen a medida que avanza; puede salir de esta página.',
  sendingDone: 'El envío ha terminado: las cifras de abajo son las definitivas.',
  sendingStopped: (n, count) =>
    n === 0
      ? 'Envío detenido. No quedaba nadie por recibirla.'
      : `Envío detenido: ${n === 1 ? `${count} persona que aún no la había recibido no la recibirá` : `${count} personas que aún no la habían recibido no la recibirán`}.`,
  notADraft: (cancelled) =>
    `No se ha guardado: esta novedad ${cancelled ? 'se descartó' : 'ya se está enviando o ya se envió'}, y solo se puede cambiar un borrador.`,
  staleEdit:
    'Otra persona cambió este borrador después de que usted lo abriera. Su versión está abajo: guárdela de nuevo para sustituir la otra, o cancele para conservar la otra.',
  nothingToCancel: (status) =>
    status === 'sent' ? 'No se ha cancelado nada: esta novedad ya se había enviado a todos.' : 'No se ha cancelado nada: esta novedad ya estaba cancelada.',
  staleSend: 'No se ha enviado: este borrador cambió después de que usted lo abriera. Revise los cambios en la vista previa de abajo y vuelva a enviarlo.',
  testAddressFormat: 'Escriba la dirección de prueba en el formato correcto, como nombre@ejemplo.org',
  testAddressMissing: 'Escriba una dirección a la que enviar la prueba',
  testNoEnglish: 'No se envió la prueba: esta novedad no tiene versión en inglés (solo va a lectores en español). Elija lectores en español para probarla.',
  testSent: (lang) => `Prueba enviada (versión en ${lang === 'es' ? 'español' : 'inglés'}) a la dirección que indicó.`,
  testRefused: 'No se pudo enviar la prueba: el proveedor de correo la rechazó. Vuelva a intentarlo dentro de un momento.',
  testUnknown: (to) =>
    `El servicio de correo no dijo si aceptó la prueba (la conexión falló a mitad), así que puede haber llegado a ${to}, o no. No se vuelve a enviar sola: mire primero en ese buzón. Si la pide de nuevo antes de un minuto, no se envía; después, sí.`,
  testRepeated: (to, lang) =>
    `La misma prueba (esta novedad tal como está ahora, para lectores en ${lang === 'es' ? 'español' : 'inglés'}) se pidió para ${to} hace menos de un minuto, así que no se volvió a enviar; «Historial de esta novedad», más abajo, dice si salió (vuelva a cargar la página si aún no aparece). Para enviar otra, espere un minuto o cambie la novedad, la dirección o el idioma de los lectores.`,
  testSuppressed: (to) => `No se envió la prueba: ${to} está en la lista de exclusión (rebotó, se quejó o se dio de baja de todo) y no recibe ningún correo. Envíe la prueba a otra dirección.`,
  testUnsubscribedAtProvider: (to) => `No se envió la prueba: el servicio de correo rechaza las novedades a ${to} (se dio de baja de las novedades en el propio servicio), así que ahora tampoco las recibe de aquí. Sus demás correos siguen llegando. Envíe la prueba a otra dirección.`,
  lifted: (hash) => `Exclusión ${hash}… levantada: esa dirección puede volver a recibir correo.`,
  liftCheckHeading: (hash) => `¿Levantar la exclusión ${hash}…?`,
  liftCheckWhat: (reason, since) => `Motivo: ${reason}, desde el ${since}.`,
  liftCheckBody:
    'Esa dirección volverá a recibir correo: confirmaciones, novedades y recordatorios. Solo se guarda un hash de ella, así que para excluirla de nuevo necesitará la dirección misma.',
  liftCheckComplaint:
    'Su titular marcó uno de nuestros correos como spam. Levántela solo si pidió volver a recibirlos: enviar más correo tras una queja perjudica la entrega a todos. Solo se guarda un hash de la dirección, así que para excluirla de nuevo necesitará la dirección misma.',
  liftNow: 'Levantar la exclusión',
  liftBack: 'Mantenerla excluida',
  liftNotFound: 'No se encontró esa exclusión (¿ya se levantó?).',
  addressFormat: 'Escriba una dirección en el formato correcto, como nombre@ejemplo.org',
  addressMissing: 'Escriba una dirección',
  nowSuppressed: 'Esa dirección queda excluida: no recibirá más correo.',
  suppressCheckHeading: (email) => `¿Excluir ${email}?`,
  suppressCheckBody:
    'A partir de ahora esa dirección no recibirá ningún correo: ni confirmaciones, ni novedades, ni recordatorios, ni pruebas, pidieran lo que pidieran sus compromisos. Sus compromisos siguen como están. La exclusión puede levantarse más adelante desde la lista de direcciones excluidas.',
  suppressNow: 'Excluir esta dirección',
  suppressBack: 'No excluirla',
  updatesStopped: (n) => `Ya no se envían novedades a esa dirección (${n === 1 ? '1 compromiso' : `${n} compromisos`}); sus demás correos, como las confirmaciones, siguen llegando.`,
  noPledgeForAddress: 'Ningún compromiso tiene esa dirección: no hay novedades que detener.',
  alreadySuppressed: 'Esa dirección ya estaba excluida.',
  isSuppressed: (reason, since, hash) => `Esa dirección está excluida (${(es.reason[reason] ?? reason).toLowerCase()}, desde el ${since}): su hash empieza por ${hash}.`,
  notSuppressed: (pledges, getting, waiting) =>
    pledges === 0
      ? 'Esa dirección no está excluida, y ningún compromiso la tiene.'
      : getting
        ? 'Esa dirección no está excluida, y recibe novedades.'
        : waiting
          ? 'Esa dirección no está excluida; su compromiso pidió novedades y las recibirá cuando se confirme.'
          : 'Esa dirección no está excluida, pero no recibe novedades: quien se comprometió no las pidió o se dio de baja, o su compromiso está retenido para revisión.',
  fieldMessage: esFieldMessage,
};

export const UPDATES_ADMIN_STRINGS: Record<Lang, UpdatesAdminStrings> = { en, es };
