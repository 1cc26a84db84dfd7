/** Kiosk mode's own words, in English and Spanish (loaded only with the kiosk module). */
import type { Lang } from '../pledge-fields.ts';

export const KIOSK_STRINGS: Record<
  Lang,
  {
    waiting: Record<'one' | 'other', (n: number) => string>;
    /** After the count, in agreement with it (Spanish: "Guardado…" for one, "Guardados…" for more). */
    waitingHint: Record<'one' | 'other', string>;
    /** For the staff, when the service refuses this society from this site: nothing is lost, and who can fix it. */
    refusedHint: Record<'one' | 'other', string>;
    countdown: (s: number) => string;
    next: string;
    idle: (s: number) => string;
    keep: string;
    /** In place of the thank-you's "the email we just sent" while this person's pledge waits on the tablet. */
    later: string;
    /** Stops the thank-you's countdown (WCAG 2.2.1: a time limit the person can turn off). */
    stay: string;
    stayed: string;
    /** The thank-you's heading while this person's pledge waits on the tablet (no email has gone yet). */
    saved: string;
    /** Said once every waiting pledge has gone (a late success, its visitor perhaps gone): no one's details. */
    sent: string;
    /** Said each time the form is cleared for the next person (Next person, the countdown, or left idle). */
    cleared: string;
    /** For the staff: waiting pledges the service refused (its rules changed since this module was loaded), deleted from the tablet. */
    dropped: (n: number) => string;
  }
> = {
  en: {
    waiting: {
      one: () => '1 pledge waiting to send',
      other: (n) => `${n} pledges waiting to send`,
    },
    waitingHint: {
      one: 'Saved on this device; sent automatically once the connection or the pledge service is back. Keep this page open.',
      other: 'Saved on this device; sent automatically once the connection or the pledge service is back. Keep this page open.',
    },
    refusedHint: {
      one: 'Saved on this device: the pledge service does not accept this society’s pledges from this website now. Keep this page open and ask the coalition to register this website for it (or, if it is, to enable the society); the pledge is sent as soon as they do.',
      other: 'Saved on this device: the pledge service does not accept this society’s pledges from this website now. Keep this page open and ask the coalition to register this website for it (or, if it is, to enable the society); the pledges are sent as soon as they do.',
    },
    countdown: (s) => `The form clears for the next person in ${s} second${s === 1 ? '' : 's'}.`,
    next: 'Next person',
    idle: (s) => `Still there? To protect your details, this form clears in ${s} second${s === 1 ? '' : 's'}.`,
    keep: 'Keep my answers',
    later: 'Your pledge is saved on this tablet, which cannot send it to the pledge service just now. Your confirmation email goes out once it gets there.',
    stay: 'Stay on this screen',
    stayed: 'This screen stays until someone presses “Next person”.',
    saved: 'Thank you: your pledge is saved on this tablet',
    sent: 'All waiting pledges have been sent.',
    cleared: 'The form was cleared for the next person.',
    dropped: (n) => `${n} pledge${n == 1 ? ' was' : 's were'} refused by the pledge service and deleted from this device. Please tell the coalition.`,
  },
  es: {
    waiting: {
      one: () => '1 compromiso pendiente de envío',
      other: (n) => `${n} compromisos pendientes de envío`,
    },
    waitingHint: {
      one: 'Guardado en este dispositivo; se enviará automáticamente en cuanto vuelvan la conexión o el servicio de compromisos. Mantenga esta página abierta.',
      other: 'Guardados en este dispositivo; se enviarán automáticamente en cuanto vuelvan la conexión o el servicio de compromisos. Mantenga esta página abierta.',
    },
    refusedHint: {
      one: 'Guardado en este dispositivo: el servicio de compromisos no acepta ahora compromisos de esta sociedad desde este sitio web. Mantenga esta página abierta y pida a la coalición que registre este sitio para ella (o, si ya lo está, que active la sociedad); se enviará en cuanto lo haga.',
      other: 'Guardados en este dispositivo: el servicio de compromisos no acepta ahora compromisos de esta sociedad desde este sitio web. Mantenga esta página abierta y pida a la coalición que registre este sitio para ella (o, si ya lo está, que active la sociedad); se enviarán en cuanto lo haga.',
    },
    countdown: (s) => `El formulario se vaciará para la siguiente persona en ${s} segundo${s === 1 ? '' : 's'}.`,
    next: 'Siguiente persona',
    idle: (s) => `¿Sigue ahí? Para proteger sus datos, este formulario se vaciará en ${s} segundo${s === 1 ? '' : 's'}.`,
    keep: 'Conservar mis respuestas',
    later: 'Su compromiso está guardado en esta tableta, que ahora no puede enviarlo al servicio de compromisos. Su correo de confirmación saldrá en cuanto el compromiso llegue al servicio.',
    stay: 'Permanecer en esta pantalla',
    stayed: 'Esta pantalla se queda hasta que alguien presione «Siguiente persona».',
    saved: 'Gracias: su compromiso está guardado en esta tableta',
    sent: 'Se enviaron todos los compromisos pendientes.',
    cleared: 'El formulario se vació para la siguiente persona.',
    dropped: (n) =>
      n == 1
        ? '1 compromiso fue rechazado por el servicio de compromisos y se borró de este dispositivo. Avise a la coalición.'
        : `${n} compromisos fueron rechazados por el servicio de compromisos y se borraron de este dispositivo. Avise a la coalición.`,
  },
};
