/** What pledgers read in updates and on the unsubscribe and preferences pages, in every language. */
import type { Lang } from '../../src/pledge-fields.ts';

const en = {
  coalition: 'Radiology Health Equity Coalition',
  members: 'Convened by the ACR with ARRS, AUR, RSNA, SCARD, SIR and ABR.',
  why: (society: string) => `You are receiving this because you asked to be kept informed when you pledged on ${society}'s site.`,
  whyGeneric: 'You are receiving this because you asked to be kept informed when you pledged.',
  unsubscribeLink: 'Unsubscribe from updates',
  preferencesLink: 'Manage your preferences',
  footerText: 'Unsubscribe from updates:',
  footerPreferences: 'Manage your preferences or withdraw your pledge:',
  /** The HTML footer's link to the preferences page, which is also where a pledge is withdrawn (as the text part says). */
  footerPreferencesLink: 'Manage your preferences or withdraw your pledge',
  // The unsubscribe page (GET shows one button; the POST unsubscribes).
  unsubscribeHeading: 'Unsubscribe from updates',
  unsubscribeBody: 'Press the button and we will send you no more updates. Your pledge stays: it still counts.',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedHeading: 'You are unsubscribed',
  unsubscribedBody: 'You will get no more updates from the coalition. Your pledge stays and still counts.',
  changeMind: 'Changed your mind, or want to withdraw your pledge?',
  // The preferences page.
  preferencesHeading: 'Your preferences',
  preferencesIntro: 'Choose what the coalition sends you. Your pledge stays either way.',
  updatesLegend: 'Updates about health equity in radiology',
  updatesYes: 'Yes, keep me informed',
  updatesNo: 'No, send me no updates',
  langLegend: 'Language of our emails',
  langEn: 'English',
  langEs: 'Español',
  saveButton: 'Save my preferences',
  savedHeading: 'Your preferences are saved',
  withdrawHeading: 'Withdraw your pledge',
  withdrawBody: 'Withdrawing removes your pledge from the count and erases your details.',
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
  goneBody: 'It was withdrawn, so we hold no details and send nothing.',
  testLinkHeading: 'This link came from a test email',
  testLinkBody: 'In a pledger’s copy of the update, it opens their own page. This copy belongs to no pledge, so nothing was changed.',
  testBanner: 'This is a test of an update. Its links work but change nothing.',
  /** Before a test email's subject. */
  testSubject: 'Test',
};

export type UpdateStrings = typeof en;

const es: UpdateStrings = {
  // The coalition's name is a proper name: the same in every language, as every other email writes it.
  coalition: 'Radiology Health Equity Coalition',
  members: 'Convocada por el ACR con ARRS, AUR, RSNA, SCARD, SIR y ABR.',
  why: (society: string) =>
    `Recibe este mensaje porque pidió recibir novedades cuando se comprometió en el sitio de ${society}.`,
  whyGeneric: 'Recibe este mensaje porque pidió recibir novedades cuando se comprometió.',
  unsubscribeLink: 'Darse de baja de las novedades',
  preferencesLink: 'Gestionar sus preferencias',
  footerText: 'Darse de baja de las novedades:',
  footerPreferences: 'Gestionar sus preferencias o retirar su compromiso:',
  footerPreferencesLink: 'Gestionar sus preferencias o retirar su compromiso',
  unsubscribeHeading: 'Deje de recibir novedades',
  unsubscribeBody: 'Presione el botón y no le enviaremos más novedades. Su compromiso se mantiene y sigue contando.',
  unsubscribeButton: 'Darme de baja',
  unsubscribedHeading: 'Se ha dado de baja',
  unsubscribedBody: 'No recibirá más novedades de la coalición. Su compromiso se mantiene y sigue contando.',
  changeMind: '¿Ha cambiado de opinión o quiere retirar su compromiso?',
  preferencesHeading: 'Sus preferencias',
  preferencesIntro: 'Elija lo que la coalición le envía. Su compromiso se mantiene en cualquier caso.',
  updatesLegend: 'Novedades sobre la equidad en salud en radiología',
  updatesYes: 'Sí, mantenerme informado/a',
  updatesNo: 'No, no enviarme novedades',
  langLegend: 'Idioma de nuestros correos',
  langEn: 'English',
  langEs: 'Español',
  saveButton: 'Guardar mis preferencias',
  savedHeading: 'Sus preferencias se han guardado',
  withdrawHeading: 'Retire su compromiso',
  withdrawBody: 'Al retirar su compromiso, deja de contar y se borran sus datos.',
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
  goneBody: 'Se retiró, así que no guardamos datos ni enviamos nada.',
  testLinkHeading: 'Este enlace viene de un correo de prueba',
  testLinkBody: 'En la copia de la novedad que recibe una persona con el compromiso, abre su propia página. Esta copia no pertenece a ningún compromiso, así que no se ha cambiado nada.',
  testBanner: 'Esta es una prueba de una novedad. Sus enlaces funcionan, pero no cambian nada.',
  testSubject: 'Prueba',
};

export const UPDATE_STRINGS: Record<Lang, UpdateStrings> = { en, es };
