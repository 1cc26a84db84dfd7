/** What pledgers read in updates and on the unsubscribe and preferences pages, in every language. */
import { societyInSpanish } from '../../src/content/society-articles.ts';
import type { Lang } from '../../src/pledge-fields.ts';

const en = {
  coalition: 'Radiology Health Equity Coalition',
  members: 'Convened by the ACR with ARRS, AUR, RSNA, SCARD, SIR and ABR.',
  /** Issue 11's words, for a pledger who ticked "Keep me informed" when pledging. */
  why: (society: string) => `You are receiving this because you asked to be kept informed when you pledged on ${society}'s site.`,
  /** For one who asked later, on their preferences page. */
  whyLater: (society: string) => `You are receiving this because you pledged on ${society}'s site and asked to be kept informed.`,
  /** For one who pledged on the coalition's own page (a share link, a poster's code), where "on SCARD's site" would be untrue. */
  whyHosted: (society: string) => `You are receiving this because you asked to be kept informed when you pledged with ${society} on the coalition's site.`,
  whyHostedLater: (society: string) => `You are receiving this because you pledged with ${society} on the coalition's site and asked to be kept informed.`,
  whyGeneric: 'You are receiving this because you pledged and asked to be kept informed.',
  unsubscribeLink: 'Unsubscribe from updates',
  preferencesLink: 'Manage your preferences',
  footerText: 'Unsubscribe from updates:',
  footerPreferences: 'Manage your preferences or withdraw your pledge:',
  /** The HTML footer's link to the preferences page, which is also where a pledge is withdrawn (as the text part says). */
  footerPreferencesLink: 'Manage your preferences or withdraw your pledge',
  // The unsubscribe page (GET shows one button; the POST unsubscribes).
  unsubscribeHeading: 'Unsubscribe from updates',
  unsubscribeBody: 'Press the button and we will send you no more updates. Your pledge stays and still counts.',
  /** After the unsubscribe pages' text, while the yearly renewal email is on (`/reminders`). */
  stillYearly: 'Once a year, on its anniversary, we will still ask whether you renew it (your preferences can turn that off).',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedHeading: 'You are unsubscribed',
  unsubscribedBody: 'You will get no more updates from the coalition. Your pledge stays and still counts.',
  /** The whole answer to a mail client's one-click unsubscribe (RFC 8058), in the link's language. */
  unsubscribedOneClick: 'Unsubscribed.',
  changeMind: 'Changed your mind, or want to withdraw your pledge?',
  // The preferences page.
  preferencesHeading: 'Your preferences',
  preferencesIntro: 'Choose what the coalition sends you. Your pledge stays either way.',
  updatesLegend: 'Updates about health equity in radiology',
  updatesYes: 'Yes, keep me informed',
  updatesNo: 'No, send me no updates',
  remindersLegend: 'A yearly reminder to renew your pledge',
  remindersHint: 'One email a year, on your pledge’s anniversary.',
  remindersYes: 'Yes, remind me once a year',
  remindersNo: 'No, do not remind me',
  remindersInvalid: 'Choose whether to get the yearly reminder: yes or no',
  langLegend: 'Language of our emails',
  roleHint: 'It chooses the next steps and resources we send you, and the role your pledge counts under.',
  roleInvalid: 'Choose your role from the list',
  langEn: 'English',
  langEs: 'Español',
  saveButton: 'Save my preferences',
  savedHeading: 'Your preferences are saved',
  savedOn: 'You will get the coalition’s updates by email.',
  savedOnPending: 'You will get the coalition’s updates by email once you confirm your pledge.',
  savedOff: 'You will get no updates: we will email you only about your pledge itself.',
  savedRemindersOn: 'Once a year, on your pledge’s anniversary, we will ask whether you renew it.',
  savedRemindersOff: 'You will get no yearly reminder.',
  /** Instead of what will come, for an address on the suppression list (a bounce, a spam report, or staff's stop): nothing does. */
  paused: 'We are not sending email to this address for now: an earlier email to it could not be delivered, was marked as spam, or we were asked to stop. Your choices are kept for when the coalition can write to you again.',
  /** Over the signed "Tell us what you did" link: its own words, so a screen reader does not hear the link's twice. */
  actionsHeading: 'Your pledge in action',
  withdrawHeading: 'Withdraw your pledge',
  withdrawBody: 'Withdrawing removes your pledge from the count and erases your details.',
  /** For a pledge not confirmed yet, which is not in the count. */
  withdrawPendingBody: 'Your pledge is not confirmed, so it does not count yet. Withdrawing erases your details.',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  updatesInvalid: 'Choose whether to be kept informed: yes or no',
  langInvalid: 'Choose English or Spanish',
  withdrawLink: 'Withdraw my pledge',
  invalidHeading: 'This link does not work',
  invalidBody: 'Check that you copied the whole link from your email.',
  expiredHeading: 'This link has expired',
  expiredBody:
    'Open the same link in a more recent email from the coalition. If you have none, sign the pledge again with the same address: we will email you fresh links, and your pledge is not counted twice.',
  goneHeading: 'This pledge no longer exists',
  goneBody: 'It was withdrawn, so we hold no details and send nothing. You are welcome to pledge again.',
  testLinkHeading: 'This link came from a test email',
  testLinkBody: 'In a pledger’s copy of the update, it opens their own page. This copy belongs to no pledge, so nothing was changed.',
  testBanner: 'This is a test of an update. Its links work but change nothing.',
  /** Before an update's words when they are not in the reader's language (an update has English always; Spanish may be missing). */
  otherLanguage: 'This update was written in Spanish only.',
  /** Before a test email's subject. */
  testSubject: 'Test',
};

export type UpdateStrings = typeof en;

const es: UpdateStrings = {
  // The coalition's name is a proper name: the same in every language, as every other email writes it.
  coalition: 'Radiology Health Equity Coalition',
  // Each member with the article its name takes in Spanish (src/content/society-articles.ts): "la RSNA", "el ABR".
  members: 'Convocada por el ACR con la ARRS, la AUR, la RSNA, la SCARD, la SIR y el ABR.',
  // `society`: the short name, its partner id in capitals (as the English); a member's takes its article ("la RSNA").
  why: (society: string) =>
    `Recibe este mensaje porque pidió recibir novedades cuando se comprometió en el sitio ${societyInSpanish(society.toLowerCase(), society, 'de')}.`,
  whyLater: (society: string) =>
    `Recibe este mensaje porque se comprometió en el sitio ${societyInSpanish(society.toLowerCase(), society, 'de')} y pidió recibir novedades.`,
  // "con" never contracts: "con la SCARD", "con el ACR".
  whyHosted: (society: string) =>
    `Recibe este mensaje porque pidió recibir novedades cuando se comprometió con ${societyInSpanish(society.toLowerCase(), society)} en el sitio de la coalición.`,
  whyHostedLater: (society: string) =>
    `Recibe este mensaje porque se comprometió con ${societyInSpanish(society.toLowerCase(), society)} en el sitio de la coalición y pidió recibir novedades.`,
  whyGeneric: 'Recibe este mensaje porque se comprometió y pidió recibir novedades.',
  unsubscribeLink: 'Darse de baja de las novedades',
  preferencesLink: 'Gestionar sus preferencias',
  footerText: 'Darse de baja de las novedades:',
  footerPreferences: 'Gestionar sus preferencias o retirar su compromiso:',
  footerPreferencesLink: 'Gestionar sus preferencias o retirar su compromiso',
  unsubscribeHeading: 'Deje de recibir novedades',
  unsubscribeBody: 'Presione el botón y no le enviaremos más novedades. Su compromiso se mantiene y sigue contando.',
  stillYearly: 'Una vez al año, en el aniversario de su compromiso, le seguiremos preguntando si lo renueva (puede desactivarlo en sus preferencias).',
  unsubscribeButton: 'Darme de baja',
  unsubscribedHeading: 'Se ha dado de baja',
  unsubscribedBody: 'No recibirá más novedades de la coalición. Su compromiso se mantiene y sigue contando.',
  unsubscribedOneClick: 'Se ha dado de baja.',
  changeMind: '¿Ha cambiado de opinión o quiere retirar su compromiso?',
  preferencesHeading: 'Sus preferencias',
  preferencesIntro: 'Elija lo que la coalición le envía. Su compromiso se mantiene en cualquier caso.',
  updatesLegend: 'Novedades sobre la equidad en salud en radiología',
  updatesYes: 'Sí, mantenerme informado/a',
  updatesNo: 'No, no enviarme novedades',
  remindersLegend: 'Un recordatorio anual para renovar su compromiso',
  remindersHint: 'Un correo al año, en el aniversario de su compromiso.',
  remindersYes: 'Sí, recordármelo una vez al año',
  remindersNo: 'No, no recordármelo',
  remindersInvalid: 'Elija si quiere recibir el recordatorio anual: sí o no',
  langLegend: 'Idioma de nuestros correos',
  roleHint: 'Determina los próximos pasos y los recursos que le enviamos, y en qué función se cuenta su compromiso.',
  roleInvalid: 'Elija su función en la lista',
  langEn: 'English',
  langEs: 'Español',
  saveButton: 'Guardar mis preferencias',
  savedHeading: 'Sus preferencias se han guardado',
  savedOn: 'Recibirá por correo las novedades de la coalición.',
  savedOnPending: 'Recibirá por correo las novedades de la coalición una vez que confirme su compromiso.',
  savedOff: 'No recibirá novedades: solo le escribiremos sobre su propio compromiso.',
  savedRemindersOn: 'Una vez al año, en el aniversario de su compromiso, le preguntaremos si lo renueva.',
  paused: 'Por ahora no enviamos correos a esta dirección: uno anterior no pudo entregarse, se marcó como correo no deseado o se nos pidió dejar de escribir. Sus opciones se guardan para cuando la coalición pueda volver a escribirle.',
  savedRemindersOff: 'No recibirá el recordatorio anual.',
  actionsHeading: 'Su compromiso en acción',
  withdrawHeading: 'Retire su compromiso',
  withdrawBody: 'Al retirar su compromiso, deja de contar y se borran sus datos.',
  withdrawPendingBody: 'Su compromiso no está confirmado, así que todavía no cuenta. Al retirarlo se borran sus datos.',
  errorSummaryTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  updatesInvalid: 'Elija si quiere que le mantengamos informado/a: sí o no',
  langInvalid: 'Elija inglés o español',
  withdrawLink: 'Retirar mi compromiso',
  invalidHeading: 'Este enlace no funciona',
  invalidBody: 'Compruebe que copió el enlace completo de su correo.',
  expiredHeading: 'Este enlace ha caducado',
  expiredBody:
    'Abra el mismo enlace en un correo más reciente de la coalición. Si no tiene ninguno, vuelva a firmar el compromiso con la misma dirección de correo: le enviaremos enlaces nuevos y su compromiso no se contará dos veces.',
  goneHeading: 'Este compromiso ya no existe',
  goneBody: 'Se retiró, así que no guardamos datos ni enviamos nada. Puede volver a comprometerse cuando quiera.',
  testLinkHeading: 'Este enlace viene de un correo de prueba',
  testLinkBody: 'En la copia de la novedad que recibe una persona con el compromiso, abre su propia página. Esta copia no pertenece a ningún compromiso, así que no se ha cambiado nada.',
  testBanner: 'Esta es una prueba de una novedad. Sus enlaces funcionan, pero no cambian nada.',
  otherLanguage: 'Esta novedad solo se ha escrito en inglés.',
  testSubject: 'Prueba',
};

export const UPDATE_STRINGS: Record<Lang, UpdateStrings> = { en, es };
