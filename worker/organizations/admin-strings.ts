/**
 * What maintainers read on `/admin/organizations`, in English and Spanish. Types and sizes
 * are named as the public side names them (`ORG_STRINGS` in ./strings.ts); the CSV keeps its
 * English headers (a file for spreadsheets, read by machines as much as by people).
 */
import type { OrgStatus } from '../../src/organization-fields.ts';
import type { Lang } from '../../src/pledge-fields.ts';

/** The name of the hidden field that carries the page's language through its forms (as on /admin/resources). */
export const UI_LANG_FIELD = 'ui_lang';

const en = {
  title: 'RHEC Pledge — organizations',
  heading: 'Organizations',
  backToDashboard: 'Back to the dashboard',
  csvLink: 'Download all organizations (CSV)',
  publicList: 'Public list',
  status: {
    unconfirmed: 'Email not confirmed',
    pending: 'Awaiting review',
    approved: 'Approved',
    declined: 'Declined',
    withdrawn: 'Withdrawn (contact erased)',
  } satisfies Record<OrgStatus, string>,
  /** A group of requests by status, as a heading (followed by its count). */
  groups: {
    unconfirmed: 'Email not confirmed',
    pending: 'Awaiting review',
    approved: 'Approved',
    declined: 'Declined',
    withdrawn: 'Withdrawn (contact erased)',
  } satisfies Record<OrgStatus, string>,
  /** The status as it reads inside a sentence ("Requests for x.org: A (approved)"). */
  statusInline: {
    unconfirmed: 'email not confirmed',
    pending: 'awaiting review',
    approved: 'approved',
    declined: 'declined',
    withdrawn: 'withdrawn (contact erased)',
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
  awaitingColumn: 'Awaiting',
  overTime: 'Over time (by month)',
  monthColumn: 'Month',
  approvedThatMonth: 'Approved that month',
  requestsThatMonth: 'Requests that month',
  statusLabel: 'Status',
  domainLabel: 'Domain',
  verified: 'Verified',
  verifiedNote: 'contact email is at this domain',
  notVerified: 'Not verified',
  notVerifiedNote: 'contact email is at another domain',
  websiteLabel: 'Website',
  typeLabel: 'Type',
  whereLabel: 'Where',
  notGiven: 'Not given',
  radiologistsLabel: 'Radiologists',
  contactLabel: 'Contact',
  erased: 'Erased',
  listingLabel: 'Listing',
  listed: 'Wants to be listed publicly',
  notListed: 'Counted, not listed',
  requestedLabel: 'Requested',
  from: (partner: string) => ` from ${partner}`,
  confirmedOn: (date: string) => `; confirmed ${date}`,
  decidedOn: (date: string) => `; decided ${date}`,
  joinsEarlier: 'Joins the earlier request of',
  joinsEarlierEnd: 'for the same domain.',
  requestsFor: 'Requests for',
  countedOnce: 'A domain counts and is listed once, by its earliest approved request.',
  approve: 'Approve',
  decline: 'Decline',
  remove: 'Remove and erase contact',
  noneYet: 'No organization has asked to join yet. Share',
  done: {
    approve: (name: string) => `Approved ${name}.`,
    decline: (name: string) => `Declined ${name}.`,
    remove: (name: string) => `Removed, and the contact erased: ${name}.`,
  },
  cannotChange: 'That organization can no longer be changed.',
  signInFirst: 'Sign in to the dashboard first.',
};

export type OrgAdminStrings = typeof en;

const es: OrgAdminStrings = {
  title: 'RHEC Pledge — organizaciones',
  heading: 'Organizaciones',
  backToDashboard: 'Volver al panel',
  csvLink: 'Descargar todas las organizaciones (CSV)',
  publicList: 'Lista pública',
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
    withdrawn: 'retirada (contacto borrado)',
  },
  totalJoined: (n) => (n === 1 ? 'contada como unida' : 'contadas como unidas'),
  totalPending: () => 'pendientes de revisión',
  totalUnconfirmed: () => 'con el correo sin confirmar',
  totalDeclined: (n) => (n === 1 ? 'rechazada' : 'rechazadas'),
  totalWithdrawn: (n) => (n === 1 ? 'retirada' : 'retiradas'),
  byType: 'Por tipo',
  typeColumn: 'Tipo',
  approvedColumn: 'Aprobadas',
  awaitingColumn: 'Pendientes',
  overTime: 'A lo largo del tiempo (por mes)',
  monthColumn: 'Mes',
  approvedThatMonth: 'Aprobadas ese mes',
  requestsThatMonth: 'Solicitudes ese mes',
  statusLabel: 'Estado',
  domainLabel: 'Dominio',
  verified: 'Verificado',
  verifiedNote: 'el correo del contacto es de este dominio',
  notVerified: 'Sin verificar',
  notVerifiedNote: 'el correo del contacto es de otro dominio',
  websiteLabel: 'Sitio web',
  typeLabel: 'Tipo',
  whereLabel: 'Dónde',
  notGiven: 'No indicado',
  radiologistsLabel: 'Radiólogos',
  contactLabel: 'Contacto',
  erased: 'Borrado',
  listingLabel: 'Lista pública',
  listed: 'Quiere aparecer en la lista pública',
  notListed: 'Se cuenta, sin aparecer en la lista',
  requestedLabel: 'Solicitada',
  from: (partner) => ` desde ${partner}`,
  confirmedOn: (date) => `; confirmada el ${date}`,
  decidedOn: (date) => `; decidida el ${date}`,
  joinsEarlier: 'Se suma a la solicitud anterior de',
  joinsEarlierEnd: 'para el mismo dominio.',
  requestsFor: 'Solicitudes para',
  countedOnce: 'Un dominio se cuenta y aparece en la lista una sola vez, por su primera solicitud aprobada.',
  approve: 'Aprobar',
  decline: 'Rechazar',
  remove: 'Quitar y borrar el contacto',
  noneYet: 'Ninguna organización ha pedido unirse todavía. Comparta',
  done: {
    approve: (name) => `Aprobada: ${name}.`,
    decline: (name) => `Rechazada: ${name}.`,
    remove: (name) => `Quitada, y el contacto borrado: ${name}.`,
  },
  cannotChange: 'Esa organización ya no se puede cambiar.',
  signInFirst: 'Inicie sesión en el panel primero.',
};

export const ORG_ADMIN_STRINGS: Record<Lang, OrgAdminStrings> = { en, es };

const locale = (lang: Lang) => (lang === 'es' ? 'es' : 'en-US');
const numberFormats = new Map<Lang, Intl.NumberFormat>();

/** A figure as a reader of `lang` writes it (1,234 / 1234, 12.345). */
export function formatNumber(n: number, lang: Lang): string {
  let f = numberFormats.get(lang);
  if (!f) numberFormats.set(lang, (f = new Intl.NumberFormat(locale(lang))));
  return f.format(n);
}

/** A stored `YYYY-MM-DD…` timestamp's day as a reader of `lang` writes it (Mar 5, 2026 / 5 mar 2026). */
export function formatDay(iso: string, lang: Lang): string {
  const day = iso.slice(0, 10);
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A `YYYY-MM` month for the chart (Mar 2026 / mar 2026). */
export function formatMonth(month: string, lang: Lang): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? month : new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A dashboard path in `lang`: `?lang=es` added for Spanish, English as it was. */
export function inLang(path: string, lang: Lang): string {
  return lang === 'en' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}
