/**
 * What maintainers read on `/admin/organizations`, in English and Spanish. Types and sizes
 * are named as the public side names them (`ORG_STRINGS` in ./strings.ts); the CSV keeps its
 * English headers (a file for spreadsheets, read by machines as much as by people).
 */
import { societyInSpanish } from '../../src/content/society-articles.ts';
import type { OrgStatus } from '../../src/organization-fields.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { MAX_MEMBER_REMINDERS, type DigestedAnswer } from './queries.ts';
import { QUOTA_WINDOW_DAYS } from '../pledges/abuse.ts';

const EN_STATUS: Record<OrgStatus, string> = {
  unconfirmed: 'Email not confirmed',
  pending: 'Awaiting review',
  approved: 'Approved',
  declined: 'Declined',
  withdrawn: 'Withdrawn (contact erased)',
};

/** After a decision (an organization's, or its change request's), for a contact whose address is suppressed (the outbox sends them nothing). */
const NO_EMAIL_EN = 'No email goes to its contact: their address is on the suppression list (a hard bounce or a complaint).';
const NO_EMAIL_ES = 'No se escribe a su contacto: su dirección está en la lista de exclusión (un rebote definitivo o una queja).';

const en = {
  title: 'RHEC Pledge — organizations',
  heading: 'Organizations',
  backToDashboard: 'Back to the dashboard',
  /** The name of the links at the top (back to the dashboard…), a navigation landmark, as the Updates page names its own. */
  crumbsLabel: 'Dashboard',
  csvLink: 'Download all organizations (CSV)',
  /** After "N requests match": those found, as a CSV (the link at the top, `csvLink`, is every organization). */
  csvFound: (shown: string, n: number) => (n === 1 ? 'Download this one (CSV)' : `Download these ${shown} (CSV)`),
  publicList: 'Public list',
  /** Finding a request: the search form (part of a name or a domain, and a status) and what it found. */
  findHeading: 'Find a request',
  findLabel: 'Organization name or website domain',
  findHint: 'Part of a name or a domain is enough; capitals and accents do not matter. The contact is not searched.',
  findStatus: 'Status',
  findAny: 'Any status',
  findButton: 'Find',
  findClear: 'Show every request',
  findShowing: (shown: string, n: number) => (n === 0 ? 'No request matches.' : n === 1 ? '1 request matches.' : `${shown} requests match.`),
  status: EN_STATUS,
  /** A group of requests by status, as a heading (followed by its count): the same words in English, plural in Spanish. */
  groups: EN_STATUS,
  /** The status as it reads inside a sentence ("Requests for x.org: A (approved)"). */
  statusInline: {
    unconfirmed: 'email not confirmed',
    pending: 'awaiting review',
    approved: 'approved',
    declined: 'declined',
    withdrawn: 'withdrawn, contact erased',
  } satisfies Record<OrgStatus, string>,
  /** What follows a figure in bold, so `n` only picks the grammatical number. */
  totalJoined: (_n: number) => 'counted as joined',
  totalPending: (_n: number) => 'awaiting review',
  totalUnconfirmed: (_n: number) => 'email not confirmed',
  totalDeclined: (_n: number) => 'declined',
  totalWithdrawn: (_n: number) => 'withdrawn',
  byType: 'By type',
  typeColumn: 'Type',
  approvedColumn: 'Approved',
  /** The requests awaiting review (confirmed by their contact), as the headline's "awaiting review" counts them. */
  awaitingColumn: 'Awaiting review',
  overTime: 'Requests by month',
  monthColumn: 'Month',
  approvedSince: 'Approved',
  /** Everything else of a month's requests: still awaiting (review or the contact's confirmation), declined, or withdrawn. */
  notApproved: 'Not approved: awaiting, declined or withdrawn',
  statusLabel: 'Status',
  domainLabel: 'Domain',
  verified: 'Verified',
  verifiedNote: 'contact email is at this domain',
  notProven: 'Not confirmed yet',
  notProvenNote: 'contact email is at this domain, but nobody has confirmed the request from it',
  notVerified: 'Not verified',
  /** Beside a domain one of whose labels mixes Latin with Cyrillic or Greek letters. */
  mixedScripts: 'Cyrillic or Greek letters that look Latin: check it is not a look-alike of another domain',
  notVerifiedNote: 'contact email is at another domain',
  /** Not verified because the address is at a public email service, and the "website" is on that service too (`gmail.com`). */
  notVerifiedMailboxNote: 'contact email is at this public email service, where anyone can open an address',
  websiteLabel: 'Website',
  typeLabel: 'Type',
  whereLabel: 'Where',
  notGiven: 'Not given',
  radiologistsLabel: 'Radiologists',
  contactLabel: 'Contact',
  /** The language the contact reads (their emails are in it): worth knowing before writing to them by hand. */
  contactLangLabel: 'Contact’s language',
  langNames: { en: 'English', es: 'Spanish' } as Record<string, string>,
  erased: 'Erased',
  listingLabel: 'Listing',
  listed: 'Wants to be listed publicly',
  notListed: 'Asked not to be listed by name',
  notListedWithdrawn: 'Not listed (withdrawn)',
  requestedLabel: 'Requested',
  from: (partner: string) => ` from ${partner}`,
  confirmedOn: (date: string) => `; confirmed ${date}`,
  decidedOn: (date: string) => `; decided ${date}`,
  /** When and how a withdrawn request ended: `by` is unknown for one withdrawn before that was kept (migration 0024). */
  withdrawnOn: (date: string, by: 'contact' | 'maintainers' | 'unknown') =>
    by === 'maintainers' ? `; removed by maintainers ${date}` : by === 'contact' ? `; withdrawn by its contact ${date}` : `; withdrawn ${date}`,
  joinsEarlier: 'Joins the earlier request of',
  joinsEarlierEnd: 'for the same domain.',
  requestsFor: 'Requests for',
  countedOnce: 'A domain counts and is listed once, by its earliest approved request, unless a request is counted as a separate organization.',
  approve: 'Approve',
  decline: 'Decline',
  remove: 'Remove and erase contact',
  noneYet: 'No organization has asked to join yet. Share',
  /** On the card of an organization whose contact's address is suppressed (its change request's card says `changeNoEmail`). */
  orgNoEmail: 'No email will reach its contact about a decision on it (approved or declined): their address is on the suppression list (a hard bounce or a complaint).',
  done: {
    /** `emailed`: false when the contact's address is suppressed, `erased` when its contact was erased (no email goes). */
    approve: (name: string, emailed: boolean | 'erased' = true) =>
      `Approved ${name}.${emailed === 'erased' ? ' No email goes to anyone: its contact’s details were erased.' : emailed ? '' : ` ${NO_EMAIL_EN}`}`,
    decline: (name: string, emailed = true) => `Declined ${name}.${emailed ? '' : ` ${NO_EMAIL_EN}`}`,
    remove: (name: string) => `Removed, and the contact erased: ${name}.`,
    apart: (name: string) => `${name} now counts as an organization of its own.`,
    together: (name: string) => `${name} now counts with the other requests for its domain.`,
    /** `emailed`: false when the contact's address is suppressed (no email goes). */
    'approve-change': (name: string, emailed = true) => `Approved the change to ${name}: the public list shows it now. ${emailed ? 'Its contact is emailed.' : NO_EMAIL_EN}`,
    'decline-change': (name: string, emailed = true) => `Declined the change to ${name}: the public list shows it as before. ${emailed ? 'Its contact is emailed.' : NO_EMAIL_EN}`,
  },
  /** An approved organization's change request (`/join/change`), on its card: what is listed now and what is asked. */
  changeRequestHeading: 'Change asked by its contact',
  changeAskedOn: (day: string) => `Asked on ${day}, from the contact’s own mailbox. Until it is approved, the public list shows the organization as it is now.`,
  changeReplaces: (day: string) => `It replaces an earlier change request, sent on ${day}, which no longer waits.`,
  /** On the card of a change request from an organization counted through an earlier approved request for its domain. */
  changeThrough: 'Approving it changes nothing the public sees now:',
  changeThroughOf: 'the organization is counted, and listed or not, through the earlier approved request of',
  changeThroughEnd: 'for the same domain. These details would show only if that request were withdrawn.',
  /** After *Approve the change* for an organization the public list does not show by name (not listed, or counted through an earlier request). */
  changeApprovedUnseen: (name: string, emailed = true) =>
    `Approved the change to ${name}: nothing the public sees changes, since the public list does not show this request by name (it is not listed, or an earlier approved request for its domain counts it). ${emailed ? 'Its contact is emailed.' : NO_EMAIL_EN}`,
  changeCaption: 'Public details, now and as asked',
  /** On the card of a change request whose contact's address is suppressed. */
  changeNoEmail: 'No email will reach its contact about this decision, whichever it is: their address is on the suppression list (a hard bounce or a complaint).',
  changeNow: 'Now',
  changeAsked: 'Asked',
  nameLabel: 'Name',
  approveChange: 'Approve the change',
  declineChange: 'Decline the change',
  changeStale: (name: string) =>
    `Nothing decided: the change request for ${name} changed after this page was opened (its contact asked again). Check it below, then decide again.`,
  changeNone: (name: string) => `Nothing decided: ${name} has no change request waiting (it was decided already, or the organization was withdrawn).`,
  /** Another organization on a shared domain (a university's departments, a federal agency's hospitals). */
  countApart: 'Count as a separate organization',
  countTogether: 'Count with the others',
  countedApart: 'Counted as a separate organization, though it shares this domain.',
  cannotChange: 'That organization can no longer be changed.',
  /** `changed`: the answers corrected (`answerNames`), when the page said which it showed. */
  changedSinceShown: (name: string, changed: string[]) =>
    changed.length
      ? `Not approved: the request from ${name} changed after this page was opened: its contact corrected ${new Intl.ListFormat('en', { type: 'conjunction' }).format(changed)}. Check it below, then approve it again.`
      : `Not approved: the request from ${name} changed after this page was opened (its contact sent corrected answers). Check it below, then approve it again.`,
  /** On a confirmed or approved request's card: its contact sent the form again with other answers (`answerNames`, as a list), not applied. */
  /** On an approved organization's card: answers its contact may apply themselves (nothing more public: `answersSelfApplied`), by the email's `/join/change` link. */
  /**
   * `emailed` false: no "already a member" email went for these answers (its contact has had the MAX_MEMBER_REMINDERS allowed in QUOTA_WINDOW_DAYS);
   * `suppressed`: the contact's address is on the suppression list, so the email with its link was not sent to them.
   */
  askedSelf: (answers: string, emailed: boolean | 'suppressed' = true) =>
    emailed === 'suppressed'
      ? `Its contact has since asked to change ${answers}, which makes nothing more public. No email with a link to apply it reaches them: their address is on the suppression list (a hard bounce or a complaint).`
      : emailed
      ? `Its contact has since asked to change ${answers}, which makes nothing more public: the email gave them a link to apply that themselves, without a review.`
      : `Its contact has since asked to change ${answers}, which makes nothing more public. No email went for it: they have had the ${MAX_MEMBER_REMINDERS} emails allowed in ${QUOTA_WINDOW_DAYS} days for sending the form again, so they may have no link that still works to apply it themselves.`,
  askedSince: (answers: string, approved: boolean, emailed: boolean | 'suppressed' = true) =>
    `Its contact has since sent the form again with other answers for ${answers}. ${
      emailed === 'suppressed'
        ? `They ${approved ? 'are' : 'were'} not applied, and no email about them reaches the contact: their address is on the suppression list (a hard bounce or a complaint)${approved ? ', so they have no link to ask for them' : ''}.`
        : !emailed
        ? `They ${approved ? 'are' : 'were'} not applied, and no email went for them: the contact has had the ${MAX_MEMBER_REMINDERS} emails allowed in ${QUOTA_WINDOW_DAYS} days for sending the form again, so they may have no link that still works${approved ? ' to ask for them' : ''}.`
        : approved
        ? 'They are not applied; the email gave the contact a link to ask for them, and once they do, the change waits here for review.'
        : 'They were not applied; the contact was told that to change them, they withdraw the request and send the form again.'
    }`,
  /** The answers a correction can change, as they read in `changedSinceShown`. */
  answerNames: {
    name: 'the name',
    type: 'the type',
    website: 'the website',
    region: 'where it is',
    size: 'the number of radiologists',
    contact_name: 'the contact’s name',
    contact_title: 'the contact’s title',
    list_publicly: 'whether it is listed publicly',
  } satisfies Record<DigestedAnswer, string>,
  noSuchOrganization: 'There is no organization with that id. It may have been erased: requests never confirmed are erased after 30 days.',
  removeCheckHeading: (name: string) => `Remove ${name}?`,
  removeCheckBody: 'It stops counting and being listed, and its contact’s name, title and email address are erased at once. This cannot be undone.',
  removeConfirm: 'Remove and erase',
  removeKeep: 'Keep it, and go back to the organizations',
  declineCheckHeading: (name: string) => `Decline ${name}?`,
  declineCheckBody: 'Its contact is emailed at once that the request was declined, and it is neither counted nor listed. You can still approve it within 30 days, while its contact’s details are kept; they are then emailed again.',
  /** A request its contact never confirmed: no email goes to an address never proven. */
  declineCheckBodyUnconfirmed: 'Its contact never confirmed the request, so no email is sent; it is neither counted nor listed. You can still approve it within 30 days.',
  /** The contact's address is suppressed: no email about the decline reaches them (its button is then `declineConfirmUnconfirmed`). */
  declineCheckBodyNoEmail: 'Its contact gets no email about it: their address is on the suppression list (a hard bounce or a complaint). It is neither counted nor listed. You can still approve it within 30 days, while its contact’s details are kept.',
  declineConfirm: 'Decline and email the contact',
  declineConfirmUnconfirmed: 'Decline',
  declineKeep: 'Leave it as it is, and go back to the organizations',
  /** "Decline the change" asks first: the contact is emailed at once, and the request is not kept. */
  declineChangeCheckHeading: (name: string) => `Decline the change to ${name}?`,
  declineChangeCheckBody: 'Its contact is emailed at once that the change was declined. The public list keeps showing the organization as it is now, and its membership stays; the change request is not kept, so to change these details its contact asks again.',
  declineChangeConfirm: 'Decline the change and email the contact',
  /** The contact's address is suppressed (a hard bounce or a complaint): no email about the decision reaches them. */
  declineChangeCheckBodyNoEmail: 'Its contact gets no email about it: their address is on the suppression list (a hard bounce or a complaint). The public list keeps showing the organization as it is now, and its membership stays; the change request is not kept, so to change these details its contact asks again.',
  declineChangeConfirmNoEmail: 'Decline the change',
  declineChangeKeep: 'Leave the change waiting, and go back to the organizations',
  /** On a card with a change request: names the organization's own buttons, apart from the change's. */
  organizationActions: 'The organization itself:',
  /** Approve, for a request its contact never confirmed or whose contact's address is at another domain: asked first. */
  approveCheckHeading: (name: string) => `Approve ${name}?`,
  approveCheckUnconfirmed: 'its contact has not confirmed the request from the email we sent, so nobody has shown that the request comes from the address it gives.',
  approveCheckUnverified: (domain: string) => `its contact’s email address is at another domain than the organization’s website, ${domain}.`,
  approveCheckMailbox: (domain: string) => `its contact’s email address is at ${domain}, a public email service where anyone can open an address, so it shows no tie to the organization.`,
  approveCheckListed: 'Approving counts it among the organizations that have joined and lists it by name on the public list, /organizations, as its request asked.',
  approveCheckUnlisted: 'Approving counts it among the organizations that have joined; as its request asked, it is not listed by name on /organizations.',
  approveCheckEmailed: 'Its contact is emailed at once that it was approved.',
  /** A declined request whose contact the Cron has erased (30 days after the decline): nobody to ask, nobody told. */
  contactErased: 'Contact erased',
  approveCheckErased: 'its contact’s details were erased 30 days after it was declined, so nobody can be asked about the request any more, and no email tells anyone it was approved.',
  /** Instead of `approveCheckEmailed`, when the contact's address is suppressed. */
  approveCheckNoEmail: 'Its contact gets no email about it: their address is on the suppression list (a hard bounce or a complaint).',
  approveConfirm: 'Yes, approve',
  approveKeep: 'Leave it as it is, and go back to the organizations',
};

export type OrgAdminStrings = typeof en;

const es: OrgAdminStrings = {
  title: 'RHEC Pledge — organizaciones',
  heading: 'Organizaciones',
  backToDashboard: 'Volver al panel',
  crumbsLabel: 'Panel',
  csvLink: 'Descargar todas las organizaciones (CSV)',
  csvFound: (shown, n) => (n === 1 ? 'Descargar esta (CSV)' : `Descargar estas ${shown} (CSV)`),
  publicList: 'Lista pública',
  findHeading: 'Buscar una solicitud',
  findLabel: 'Nombre de la organización o dominio de su sitio web',
  findHint: 'Basta con parte de un nombre o de un dominio; no importan las mayúsculas ni los acentos. No se busca en el contacto.',
  findStatus: 'Estado',
  findAny: 'Cualquier estado',
  findButton: 'Buscar',
  findClear: 'Mostrar todas las solicitudes',
  findShowing: (shown: string, n: number) => (n === 0 ? 'Ninguna solicitud coincide.' : n === 1 ? '1 solicitud coincide.' : `${shown} solicitudes coinciden.`),
  status: {
    unconfirmed: 'Correo sin confirmar',
    pending: 'Pendiente de revisión',
    approved: 'Aprobada',
    declined: 'Rechazada',
    withdrawn: 'Retirada (contacto borrado)',
  },
  groups: {
    unconfirmed: 'Correo sin confirmar',
    pending: 'Pendientes de revisión',
    approved: 'Aprobadas',
    declined: 'Rechazadas',
    withdrawn: 'Retiradas (contacto borrado)',
  },
  statusInline: {
    unconfirmed: 'correo sin confirmar',
    pending: 'pendiente de revisión',
    approved: 'aprobada',
    declined: 'rechazada',
    withdrawn: 'retirada, contacto borrado',
  },
  totalJoined: (n) => (n === 1 ? 'cuenta como unida a la coalición' : 'cuentan como unidas a la coalición'),
  totalPending: (n) => (n === 1 ? 'pendiente de revisión' : 'pendientes de revisión'),
  totalUnconfirmed: () => 'con el correo sin confirmar',
  totalDeclined: (n) => (n === 1 ? 'rechazada' : 'rechazadas'),
  totalWithdrawn: (n) => (n === 1 ? 'retirada' : 'retiradas'),
  byType: 'Por tipo',
  typeColumn: 'Tipo',
  approvedColumn: 'Aprobadas',
  awaitingColumn: 'Pendientes de revisión',
  overTime: 'Solicitudes por mes',
  monthColumn: 'Mes',
  approvedSince: 'Aprobadas',
  notApproved: 'Sin aprobar: pendientes, rechazadas o retiradas',
  statusLabel: 'Estado',
  domainLabel: 'Dominio',
  verified: 'Verificado',
  verifiedNote: 'el correo del contacto es de este dominio',
  notProven: 'Aún sin confirmar',
  notProvenNote: 'el correo del contacto es de este dominio, pero nadie ha confirmado la solicitud desde él',
  notVerified: 'Sin verificar',
  mixedScripts: 'Letras cirílicas o griegas que parecen latinas: compruebe que no imita otro dominio',
  notVerifiedNote: 'el correo del contacto es de otro dominio',
  notVerifiedMailboxNote: 'el correo del contacto es de este servicio de correo público, donde cualquiera puede abrir una dirección',
  websiteLabel: 'Sitio web',
  typeLabel: 'Tipo',
  whereLabel: 'Dónde',
  notGiven: 'No indicado',
  radiologistsLabel: 'Radiólogos y radiólogas',
  contactLabel: 'Contacto',
  contactLangLabel: 'Idioma del contacto',
  langNames: { en: 'inglés', es: 'español' },
  erased: 'Borrado',
  listingLabel: 'Lista pública',
  listed: 'Quiere aparecer en la lista pública',
  notListed: 'Pidió no aparecer con su nombre en la lista',
  notListedWithdrawn: 'No aparece (retirada)',
  requestedLabel: 'Solicitada',
  // `partner`: its id in capitals (as the English); a member society takes its article, contracted ("del ACR", "de la RSNA").
  from: (partner) => ` a través ${societyInSpanish(partner.toLowerCase(), partner, 'de')}`,
  confirmedOn: (date) => `; confirmada el ${date}`,
  decidedOn: (date) => `; decidida el ${date}`,
  withdrawnOn: (date, by) =>
    by === 'maintainers' ? `; quitada por el equipo que administra la coalición el ${date}` : by === 'contact' ? `; retirada por su contacto el ${date}` : `; retirada el ${date}`,
  joinsEarlier: 'Se suma a la solicitud anterior de',
  joinsEarlierEnd: 'para el mismo dominio.',
  requestsFor: 'Solicitudes para',
  countedOnce: 'Un dominio se cuenta y aparece en la lista una sola vez, por su primera solicitud aprobada, salvo las solicitudes que se cuentan como organización aparte.',
  approve: 'Aprobar',
  decline: 'Rechazar',
  remove: 'Quitar y borrar el contacto',
  noneYet: 'Ninguna organización ha pedido unirse todavía. Comparta',
  orgNoEmail: 'Ningún correo llegará a su contacto sobre una decisión sobre ella (aprobarla o rechazarla): su dirección está en la lista de exclusión (un rebote definitivo o una queja).',
  done: {
    approve: (name, emailed = true) =>
      `Aprobada: ${name}.${emailed === 'erased' ? ' No se escribe a nadie: los datos de su contacto se borraron.' : emailed ? '' : ` ${NO_EMAIL_ES}`}`,
    decline: (name, emailed = true) => `Rechazada: ${name}.${emailed ? '' : ` ${NO_EMAIL_ES}`}`,
    remove: (name) => `Se quitó y se borró el contacto: ${name}.`,
    apart: (name) => `${name} cuenta ahora como una organización propia.`,
    together: (name) => `${name} cuenta ahora con las demás solicitudes de su dominio.`,
    'approve-change': (name, emailed = true) => `Se aprobó el cambio de ${name}: la lista pública ya lo muestra. ${emailed ? 'Se escribe a su contacto.' : NO_EMAIL_ES}`,
    'decline-change': (name, emailed = true) => `Se rechazó el cambio de ${name}: la lista pública la muestra como antes. ${emailed ? 'Se escribe a su contacto.' : NO_EMAIL_ES}`,
  },
  changeRequestHeading: 'Cambio pedido por su contacto',
  changeAskedOn: (day) => `Pedido el ${day}, desde el correo del propio contacto. Hasta que se apruebe, la lista pública muestra la organización tal como está ahora.`,
  changeReplaces: (day) => `Sustituye a una petición de cambio anterior, enviada el ${day}, que ya no espera.`,
  changeThrough: 'Aprobarlo no cambia nada de lo que ve el público ahora:',
  changeThroughOf: 'la organización se cuenta, y aparece o no en la lista, a través de la solicitud anterior aprobada de',
  changeThroughEnd: 'para el mismo dominio. Estos datos solo se verían si esa solicitud se retirara.',
  changeApprovedUnseen: (name, emailed = true) =>
    `Se aprobó el cambio de ${name}: no cambia nada de lo que ve el público, porque la lista pública no muestra esta solicitud con su nombre (no aparece en la lista, o la cuenta una solicitud anterior aprobada de su dominio). ${emailed ? 'Se escribe a su contacto.' : NO_EMAIL_ES}`,
  changeCaption: 'Datos públicos, ahora y como se piden',
  changeNoEmail: 'Ningún correo llegará a su contacto sobre esta decisión, sea cual sea: su dirección está en la lista de exclusión (un rebote definitivo o una queja).',
  changeNow: 'Ahora',
  changeAsked: 'Lo que se pide',
  nameLabel: 'Nombre',
  approveChange: 'Aprobar el cambio',
  declineChange: 'Rechazar el cambio',
  changeStale: (name) =>
    `No se decidió nada: la petición de cambio de ${name} cambió después de abrir esta página (su contacto la pidió de nuevo). Revísela abajo y decida de nuevo.`,
  changeNone: (name) => `No se decidió nada: ${name} no tiene ninguna petición de cambio pendiente (ya se decidió o la organización se retiró).`,
  countApart: 'Contar como organización aparte',
  countTogether: 'Contar con las demás',
  countedApart: 'Se cuenta como una organización aparte, aunque comparte este dominio.',
  cannotChange: 'Esa organización ya no se puede cambiar.',
  changedSinceShown: (name, changed) =>
    changed.length
      ? `No se aprobó: la solicitud de ${name} cambió después de abrir esta página: su contacto corrigió ${new Intl.ListFormat('es', { type: 'conjunction' }).format(changed)}. Revísela abajo y apruébela de nuevo.`
      : `No se aprobó: la solicitud de ${name} cambió después de abrir esta página (su contacto envió respuestas corregidas). Revísela abajo y apruébela de nuevo.`,
  askedSelf: (answers, emailed = true) =>
    emailed === 'suppressed'
      ? `Su contacto ha pedido después cambiar ${answers}, lo que no hace público nada más. No le llega ningún correo con un enlace para aplicarlo: su dirección está en la lista de exclusión (un rebote definitivo o una queja).`
      : emailed
      ? `Su contacto ha pedido después cambiar ${answers}, lo que no hace público nada más: el correo le dio un enlace para aplicarlo por su cuenta, sin revisión.`
      : `Su contacto ha pedido después cambiar ${answers}, lo que no hace público nada más. No se le envió ningún correo por ello: ya recibió los ${MAX_MEMBER_REMINDERS} correos permitidos en ${QUOTA_WINDOW_DAYS} días por volver a enviar el formulario, así que puede que no tenga ningún enlace que aún funcione para aplicarlo por su cuenta.`,
  askedSince: (answers, approved, emailed = true) =>
    `Su contacto ha enviado después el formulario otra vez con otras respuestas para ${answers}. ${
      emailed === 'suppressed'
        ? `No se ${approved ? 'han aplicado' : 'aplicaron'}, y al contacto no le llega ningún correo sobre ellas: su dirección está en la lista de exclusión (un rebote definitivo o una queja)${approved ? ', así que no tiene ningún enlace para pedirlas' : ''}.`
        : !emailed
        ? `No se han aplicado, y no se le envió ningún correo por ellas: el contacto ya recibió los ${MAX_MEMBER_REMINDERS} correos permitidos en ${QUOTA_WINDOW_DAYS} días por volver a enviar el formulario, así que puede que no tenga ningún enlace que aún funcione${approved ? ' para pedirlas' : ''}.`
        : approved
        ? 'No se han aplicado; el correo le dio al contacto un enlace para pedirlas, y cuando lo haga, el cambio esperará aquí su revisión.'
        : 'No se han aplicado; se le ha dicho que, para cambiarlas, retire la solicitud y envíe de nuevo el formulario.'
    }`,
  answerNames: {
    name: 'el nombre',
    type: 'el tipo',
    website: 'el sitio web',
    region: 'dónde está',
    size: 'el número de radiólogos y radiólogas',
    contact_name: 'el nombre del contacto',
    contact_title: 'el cargo del contacto',
    list_publicly: 'si aparece en la lista pública',
  },
  noSuchOrganization: 'No hay ninguna organización con ese identificador. Puede que se haya borrado: las solicitudes nunca confirmadas se borran a los 30 días.',
  removeCheckHeading: (name) => `¿Quitar ${name}?`,
  removeCheckBody: 'Deja de contarse y de aparecer en la lista, y el nombre, el cargo y el correo de su contacto se borran en el acto. No se puede deshacer.',
  removeConfirm: 'Quitar y borrar',
  removeKeep: 'Conservarla y volver a las organizaciones',
  declineCheckHeading: (name) => `¿Rechazar ${name}?`,
  declineCheckBody: 'Su contacto recibe en el acto un correo que le dice que la solicitud se rechazó, y no se cuenta ni aparece en la lista. Aún podrá aprobarla en los próximos 30 días, mientras se conservan los datos de su contacto, que recibirá entonces otro correo.',
  declineCheckBodyUnconfirmed: 'Su contacto nunca confirmó la solicitud, así que no se envía ningún correo; no se cuenta ni aparece en la lista. Aún podrá aprobarla en los próximos 30 días.',
  declineCheckBodyNoEmail: 'Su contacto no recibe ningún correo sobre ello: su dirección está en la lista de exclusión (un rebote definitivo o una queja). No se cuenta ni aparece en la lista. Aún podrá aprobarla en los próximos 30 días, mientras se conservan los datos de su contacto.',
  declineConfirm: 'Rechazar y escribir al contacto',
  declineConfirmUnconfirmed: 'Rechazar',
  declineKeep: 'Dejarla como está y volver a las organizaciones',
  declineChangeCheckHeading: (name) => `¿Rechazar el cambio de ${name}?`,
  declineChangeCheckBody: 'Su contacto recibe en el acto un correo que le dice que el cambio se rechazó. La lista pública sigue mostrando la organización tal como está ahora, y sigue siendo miembro; la petición de cambio no se conserva, así que, para cambiar estos datos, su contacto tendrá que pedirlo de nuevo.',
  declineChangeConfirm: 'Rechazar el cambio y escribir al contacto',
  declineChangeCheckBodyNoEmail: 'Su contacto no recibe ningún correo sobre ello: su dirección está en la lista de exclusión (un rebote definitivo o una queja). La lista pública sigue mostrando la organización tal como está ahora, y sigue siendo miembro; la petición de cambio no se conserva, así que, para cambiar estos datos, su contacto tendrá que pedirlo de nuevo.',
  declineChangeConfirmNoEmail: 'Rechazar el cambio',
  declineChangeKeep: 'Dejar el cambio pendiente y volver a las organizaciones',
  organizationActions: 'La organización en sí:',
  approveCheckHeading: (name) => `¿Aprobar ${name}?`,
  approveCheckUnconfirmed: 'su contacto no ha confirmado la solicitud desde el correo que le enviamos, así que nadie ha demostrado que la solicitud venga de la dirección que indica.',
  approveCheckUnverified: (domain) => `el correo de su contacto es de un dominio distinto del sitio web de la organización, ${domain}.`,
  approveCheckMailbox: (domain) => `el correo de su contacto es de ${domain}, un servicio de correo público donde cualquiera puede abrir una dirección, así que no demuestra ningún vínculo con la organización.`,
  approveCheckListed: 'Al aprobarla, se cuenta entre las organizaciones que se han unido y aparece con su nombre en la lista pública, /organizations, como pidió su solicitud.',
  approveCheckUnlisted: 'Al aprobarla, se cuenta entre las organizaciones que se han unido; como pidió su solicitud, no aparece con su nombre en /organizations.',
  approveCheckEmailed: 'Su contacto recibe en el acto un correo que le dice que se aprobó.',
  contactErased: 'Contacto borrado',
  approveCheckErased: 'los datos de su contacto se borraron 30 días después de rechazarla, así que ya no se puede preguntar a nadie por la solicitud, y ningún correo avisa a nadie de que se aprobó.',
  approveCheckNoEmail: 'Su contacto no recibe ningún correo sobre ello: su dirección está en la lista de exclusión (un rebote definitivo o una queja).',
  approveConfirm: 'Sí, aprobar',
  approveKeep: 'Dejarla como está y volver a las organizaciones',
};

export const ORG_ADMIN_STRINGS: Record<Lang, OrgAdminStrings> = { en, es };
