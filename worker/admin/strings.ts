/**
 * Everything a maintainer reads on the main dashboard (`/admin`): the sign-in page, totals,
 * charts, the booth's sections and partner management, in English and Spanish. The partner
 * rules' own messages live with the rules (`worker/partners/rules.ts`).
 */
import { html } from 'hono/html';
import type { Lang } from '../../src/pledge-fields.ts';
import type { Html } from '../platform/pages/layout.ts';
import { MAX_EMAILS_PER_MAILBOX, QUOTA_WINDOW_DAYS } from '../pledges/abuse.ts';

/** A partner change the dashboard saved, as its notice reports it. */
export type SavedChange = { action: 'add' | 'add-origin' | 'remove-origin' | 'disable' | 'enable'; id: string; origin?: string };

const en = {
  // The sign-in page
  signInTitle: 'Sign in — RHEC Pledge',
  errorTitlePrefix: 'Error: ',
  signInHeading: 'Sign in to the dashboard',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  tokenLabel: 'Admin token',
  tokenHint: 'The coalition’s maintainers’ access token: ask whoever set up this service (for them, it is the ADMIN_TOKEN secret).',
  signInButton: 'Sign in',
  notConfigured: 'Admin access is not configured: set the ADMIN_TOKEN secret',
  otherOrigin: 'Sign in from this dashboard’s own page: the request came from another site, or without its origin',
  wrongToken: 'Enter the admin token exactly as it was set',
  noToken: 'Enter the admin token',
  tooManySignIns: 'Too many sign-in attempts from this network in the last minute. Wait a minute, then enter the admin token again',
  // The dashboard
  title: 'RHEC Pledge — dashboard',
  heading: 'Campaign dashboard',
  sectionsLabel: 'Dashboard sections',
  skipToFigures: 'Skip to the figures',
  csvLink: 'Download all pledges (CSV)',
  resourcesLink: 'Resources and outcomes',
  updatesLink: 'Updates to pledgers',
  organizationsLink: 'Organizations',
  postersLink: 'Posters for events',
  /** Emails given up on after every try (worker/admin/given-up.ts), and the way to send them again. */
  givenUpHeading: 'Emails given up on',
  givenUpNone: 'No email has been given up on: every email was sent, or is still being tried.',
  givenUpIntro: (n: string, one: boolean) =>
    `${n} ${one ? 'email' : 'emails'} could not be sent after 12 tries over about seven hours (the email provider was down, or kept failing). Once the provider sends again, send ${one ? 'it' : 'them'} again: the next scheduled run, within 5 minutes, sends ${one ? 'it' : 'them'} at the provider's agreed rate. Each is checked again first: one to a pledge withdrawn since, for a cancelled update or to an address on the suppression list is skipped. Emails the provider may already have taken are not included, so no one gets two copies.`,
  givenUpButton: 'Send them again',
  givenUpSent: (n: string, one: boolean) => `${n} ${one ? 'email goes' : 'emails go'} out again within 5 minutes.`,
  givenUpNoneLeft: 'Nothing was sent again: no email is given up on (they may have been sent again already).',
  signOut: 'Sign out',
  totalConfirmed: 'confirmed',
  totalPending: 'awaiting confirmation',
  totalFlagged: 'flagged for review',
  totalWithdrawn: 'withdrawn',
  legendBars: 'Bars:',
  legendConfirmed: 'confirmed',
  legendPending: 'awaiting confirmation',
  confirmed: 'Confirmed',
  pending: 'Pending',
  flagged: 'Flagged',
  withdrawnColumn: 'Withdrawn',
  bySociety: 'By society',
  society: 'Society',
  byRole: 'By role',
  role: 'Role',
  byDay: 'By day (last 14 days with pledges)',
  day: 'Day',
  // Pledges by society and source
  sourcesHeading: 'By society and source',
  sourcesCaption: 'Pledges by society and source: confirmed, awaiting confirmation, flagged and withdrawn',
  sourcesHint: (widget: Html, hosted: Html) => html`A source code comes from ${widget} on the widget, ${hosted} on the hosted page, or a poster.`,
  source: 'Source',
  noSource: 'no source',
  noSourcesYet: 'No pledge has a source code yet.',
  // Posters
  postersHeading: 'Posters for events',
  postersIntro:
    'A one-page poster with the commitment and a QR code that opens the pledge page for a society, with a source code so you can see what it brought. Its page also offers it as SVG, for designers.',
  sourceCode: 'Source code',
  optional: '(optional)',
  sourceCodeHint: 'Up to 64 lower-case letters, digits and hyphens, like booth-2026',
  language: 'Language',
  /** The poster's languages, named in the dashboard's own (as the updates' language choices are). */
  languageNames: { en: 'English', es: 'Spanish' },
  openPoster: 'Open printable poster',
  // Partner societies
  partnersHeading: 'Partner societies',
  // Flagged pledges, for review
  flaggedHeading: 'Flagged for review',
  flaggedIntro:
    'These pledges were over the limit of 20 a minute from one network (a conference hall or hospital behind one address can be), filled the hidden anti-bot field, or failed the Turnstile check. They are not counted and got no email. Those over the limit are released by themselves every few minutes, as fast as the limit allows for their network; the others wait for you. Releasing one sends its confirmation email; it counts once its owner confirms it. Erasing one (a pledge no person made) deletes it and its details at once.',
  flaggedNone: 'No pledges are waiting for review.',
  flaggedShowing: (shown: string, total: string) => `The ${shown} most recent of ${total}.`,
  /** After flaggedShowing: before and after the link to the lookup by address (eraseRequestHeading), which reaches the others. */
  flaggedOlder: [' To find an older one, enter its address under ', ': it says the pledge is held and sends its confirmation from there.'] as [string, string],
  flaggedReceived: 'Received',
  flaggedName: 'Name',
  flaggedEmail: 'Email',
  flaggedWhy: 'Why',
  flaggedCaption: 'Flagged pledges, newest first',
  flagReasons: { rate_limit: 'over the limit', honeypot: 'anti-bot field filled', turnstile: 'failed Turnstile' } as Record<string, string>,
  release: 'Send the confirmation',
  releaseWhat: (email: string) => ` to ${email}`,
  releaseAll: (n: string) => `Send the confirmation to the ${n} shown that the limit flagged`,
  released: (n: number) => (n === 1 ? 'Released 1 pledge: its confirmation email is on its way.' : `Released ${n} pledges: their confirmation emails are on their way.`),
  releasedNone: 'Nothing was released: those pledges had already been released, confirmed, withdrawn or erased.',
  /** After a release, when `k` of the `n` released have their address on the suppression list: no email goes to those. */
  releasedSuppressed: (n: number, k: number) =>
    n === 1
      ? 'Released 1 pledge, but no confirmation email goes to it: its address is on the suppression list. Find the address below to see why and what can be done.'
      : k === n
        ? `Released ${n} pledges, but no confirmation emails go to them: their addresses are on the suppression list.`
        : `Released ${n} pledges: their confirmation emails are on their way, except to ${k === 1 ? 'the one whose address is' : `the ${k} whose addresses are`} on the suppression list.`,
  status: 'Status',
  origins: 'Origins allowed to embed',
  actions: 'Actions',
  active: 'Active',
  disabled: 'Disabled',
  remove: 'Remove',
  /** Completes "Remove" for a screen reader (visually hidden, begins with a space). */
  removeWhat: (origin: string, id: string) => ` ${origin} from ${id}`,
  newOriginLabel: (id: string) => `New origin for ${id}`,
  addOrigin: 'Add origin',
  addOriginFor: (id: string) => ` for ${id}`,
  disable: 'Disable',
  enable: 'Enable',
  addSocietyHeading: 'Add a society',
  partnerIdLabel: 'Partner id',
  partnerIdHint: 'Lower-case letters or digits, used in the embed as partner="…"',
  displayNameLabel: 'Display name',
  addSociety: 'Add society',
  // Notices after a partner change
  saved: (c: SavedChange) => {
    switch (c.action) {
      case 'add':
        return `Saved: the society ${c.id} was added.`;
      case 'add-origin':
        return `Saved: the origin ${c.origin ?? ''} was added to ${c.id}.`;
      case 'remove-origin':
        return `Saved: the origin ${c.origin ?? ''} was removed from ${c.id}.`;
      case 'disable':
        return `Saved: ${c.id} was disabled.`;
      case 'enable':
        return `Saved: ${c.id} was enabled.`;
    }
  },
  unchanged: (c: SavedChange) => {
    switch (c.action) {
      case 'add':
        return `Nothing was changed: the society ${c.id} is already there, with that name.`;
      case 'add-origin':
        return `Nothing was changed: the origin ${c.origin ?? ''} was already listed for ${c.id}.`;
      case 'remove-origin':
        return `Nothing was changed: the origin ${c.origin ?? ''} was not listed for ${c.id}.`;
      case 'disable':
        return `Nothing was changed: ${c.id} was already disabled.`;
      default:
        return `Nothing was changed: ${c.id} was already enabled.`;
    }
  },
  noSuchPartner: (id: string, adding: boolean) => `There is no partner "${id}".${adding ? ' Add the society first, then its origins.' : ''}`,
  signedOut: 'You are signed out. Sign in again with the admin token.',
  partnerExists: (id: string) => `Nothing was changed: there is already a society "${id}". Enable, disable or add origins to it in its row below.`,
  chooseAction: 'Choose what to change.',
  // The check before a change that stops pledges: on a page of its own, so a stray click changes nothing.
  checkDisableHeading: (name: string, id: string) => `Disable ${name} (${id})?`,
  checkDisableBody: 'Its widget stops taking pledges at once, on every site that embeds it, and its hosted page and posters stop working. Pledges already made stay and still count. You can enable it again at any time.',
  checkDisableButton: (id: string) => `Disable ${id}`,
  checkRemoveHeading: (origin: string, id: string) => `Remove ${origin} from ${id}?`,
  checkRemoveBody: 'A widget on that website stops taking pledges for this society at once (the service no longer answers its requests). Pledges already made stay and still count. You can add the origin again at any time.',
  checkRemoveButton: (origin: string) => `Remove ${origin}`,
  checkKeep: 'Keep it as it is',
  erase: 'Erase',
  eraseWhat: (email: string) => ` the pledge from ${email}`,
  checkEraseHeading: (email: string) => `Erase the flagged pledge from ${email}?`,
  checkEraseBody: 'It is deleted at once, its name and address with it: nothing is sent, and it cannot be released later. Do this for pledges a person did not make (a bot filling the form). If a real person made it, they can pledge again.',
  checkEraseButton: 'Erase it',
  erased: 'Erased the flagged pledge: its name and address are no longer kept.',
  erasedNone: 'Nothing was erased: that pledge had already been released, confirmed, withdrawn or erased.',
  /**
   * The lookup by address: what a person asks of the coalition by mail rather than through their own links (where is my
   * confirmation, a copy of my data, erase me): it finds their pledge and says its state, releases a held one, makes the
   * copy, and withdraws and erases the pledge.
   */
  eraseRequestHeading: 'Requests from pledgers, by address',
  eraseRequestIntro: 'When someone asks the coalition to remove their pledge and details (and cannot use the withdraw link in their own emails), enter the address they pledged with: you see the pledge before anything changes. Withdrawing erases their name, address, organization and region at once, as their own link does, and takes the pledge out of every count.',
  dataCopyIntro: 'When someone asks for a copy of what is kept about them, enter their address and choose “Download a copy of their data”: one file (JSON) with their pledge, the actions they noted, the organization requests that name them as contact, the emails sent or waiting to go to them, whether the address is on the suppression list, how many emails its mailbox was sent in the last 30 days (a count kept against abuse), any test of an update sent to it in the last minute, and what maintainers did about it on the suppression list (never who). The file explains each part, why it is kept and for how long, in the person’s language (their pledge’s or organization request’s, else this page’s). Nothing changes.',
  findIntro: 'When someone says they pledged but never got the confirmation email, enter their address too and choose “Find their pledge”: it says whether their pledge is held for review, waiting for confirmation (and whether that email went) or confirmed, and a held one can be released from there. Nothing changes until you press a button.',
  eraseRequestLabel: 'Email address they pledged with',
  eraseRequestButton: 'Find their pledge',
  dataCopyButton: 'Download a copy of their data',
  dataCopyNone: 'Nothing is kept about that address: no pledge, no organization request names it as contact, it is not on the suppression list nor in its log, and no email went to it in the last 30 days (nor a test in the last minute). Check how it is spelled; or it was withdrawn, or erased (pledges never confirmed are erased after 30 days).',
  eraseRequestMissing: 'Enter the email address they pledged with.',
  /** After “nothing is kept”: pledges kept for the same mailbox written another way, a +tag or a dot (`list`: those addresses). */
  sameMailbox: (list: string, n: number) =>
    ` ${n === 1 ? 'A pledge is' : 'Pledges are'} kept for ${list}, which ${n === 1 ? 'reaches' : 'reach'} the same mailbox (a +tag, and for some providers a dot or another of their domains, such as googlemail.com or me.com, makes no difference to where an email goes). If ${n === 1 ? 'that address is' : 'one of those addresses is'} theirs, enter it instead.`,
  /** The lookup by address's answer: what it found (its heading), before what it is and the question to withdraw it. */
  lookupHeading: (email: string, society: string) => `The pledge from ${email} (${society})`,
  checkEraseRequestHeading: (email: string, society: string) => `Withdraw and erase the pledge from ${email} (${society})?`,
  /** What the lookup by address says of the pledge it found, before the erase check (`day`: a formatted date). */
  lookupHeld: (why: string, day: string) =>
    `Held for review (${why}) since ${day}: it is not counted, and no confirmation email has been sent. If they made it, send its confirmation; it counts once they follow its link.`,
  lookupPending: (day: string) => `Waiting for confirmation since ${day}: it counts once they follow the link in its confirmation email.`,
  lookupEmail: { sent: (day: string) => `That email was sent on ${day}; it may be in their spam folder.`, failed: 'That email could not be sent after every try: see “Emails given up on” on the dashboard.', waiting: 'That email has not gone yet: it is waiting to be sent.',
    refused: 'That email could not be sent, and is not tried again: the email provider refused it (the address may be mistyped), or could not say whether it went.',
    /** Said only when the address is no longer on the list (while it is, the paragraph on the suppression says why and what to do). */
    suppressed: 'That email was not sent: the address was on the suppression list then (an email to it bounced, or was reported as spam). It no longer is, so ask them to pledge again with the same address: that sends its confirmation again.',
    capped: `That email was not sent: its mailbox had already been sent the ${MAX_EMAILS_PER_MAILBOX} emails allowed in ${QUOTA_WINDOW_DAYS} days (a limit against abuse, kept per mailbox; the count starts again ${QUOTA_WINDOW_DAYS} days after its last email).`,
    notSent: 'That email was not sent.' },
  lookupConfirmed: (day: string) => `Confirmed on ${day}: it counts.`,
  /**
   * The lookup's answer for an address on the suppression list (a hard bounce, a spam complaint, a maintainer's call): no
   * email reaches it, why (lookupSuppressedWhy) and since when; then what can be done, by the pledge's state, before and
   * after the link to the Updates page (its "Suppressed addresses", where a suppression is lifted).
   */
  lookupSuppressed: (why: string, day: string) =>
    `No email reaches this address: it has been on the suppression list since ${day} (${why}), so nothing is sent to it, its confirmation included.`,
  lookupSuppressedWhy: {
    bounce: 'an email to it bounced: the address does not exist or refuses mail',
    complaint: 'its owner marked one of our emails as spam',
    manual: 'a maintainer suppressed it',
  } as Record<string, string>,
  lookupSuppressedDo: {
    held: [
      'Sending its confirmation would release the pledge, but no email would go. If they say the address works now (after a spam complaint, only if they ask to hear from us again), first lift its suppression under “Suppressed addresses” on the ',
      ' page, then send the confirmation here.',
    ],
    pending: [
      'If they say the address works now (after a spam complaint, only if they ask to hear from us again), lift its suppression under “Suppressed addresses” on the ',
      ' page, then ask them to pledge again with the same address: that sends its confirmation again.',
    ],
    confirmed: ['It counts, but gets no updates or reminders. If they ask for them again and the address works, lift its suppression under “Suppressed addresses” on the ', ' page.'],
  } as Record<'held' | 'pending' | 'confirmed', [string, string]>,
  checkEraseRequestBody: 'It is withdrawn and its name, address, organization and region are erased at once; emails waiting to go to it are cancelled and notes on its reported actions are deleted. It cannot be taken back. They can pledge again at any time.',
  checkEraseRequestButton: 'Withdraw and erase',
  erasedRequest: 'Withdrew the pledge and erased its details: its name, address, organization and region are no longer kept.',
  /**
   * After erasedRequest: what stays once a pledge is erased on request (README's privacy table), none of it naming the person.
   * `held`: it was held for review, never counted, so nothing of it stays in the totals.
   */
  erasedRequestKept: (held: boolean) =>
    `Its mailbox’s count of pledge emails is forgotten too. What stays names no one: ${held ? '' : 'the pledge in the totals, as a withdrawn one (its society, role and dates); '}the audit log’s entries about the address, if any (when it was put on or taken off the suppression list, or its updates were stopped), under a short key, never the address; and any count of an organization request’s confirmations sent to its mailbox, under a keyed hash, until 30 days after the last.`,
  /** After erasedRequestKept, when the address is on the suppression list: that entry stays (it keeps the promise). */
  erasedRequestSuppressed: 'The address stays on the suppression list, as a keyed hash (never the address), so no email goes to it, even if they pledge again, until a maintainer lifts it.',
  erasedRequestNone: 'No pledge is kept for that address. Check how it is spelled; or it was already withdrawn, or erased (pledges never confirmed are erased after 30 days).',
  // The address is also an organization request's contact (kept with the request, not the pledge): said on the check page and after.
  eraseRequestAlsoContact: (names: string, n: number) =>
    n === 1 ? `This address is also the contact of a request to join as an organization: ${names}.` : `This address is also the contact of requests to join as organizations: ${names}.`,
  /** Before and after the link to the Organizations page (organizationsLink). */
  eraseRequestContactKept: (n: number): [string, string] => [
    `Withdrawing the pledge does not erase the contact’s name, address and job title kept with ${n === 1 ? 'it' : 'them'}: to erase those too, use “Remove and erase contact” on the `,
    ' page.',
  ],
  /** Every dashboard's refusal of a change without a session, or from another site. */
  signInFirst: 'Sign in to the dashboard first.',
  sameOriginOnly: 'Changes must come from the dashboard itself: open it and make the change there.',
  sessionEnded: 'Your session has ended, so nothing was changed. Sign in again, then make the change again.',
  sessionEndedDraft: {
    update: 'Your session has ended, so your draft is not saved yet. What you wrote is kept: sign in again, then save it.',
    resource: 'Your session has ended, so the resource is not saved yet. What you wrote is kept: sign in again, then save it.',
  },
  keptDraftTitle: { update: 'Your draft is not saved yet — RHEC Pledge', resource: 'The resource is not saved yet — RHEC Pledge' },
  keptDraftHeading: { update: 'Your draft is not saved yet', resource: 'The resource is not saved yet' },
  keptDraftBody: 'You are signed in again. Save what you wrote, or leave it: nothing is saved until you press the button.',
  keptDraftSubjects: { update: 'Its subject:', resource: 'Its title:' },
  /** An update's two subjects, told apart: "Its subject in Spanish:". */
  keptDraftSubjectIn: { en: 'Its subject in English:', es: 'Its subject in Spanish:' } as Record<Lang, string>,
  keptDraftUntitled: '(none yet)',
  keptDraftSave: { update: 'Save the draft', resource: 'Save the resource' },
  keptDraftLeave: 'Leave it and go to the dashboard',
  signOutHere: 'Sign out from the dashboard itself.',
};

export type AdminStrings = typeof en;

const es: AdminStrings = {
  signInTitle: 'Iniciar sesión — RHEC Pledge',
  errorTitlePrefix: 'Error: ',
  signInHeading: 'Inicie sesión en el panel',
  errorSummaryTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  tokenLabel: 'Token de administración',
  tokenHint: 'El token de acceso de quienes mantienen el servicio de la coalición: pídalo a quien lo instaló (para esa persona, es el secreto ADMIN_TOKEN).',
  signInButton: 'Iniciar sesión',
  notConfigured: 'El acceso de administración no está configurado: configure el secreto ADMIN_TOKEN',
  otherOrigin: 'Inicie sesión desde la propia página de este panel: la petición llegó desde otro sitio o sin su origen',
  wrongToken: 'Escriba el token de administración exactamente como se configuró',
  noToken: 'Escriba el token de administración',
  tooManySignIns: 'Demasiados intentos de inicio de sesión desde esta red en el último minuto. Espere un minuto y vuelva a escribir el token de administración',
  title: 'RHEC Pledge — panel',
  heading: 'Panel de la campaña',
  sectionsLabel: 'Secciones del panel',
  skipToFigures: 'Saltar a las cifras',
  csvLink: 'Descargar todos los compromisos (CSV)',
  resourcesLink: 'Recursos y resultados',
  updatesLink: 'Novedades para quienes se comprometieron',
  organizationsLink: 'Organizaciones',
  postersLink: 'Pósteres para eventos',
  givenUpHeading: 'Correos que no se pudieron enviar',
  givenUpNone: 'Ningún correo se ha dado por perdido: todos se enviaron o se siguen intentando.',
  givenUpIntro: (n, one) =>
    `${one ? 'No se pudo enviar 1 correo' : `No se pudieron enviar ${n} correos`} tras 12 intentos durante unas siete horas (el proveedor de correo no funcionaba o seguía fallando). Cuando el proveedor vuelva a enviar, ${one ? 'vuelva a enviarlo' : 'vuelva a enviarlos'}: la siguiente ejecución programada, en 5 minutos como mucho, ${one ? 'lo envía' : 'los envía'} al ritmo acordado con el proveedor. Antes se vuelve a comprobar cada uno: se omite el de un compromiso retirado desde entonces, el de una novedad cancelada o el dirigido a una dirección de la lista de exclusión. No se incluyen los correos que el proveedor pudo haber recibido ya, para que nadie reciba dos copias.`,
  givenUpButton: 'Enviarlos de nuevo',
  givenUpSent: (n, one) => (one ? 'Se vuelve a enviar 1 correo en 5 minutos como mucho.' : `Se vuelven a enviar ${n} correos en 5 minutos como mucho.`),
  givenUpNoneLeft: 'No se volvió a enviar nada: no hay ningún correo dado por perdido (quizá ya se volvieron a enviar).',
  signOut: 'Cerrar sesión',
  totalConfirmed: 'confirmados',
  totalPending: 'pendientes de confirmación',
  totalFlagged: 'marcados para revisión',
  totalWithdrawn: 'retirados',
  legendBars: 'Barras:',
  legendConfirmed: 'confirmados',
  legendPending: 'pendientes de confirmación',
  confirmed: 'Confirmados',
  pending: 'Pendientes',
  flagged: 'Marcados',
  withdrawnColumn: 'Retirados',
  bySociety: 'Por sociedad',
  society: 'Sociedad',
  byRole: 'Por función',
  role: 'Función',
  byDay: 'Por día (últimos 14 días con compromisos)',
  day: 'Día',
  sourcesHeading: 'Por sociedad y procedencia',
  sourcesCaption: 'Compromisos por sociedad y procedencia: confirmados, pendientes de confirmación, marcados y retirados',
  sourcesHint: (widget: Html, hosted: Html) =>
    html`Un código de procedencia viene de ${widget} en el widget, de ${hosted} en la página alojada o de un póster.`,
  source: 'Procedencia',
  noSource: 'sin procedencia',
  noSourcesYet: 'Ningún compromiso tiene todavía un código de procedencia.',
  postersHeading: 'Pósteres para eventos',
  postersIntro:
    'Un póster de una página con el compromiso y un código QR que abre la página del compromiso de una sociedad, con un código de procedencia para que pueda ver cuántos compromisos aporta. Su página también lo ofrece en SVG, para diseñadores.',
  sourceCode: 'Código de procedencia',
  optional: '(opcional)',
  sourceCodeHint: 'Hasta 64 letras minúsculas, cifras y guiones, como stand-2026',
  language: 'Idioma',
  languageNames: { en: 'Inglés', es: 'Español' },
  openPoster: 'Abrir el póster para imprimir',
  partnersHeading: 'Sociedades asociadas',
  flaggedHeading: 'Marcados para revisión',
  flaggedIntro:
    'Estos compromisos superaron el límite de 20 por minuto desde una misma red (puede ocurrir en una sala de congresos o un hospital con una sola dirección), rellenaron el campo oculto contra bots o no superaron la comprobación de Turnstile. No se cuentan y no recibieron ningún correo. Los que superaron el límite se liberan solos cada pocos minutos, tan rápido como el límite lo permite para su red; los demás esperan su revisión. Al liberar uno se envía su correo de confirmación; cuenta cuando su titular lo confirma. Al borrar uno (un compromiso que no hizo una persona), se elimina de inmediato junto con sus datos.',
  flaggedNone: 'No hay compromisos pendientes de revisar.',
  flaggedShowing: (shown, total) => `Los ${shown} más recientes de ${total}.`,
  flaggedOlder: [' Para encontrar uno más antiguo, escriba su dirección en ', ': indica que está retenido y envía su confirmación desde allí.'],
  flaggedReceived: 'Recibido',
  flaggedName: 'Nombre',
  flaggedEmail: 'Correo',
  flaggedWhy: 'Motivo',
  flaggedCaption: 'Compromisos marcados, los más recientes primero',
  flagReasons: { rate_limit: 'por encima del límite', honeypot: 'campo contra bots rellenado', turnstile: 'no superó Turnstile' },
  release: 'Enviar la confirmación',
  releaseWhat: (email) => ` a ${email}`,
  releaseAll: (n) => `Enviar la confirmación a los ${n} mostrados que se marcaron por superar el límite`,
  released: (n) => (n === 1 ? 'Se liberó 1 compromiso: su correo de confirmación está en camino.' : `Se liberaron ${n} compromisos: sus correos de confirmación están en camino.`),
  releasedNone: 'No se liberó nada: esos compromisos ya se habían liberado, confirmado, retirado o borrado.',
  releasedSuppressed: (n, k) =>
    n === 1
      ? 'Se liberó 1 compromiso, pero no se le envía ningún correo de confirmación: su dirección está en la lista de exclusión. Busque la dirección más abajo para ver por qué y qué se puede hacer.'
      : k === n
        ? `Se liberaron ${n} compromisos, pero no se les envía ningún correo de confirmación: sus direcciones están en la lista de exclusión.`
        : `Se liberaron ${n} compromisos: sus correos de confirmación están en camino, salvo ${k === 1 ? 'el de la dirección que está' : `los de las ${k} direcciones que están`} en la lista de exclusión.`,
  status: 'Estado',
  origins: 'Orígenes que pueden insertar el widget',
  actions: 'Acciones',
  active: 'Activa',
  disabled: 'Desactivada',
  remove: 'Quitar',
  removeWhat: (origin, id) => ` ${origin} de ${id}`,
  newOriginLabel: (id) => `Nuevo origen para ${id}`,
  addOrigin: 'Añadir origen',
  addOriginFor: (id) => ` para ${id}`,
  disable: 'Desactivar',
  enable: 'Activar',
  addSocietyHeading: 'Añadir una sociedad',
  partnerIdLabel: 'Identificador de la sociedad',
  partnerIdHint: 'Letras minúsculas o cifras; se usa al insertar el widget como partner="…"',
  displayNameLabel: 'Nombre visible',
  addSociety: 'Añadir la sociedad',
  saved: (c) => {
    switch (c.action) {
      case 'add':
        return `Guardado: se añadió la sociedad ${c.id}.`;
      case 'add-origin':
        return `Guardado: se añadió el origen ${c.origin ?? ''} a ${c.id}.`;
      case 'remove-origin':
        return `Guardado: se quitó el origen ${c.origin ?? ''} de ${c.id}.`;
      case 'disable':
        return `Guardado: se desactivó ${c.id}.`;
      case 'enable':
        return `Guardado: se activó ${c.id}.`;
    }
  },
  unchanged: (c) => {
    switch (c.action) {
      case 'add':
        return `No se ha cambiado nada: la sociedad ${c.id} ya está, con ese nombre.`;
      case 'add-origin':
        return `No se ha cambiado nada: el origen ${c.origin ?? ''} ya figuraba en ${c.id}.`;
      case 'remove-origin':
        return `No se ha cambiado nada: el origen ${c.origin ?? ''} no figuraba en ${c.id}.`;
      case 'disable':
        return `No se ha cambiado nada: ${c.id} ya estaba desactivada.`;
      default:
        return `No se ha cambiado nada: ${c.id} ya estaba activa.`;
    }
  },
  noSuchPartner: (id, adding) => `No existe la sociedad «${id}».${adding ? ' Añada primero la sociedad y después sus orígenes.' : ''}`,
  signedOut: 'Ha cerrado la sesión. Para volver a entrar, use el token de administración.',
  partnerExists: (id) => `No se ha cambiado nada: ya existe una sociedad «${id}». Actívela, desactívela o añádale orígenes en su fila, más abajo.`,
  chooseAction: 'Elija qué quiere cambiar.',
  checkDisableHeading: (name, id) => `¿Desactivar ${name} (${id})?`,
  checkDisableBody: 'Su widget deja de aceptar compromisos de inmediato, en todos los sitios que lo insertan, y su página alojada y sus pósteres dejan de funcionar. Los compromisos ya hechos se mantienen y siguen contando. Puede volver a activarla cuando quiera.',
  checkDisableButton: (id) => `Desactivar ${id}`,
  checkRemoveHeading: (origin, id) => `¿Quitar ${origin} de ${id}?`,
  checkRemoveBody: 'Un widget en ese sitio web deja de aceptar compromisos para esta sociedad de inmediato (el servicio ya no responde a sus peticiones). Los compromisos ya hechos se mantienen y siguen contando. Puede volver a añadir el origen cuando quiera.',
  checkRemoveButton: (origin) => `Quitar ${origin}`,
  checkKeep: 'Dejarlo como está',
  erase: 'Borrar',
  eraseWhat: (email) => ` el compromiso de ${email}`,
  checkEraseHeading: (email) => `¿Borrar el compromiso marcado de ${email}?`,
  checkEraseBody: 'Se elimina de inmediato, con su nombre y su dirección: no se envía nada y ya no se podrá liberar. Hágalo con compromisos que no hizo una persona (un bot que rellenó el formulario). Si lo hizo una persona real, puede volver a comprometerse.',
  checkEraseButton: 'Borrarlo',
  erased: 'Se borró el compromiso marcado: ya no se guardan su nombre ni su dirección.',
  erasedNone: 'No se borró nada: ese compromiso ya se había liberado, confirmado, retirado o borrado.',
  eraseRequestHeading: 'Peticiones de quienes se comprometieron, por su dirección',
  eraseRequestIntro: 'Cuando alguien pide a la coalición que retire su compromiso y sus datos (y no puede usar el enlace para retirarlo de sus propios correos), escriba la dirección con la que se comprometió: verá el compromiso antes de que cambie nada. Retirarlo borra de inmediato su nombre, dirección, organización y región, como su propio enlace, y lo quita de todos los recuentos.',
  dataCopyIntro: 'Cuando alguien pide una copia de lo que se guarda sobre esa persona, escriba su dirección y elija «Descargar una copia de sus datos»: un archivo (JSON) con su compromiso, las acciones que anotó, las solicitudes de organizaciones que la nombran como contacto, los correos enviados o pendientes de enviarle, si la dirección está en la lista de exclusión, cuántos correos recibió su buzón en los últimos 30 días (un recuento que se lleva contra el abuso), las pruebas de una novedad enviadas a ella en el último minuto y lo que el equipo hizo con ella en la lista de exclusión (nunca quién). El archivo explica cada parte, por qué se guarda y durante cuánto tiempo, en el idioma de la persona (el de su compromiso o su solicitud de organización o, si no, el de esta página). No cambia nada.',
  findIntro: 'Cuando alguien dice que se comprometió pero nunca recibió el correo de confirmación, escriba también su dirección y elija «Buscar su compromiso»: indica si su compromiso está retenido para revisión, pendiente de confirmación (y si ese correo salió) o confirmado, y uno retenido puede liberarse desde allí. Nada cambia hasta que pulse un botón.',
  eraseRequestLabel: 'Dirección de correo con la que se comprometió',
  eraseRequestButton: 'Buscar su compromiso',
  dataCopyButton: 'Descargar una copia de sus datos',
  dataCopyNone: 'No se guarda nada sobre esa dirección: ningún compromiso, ninguna solicitud de organización la nombra como contacto, no está en la lista de exclusión ni en su registro de cambios, y no se le envió ningún correo en los últimos 30 días (ni una prueba en el último minuto). Revise cómo está escrita; o se retiró, o se borró (los compromisos nunca confirmados se borran a los 30 días).',
  eraseRequestMissing: 'Escriba la dirección de correo con la que se comprometió.',
  sameMailbox: (list, n) =>
    ` ${n === 1 ? 'Se guarda un compromiso' : 'Se guardan compromisos'} de ${list}, que ${n === 1 ? 'llega' : 'llegan'} al mismo buzón (una etiqueta +, y en algunos proveedores un punto u otro de sus dominios, como googlemail.com o me.com, no cambia adónde llega un correo). Si ${n === 1 ? 'esa dirección es' : 'una de esas direcciones es'} suya, escríbala en su lugar.`,
  lookupHeading: (email, society) => `El compromiso de ${email} (${society})`,
  checkEraseRequestHeading: (email, society) => `¿Retirar y borrar el compromiso de ${email} (${society})?`,
  lookupHeld: (why, day) =>
    `Retenido para revisión (${why}) desde el ${day}: no se cuenta y no se ha enviado ningún correo de confirmación. Si lo hizo esa persona, envíe la confirmación; cuenta cuando siga su enlace.`,
  lookupPending: (day) => `Pendiente de confirmación desde el ${day}: cuenta cuando siga el enlace de su correo de confirmación.`,
  lookupEmail: { sent: (day) => `Ese correo se envió el ${day}; quizá esté en su carpeta de correo no deseado.`, failed: 'Ese correo no se pudo enviar tras todos los intentos: vea «Correos que no se pudieron enviar» en el panel.', waiting: 'Ese correo aún no ha salido: está en espera de envío.',
    refused: 'Ese correo no se pudo enviar y no se vuelve a intentar: el proveedor de correo lo rechazó (puede que la dirección esté mal escrita) o no pudo decir si salió.',
    suppressed: 'Ese correo no se envió: la dirección estaba entonces en la lista de exclusión (un correo a ella rebotó o se denunció como spam). Ya no lo está, así que pídale que se comprometa de nuevo con la misma dirección: así se le envía otra vez la confirmación.',
    capped: `Ese correo no se envió: su buzón ya había recibido los ${MAX_EMAILS_PER_MAILBOX} correos permitidos en ${QUOTA_WINDOW_DAYS} días (un límite contra el abuso, por buzón; el recuento empieza de nuevo ${QUOTA_WINDOW_DAYS} días después de su último correo).`,
    notSent: 'Ese correo no se envió.' },
  lookupConfirmed: (day) => `Confirmado el ${day}: cuenta.`,
  lookupSuppressed: (why, day) =>
    `Ningún correo llega a esta dirección: está en la lista de exclusión desde el ${day} (${why}), así que no se le envía nada, tampoco su confirmación.`,
  lookupSuppressedWhy: {
    bounce: 'un correo que se le envió rebotó: la dirección no existe o rechaza el correo',
    complaint: 'su titular marcó uno de nuestros correos como spam',
    manual: 'una persona del equipo la excluyó',
  },
  lookupSuppressedDo: {
    held: [
      'Enviar su confirmación liberaría el compromiso, pero no saldría ningún correo. Si dice que la dirección ya funciona (tras una queja por spam, solo si pide volver a recibir noticias nuestras), levante primero la exclusión en «Direcciones excluidas» de la página ',
      ' y después envíe aquí la confirmación.',
    ],
    pending: [
      'Si dice que la dirección ya funciona (tras una queja por spam, solo si pide volver a recibir noticias nuestras), levante la exclusión en «Direcciones excluidas» de la página ',
      ' y pídale que se comprometa otra vez con la misma dirección: así se le vuelve a enviar la confirmación.',
    ],
    confirmed: ['Cuenta, pero no recibe novedades ni recordatorios. Si los pide de nuevo y la dirección funciona, levante la exclusión en «Direcciones excluidas» de la página ', '.'],
  },
  checkEraseRequestBody: 'Se retira y su nombre, dirección, organización y región se borran de inmediato; se cancelan los correos pendientes de enviarle y se eliminan las notas de sus acciones. No se puede deshacer. La persona puede volver a comprometerse cuando quiera.',
  checkEraseRequestButton: 'Retirar y borrar',
  erasedRequest: 'Se retiró el compromiso y se borraron sus datos: ya no se guardan su nombre, dirección, organización ni región.',
  erasedRequestKept: (held) =>
    `También se olvida el recuento de correos del compromiso que recibió su buzón. Lo que queda no identifica a nadie: ${held ? '' : 'el compromiso en los totales, como retirado (su sociedad, función y fechas); '}las entradas del registro de auditoría sobre la dirección, si las hay (cuándo entró en la lista de exclusión o salió de ella, o se detuvieron sus novedades), con una clave corta, nunca la dirección; y el recuento de confirmaciones de una solicitud de organización enviadas a su buzón, si lo hay, bajo un hash con clave, hasta 30 días después de la última.`,
  erasedRequestSuppressed: 'La dirección sigue en la lista de exclusión, como un hash con clave (nunca la dirección), así que no se le envía ningún correo, aunque vuelva a comprometerse, hasta que una persona del equipo la saque de la lista.',
  erasedRequestNone: 'No se guarda ningún compromiso con esa dirección. Revise cómo está escrita; o ya se retiró, o se borró (los compromisos nunca confirmados se borran a los 30 días).',
  eraseRequestAlsoContact: (names, n) =>
    n === 1 ? `Esta dirección es también la de contacto de una solicitud para unirse como organización: ${names}.` : `Esta dirección es también la de contacto de solicitudes para unirse como organizaciones: ${names}.`,
  eraseRequestContactKept: (n) => [
    `Retirar el compromiso no borra el nombre, la dirección y el cargo del contacto que se guardan con ${n === 1 ? 'ella' : 'ellas'}: para borrarlos también, use «Quitar y borrar el contacto» en la página `,
    '.',
  ],
  signInFirst: 'Primero, inicie sesión en el panel.',
  sameOriginOnly: 'Los cambios deben hacerse desde el propio panel: ábralo y haga el cambio allí.',
  sessionEnded: 'Su sesión ha terminado, así que no se ha cambiado nada. Vuelva a iniciar sesión y repita el cambio.',
  sessionEndedDraft: {
    update: 'Su sesión ha terminado, así que su borrador aún no se ha guardado. Lo que escribió se conserva: vuelva a iniciar sesión y guárdelo.',
    resource: 'Su sesión ha terminado, así que el recurso aún no se ha guardado. Lo que escribió se conserva: vuelva a iniciar sesión y guárdelo.',
  },
  keptDraftTitle: { update: 'Su borrador aún no se ha guardado — RHEC Pledge', resource: 'El recurso aún no se ha guardado — RHEC Pledge' },
  keptDraftHeading: { update: 'Su borrador aún no se ha guardado', resource: 'El recurso aún no se ha guardado' },
  keptDraftBody: 'Ha vuelto a iniciar sesión. Guarde lo que escribió o déjelo: no se guarda nada hasta que presione el botón.',
  keptDraftSubjects: { update: 'Su asunto:', resource: 'Su título:' },
  keptDraftSubjectIn: { en: 'Su asunto en inglés:', es: 'Su asunto en español:' },
  keptDraftUntitled: '(aún ninguno)',
  keptDraftSave: { update: 'Guardar el borrador', resource: 'Guardar el recurso' },
  keptDraftLeave: 'Dejarlo e ir al panel',
  signOutHere: 'Cierre la sesión desde el propio panel.',
};

export const ADMIN_STRINGS: Record<Lang, AdminStrings> = { en, es };
