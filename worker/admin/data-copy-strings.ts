/**
 * The words of a person's copy of their data (data-copy.ts), in their language: one sentence at its
 * top, and at its end what each part is, why it is kept, for how long, and what each field and code
 * means, so the file explains itself to the person it is about. Its keys stay the same in both
 * languages, for programs. The codes' labels come from the forms' own tables, so the two cannot drift apart.
 */
import { STRINGS } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { ORG_STRINGS } from '../organizations/strings.ts';
import { RESOURCE_STRINGS } from '../resources/strings.ts';

/** One part of the copy: what it holds, why it is kept, how long; and each of its fields. */
export interface Part {
  what: string;
  why: string;
  kept: string;
  fields: Record<string, string>;
}

/** The copy's `explained`: one entry for each of its keys (the parts with their fields), then what is kept elsewhere. */
export interface Explained {
  this_file: string;
  address: string;
  made_at: string;
  language: string;
  pledge: Part;
  actions: Part;
  organization_requests: Part;
  emails: Part;
  suppressed: Part;
  emails_counted: Part;
  test_emails: Part;
  audit_log: Part;
  not_in_this_file: string;
}

export interface DataCopyStrings {
  readMe: string;
  /** `emails_counted`'s `counted`, for each count `takeMailboxQuotas` keeps. */
  counted: { pledge: string; org: string; orgOwn: string };
  explained: Explained;
}

/** `code (label)` for each value. */
const values = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([code, label]) => `${code} (${label})`)
    .join(', ');

const en: DataCopyStrings = {
  readMe:
    'A copy of what the Radiology Health Equity Coalition’s pledge service keeps about this email address. At the end of the file, “explained” says what each part is, why it is kept and for how long, and what each field means. Dates and times are in UTC.',
  counted: { pledge: 'pledge emails', org: 'organization confirmations', orgOwn: 'organization confirmations (address at the organization’s own domain)' },
  explained: {
    this_file:
      'This file was made when the coalition’s team looked this address up at your request. An empty part (null or []) means nothing of that kind is kept. Its keys are the same in every language, so programs can read it; these explanations are in yours. To have something corrected or erased, tell the coalition, as you did to ask for this copy; the “Withdraw my pledge” link in every email about your pledge erases its personal details at once.',
    address: 'The email address this copy is about, as it is stored: in lower case, an internationalised domain in its ASCII form (xn--…).',
    made_at: 'When this copy was made.',
    language: 'The language of these explanations: yours, as your pledge or organization request keeps it: en (English) or es (Spanish).',
    pledge: {
      what: 'Your pledge as you gave it, and what the service keeps about it. null: no pledge is kept for this address (never made, withdrawn, or erased unconfirmed).',
      why: 'To record your pledge, send its confirmation and the emails you chose, and count it (by society, role and region; a figure from 1 to 4 is never published).',
      kept: 'Until you withdraw it. Withdrawing erases your name, address, organization, region, notes and network hash at once; an anonymous record (society, role, dates) stays so the totals remain honest. A pledge never confirmed is erased 30 days after it was made.',
      fields: {
        society: 'The coalition member society you pledged with.',
        name: 'Your name.',
        email: 'Your email address.',
        role: `Your role: ${values(STRINGS.en.roles)}.`,
        organization: 'Your organization or practice, if you gave one.',
        region: 'Where you work, if you said: a US state or territory (US-CA is California) or a country (ISO 3166 codes).',
        language: 'The language of your emails: en (English) or es (Spanish).',
        status: 'pending: waiting for you to confirm it from its email (not counted until then); confirmed: confirmed and counted.',
        flagged: '1: held for review, neither counted nor emailed until it is released; 0: not held.',
        flag_reason:
          'Why it is held: rate_limit (more pledges from one network in a minute than the limit allows), honeypot (a hidden field that only programs fill in was filled), turnstile (the anti-bot check failed); null: not held.',
        updates: '1: you asked to be kept informed (updates from the coalition); 0: you did not, or you unsubscribed.',
        updates_later: '1: you asked for updates later, on your preferences page, rather than when you pledged.',
        reminders: '1: you get the yearly email inviting you to renew your pledge; 0: you turned it off.',
        source: 'The code of the newsletter, poster or event stand that brought you to the pledge, if any (never personal).',
        hosted: '1: you pledged on the coalition’s own pledge page; 0: on a society’s site.',
        created_at: 'When the pledge was made (or made again before it was confirmed).',
        received_at: 'When the service received it.',
        released_at: 'When a held pledge was released for confirmation; null: never held, or not released.',
        confirmed_at: 'When you confirmed it.',
        recommitted_at: 'When you last renewed it.',
        ip_hash:
          'A keyed hash (SHA-256 with a secret) of the internet address you pledged from (for IPv6, of its network): not the address, which is never stored, and not reversible without the secret. It serves only to spot floods of pledges from one network, and is erased 48 hours after the pledge was received (null after then).',
        waiting_for_confirmation:
          'Newer details you sent by pledging again before confirming (the same fields, as stored, with their own network hash), waiting for the confirmation email that carries them: they become your pledge’s once it is sent. null: none.',
      },
    },
    actions: {
      what: 'The actions you reported taking after you pledged (from the link in your emails).',
      why: 'To show what the pledge changes: only counts by kind are ever published, never a note.',
      kept: 'The note is erased when you withdraw your pledge; the kind and date stay, anonymous.',
      fields: {
        kind: `What you did: ${values(RESOURCE_STRINGS.en.actions)}.`,
        note: 'Your note, if you wrote one.',
        created_at: 'When you reported it.',
      },
    },
    organization_requests: {
      what: 'Requests for an organization to join the coalition that name this address as their contact.',
      why: 'To confirm the request, review it and tell its contact the outcome. The contact is never published; the organization is listed publicly only if it asked to be and was approved.',
      kept: 'The contact’s name, address and title: until the organization withdraws or the coalition’s team removes it; a request never confirmed is erased after 30 days, and a declined request’s contact 30 days after the decision. The organization’s own details are kept for the campaign.',
      fields: {
        name: 'The organization’s name.',
        type: `Its type: ${values(ORG_STRINGS.en.types)}.`,
        website: 'Its website.',
        region: 'Where it is: a US state or territory, or a country (ISO 3166 codes).',
        size: `About how many radiologists work there: ${values(ORG_STRINGS.en.sizes)}.`,
        contact_name: 'The contact’s name.',
        contact_email: 'The contact’s email address.',
        contact_title: 'The contact’s job title, if given.',
        list_publicly: '1: it asked to be on the coalition’s public list of organizations; 0: not.',
        language: 'The language of its emails: en (English) or es (Spanish).',
        status: 'unconfirmed (waiting for its contact to confirm it from the email), pending (waiting for review), approved, declined.',
        created_at: 'When the request was sent.',
        confirmed_at: 'When its contact confirmed it.',
        decided_at: 'When it was approved or declined.',
        waiting_for_confirmation: 'Newer answers its contact sent, waiting to be confirmed from an email before they replace the ones above. null: none.',
        change_waiting_for_review:
          'Changes its contact confirmed to details the coalition shows publicly (its name, website, type, region, or being listed by name), waiting for the coalition’s team to approve or decline them; until then the details above stay as they are. null: none.',
      },
    },
    emails: {
      what: 'The emails the service sent, or is waiting to send, to this address: a record of each, not its text.',
      why: 'To send each email exactly once, and none after you withdraw, unsubscribe or are on the suppression list.',
      kept: 'As long as the pledge or organization request it belongs to; after a withdrawal, only beside its anonymous record, no longer tied to this address.',
      fields: {
        kind: 'Which email: confirm (confirm your pledge), already (you pledged again: your pledge is already recorded), checkin (a month after you confirmed), recommit (the yearly invitation to renew), update (news you asked for), org-confirm (confirm an organization request), org-approved (it was approved), org-declined (it was declined), org-member (its organization had already joined), org-changed (the changes you made to it yourself), org-change-approved (a change you asked for was approved), org-change-declined (it was declined).',
        subject: 'An update’s subject, in the version you read; null for the other emails, whose kind says what they were.',
        status: 'queued (waiting to be sent), sending, sent, failed (not sent: given up after every try, or refused by the email provider), cancelled (not sent: withdrawn, unsubscribed, on the suppression list, or past the limit of emails to one mailbox).',
        created_at: 'When it was queued.',
        sent_at: 'When it was handed to the email provider.',
      },
    },
    suppressed: {
      what: 'Whether this address is on the suppression list, which is sent no email at all. null: it is not.',
      why: 'To keep the promise not to write to an address that bounced, whose owner marked an email as spam, or who asked for no email, even after a pledge is erased.',
      kept: 'Until the coalition’s team lifts it (at your request, for instance). The list keeps a keyed hash of the mailbox, never the address.',
      fields: {
        reason: 'Why: bounce (the address did not exist or refused mail), complaint (an email was marked as spam), manual (the coalition’s team added it, usually at its owner’s request).',
        since: 'When it was added.',
      },
    },
    emails_counted: {
      what: 'How many emails of each kind went to this mailbox (the address without any +tag) recently.',
      why: 'To cap the emails anyone can make the service send to one inbox by entering its address in a form (three pledge emails in 30 days).',
      kept: 'Until 30 days after the last of them, under a keyed hash of the mailbox, which this copy leaves out. The count of pledge emails is forgotten at once when the pledge is withdrawn.',
      fields: {
        counted: 'Which emails were counted.',
        emails: 'How many.',
        first_at: 'When the first of them was counted.',
        last_at: 'When the last of them was.',
      },
    },
    test_emails: {
      what: 'Tests of an update the coalition’s team sent to this address to check it before sending it to everyone (usually to a team member’s own address).',
      why: 'So the same test is not sent twice within a minute (a double click).',
      kept: 'A minute, under a keyed hash of the address; then the service’s next scheduled run (every 5 minutes) clears it.',
      fields: {
        subject: 'The update’s subject, in the test’s language.',
        language: 'The version tested: en (English) or es (Spanish).',
        sent_at: 'When it was sent.',
      },
    },
    audit_log: {
      what: 'What the coalition’s team did about this address: add-suppression (added it to the suppression list), lift-suppression (lifted it), stop-updates (stopped its updates at its owner’s request by mail).',
      why: 'So the coalition can show when the list was changed, and that a request to stop was honoured. The log records which team member acted; that is their data, not given here.',
      kept: 'For the campaign. The log names the address only by the first 12 characters of its keyed hash, which cannot be turned back into the address.',
      fields: {
        action: 'What was done (see above).',
        at: 'When.',
      },
    },
    not_in_this_file:
      'Kept elsewhere, so not in this file: a pledge on its way, for the seconds before it is stored (if storing it keeps failing, up to 14 days, until the team stores or deletes it); the email provider’s own record of each email it delivered, for as long as its settings keep it; the service’s logs, which never name a person.',
  },
};

const es: DataCopyStrings = {
  readMe:
    'Una copia de lo que el servicio de compromisos de la Radiology Health Equity Coalition guarda sobre esta dirección de correo. Al final del archivo, «explained» dice qué es cada parte, por qué se guarda y durante cuánto tiempo, y qué significa cada campo. Las fechas y horas están en UTC.',
  counted: {
    pledge: 'correos del compromiso',
    org: 'confirmaciones de organización',
    orgOwn: 'confirmaciones de organización (dirección en el dominio propio de la organización)',
  },
  explained: {
    this_file:
      'Este archivo se hizo cuando el equipo de la coalición buscó esta dirección a petición suya. Una parte vacía (null o []) significa que no se guarda nada de ese tipo. Sus claves son las mismas en todos los idiomas, para que los programas puedan leerlo; estas explicaciones están en el suyo. Para corregir o borrar algo, dígaselo a la coalición, como hizo para pedir esta copia; el enlace «Retirar mi compromiso» de cada correo sobre su compromiso borra al instante sus datos personales.',
    address: 'La dirección de correo a la que se refiere esta copia, tal como se guarda: en minúsculas, un dominio internacionalizado en su forma ASCII (xn--…).',
    made_at: 'Cuándo se hizo esta copia.',
    language: 'El idioma de estas explicaciones: el suyo, tal como lo guarda su compromiso o su solicitud de organización: en (inglés) o es (español).',
    pledge: {
      what: 'Su compromiso tal como lo dio, y lo que el servicio guarda sobre él. null: no se guarda ningún compromiso de esta dirección (nunca se hizo, se retiró o se borró sin confirmar).',
      why: 'Para registrar su compromiso, enviarle su confirmación y los correos que eligió, y contarlo (por sociedad, función y región; nunca se publica una cifra de 1 a 4).',
      kept: 'Hasta que lo retire. Al retirarlo se borran al instante su nombre, su dirección, su organización, su región, sus notas y el hash de su red; queda un registro anónimo (sociedad, función, fechas) para que los totales sigan siendo fieles. Un compromiso nunca confirmado se borra 30 días después de hacerse.',
      fields: {
        society: 'La sociedad miembro de la coalición con la que se comprometió.',
        name: 'Su nombre.',
        email: 'Su dirección de correo.',
        role: `Su función: ${values(STRINGS.es.roles)}.`,
        organization: 'Su organización o práctica, si la indicó.',
        region: 'Dónde trabaja, si lo indicó: un estado o territorio de EE. UU. (US-CA es California) o un país (códigos ISO 3166).',
        language: 'El idioma de sus correos: en (inglés) o es (español).',
        status: 'pending: espera que usted lo confirme desde su correo (hasta entonces no se cuenta); confirmed: confirmado y contado.',
        flagged: '1: retenido para revisión, sin contarse ni enviar correos hasta que se libere; 0: no retenido.',
        flag_reason:
          'Por qué se retiene: rate_limit (más compromisos desde una misma red en un minuto de los que permite el límite), honeypot (se rellenó un campo oculto que solo rellenan los programas), turnstile (falló la comprobación contra bots); null: no retenido.',
        updates: '1: pidió recibir novedades de la coalición; 0: no las pidió o se dio de baja.',
        updates_later: '1: pidió las novedades más tarde, en su página de preferencias, y no al comprometerse.',
        reminders: '1: recibe el correo anual con la invitación a renovar su compromiso; 0: lo desactivó.',
        source: 'El código del boletín, el cartel o el stand por el que llegó al compromiso, si lo hay (nunca es personal).',
        hosted: '1: se comprometió en la página de compromiso de la propia coalición; 0: en el sitio de una sociedad.',
        created_at: 'Cuándo se hizo el compromiso (o se volvió a hacer antes de confirmarlo).',
        received_at: 'Cuándo lo recibió el servicio.',
        released_at: 'Cuándo se liberó un compromiso retenido para confirmarlo; null: nunca se retuvo, o no se ha liberado.',
        confirmed_at: 'Cuándo lo confirmó.',
        recommitted_at: 'Cuándo lo renovó por última vez.',
        ip_hash:
          'Un hash con clave (SHA-256 con un secreto) de la dirección de internet desde la que se comprometió (en IPv6, de su red): no es la dirección, que nunca se guarda, y no puede revertirse sin el secreto. Solo sirve para detectar avalanchas de compromisos desde una misma red, y se borra 48 horas después de recibirse el compromiso (null a partir de entonces).',
        waiting_for_confirmation:
          'Datos más recientes que envió al comprometerse de nuevo antes de confirmar (los mismos campos, tal como se guardan, con su propio hash de red), a la espera del correo de confirmación que los lleva: pasan a ser los de su compromiso cuando se envía. null: ninguno.',
      },
    },
    actions: {
      what: 'Las acciones que contó haber hecho después de comprometerse (desde el enlace de sus correos).',
      why: 'Para mostrar lo que cambia el compromiso: solo se publican recuentos por tipo, nunca una nota.',
      kept: 'La nota se borra cuando retira su compromiso; el tipo y la fecha quedan, anónimos.',
      fields: {
        kind: `Lo que hizo: ${values(RESOURCE_STRINGS.es.actions)}.`,
        note: 'Su nota, si escribió una.',
        created_at: 'Cuándo lo contó.',
      },
    },
    organization_requests: {
      what: 'Solicitudes para que una organización se una a la coalición que nombran esta dirección como contacto.',
      why: 'Para confirmar la solicitud, revisarla y comunicar el resultado a su contacto. El contacto nunca se publica; la organización aparece en la lista pública solo si lo pidió y fue aprobada.',
      kept: 'El nombre, la dirección y el cargo del contacto: hasta que la organización se retire o el equipo de la coalición la quite; una solicitud nunca confirmada se borra a los 30 días, y el contacto de una solicitud rechazada, 30 días después de la decisión. Los datos propios de la organización se guardan mientras dure la campaña.',
      fields: {
        name: 'El nombre de la organización.',
        type: `Su tipo: ${values(ORG_STRINGS.es.types)}.`,
        website: 'Su sitio web.',
        region: 'Dónde está: un estado o territorio de EE. UU., o un país (códigos ISO 3166).',
        size: `Cuántos radiólogos y radiólogas trabajan allí, aproximadamente: ${values(ORG_STRINGS.es.sizes)}.`,
        contact_name: 'El nombre del contacto.',
        contact_email: 'La dirección de correo del contacto.',
        contact_title: 'El cargo del contacto, si lo indicó.',
        list_publicly: '1: pidió aparecer en la lista pública de organizaciones de la coalición; 0: no.',
        language: 'El idioma de sus correos: en (inglés) o es (español).',
        status: 'unconfirmed (espera que su contacto la confirme desde el correo), pending (espera revisión), approved (aprobada), declined (rechazada).',
        created_at: 'Cuándo se envió la solicitud.',
        confirmed_at: 'Cuándo la confirmó su contacto.',
        decided_at: 'Cuándo se aprobó o se rechazó.',
        waiting_for_confirmation: 'Respuestas más recientes que envió su contacto, a la espera de confirmarse desde un correo antes de sustituir a las de arriba. null: ninguna.',
        change_waiting_for_review:
          'Cambios que su contacto confirmó en datos que la coalición muestra públicamente (su nombre, sitio web, tipo, región o figurar por su nombre), a la espera de que el equipo de la coalición los apruebe o los rechace; hasta entonces, los datos de arriba siguen como están. null: ninguno.',
      },
    },
    emails: {
      what: 'Los correos que el servicio envió, o espera enviar, a esta dirección: un registro de cada uno, no su texto.',
      why: 'Para enviar cada correo una sola vez, y ninguno después de que retire su compromiso, se dé de baja o esté en la lista de exclusión.',
      kept: 'Mientras se guarde el compromiso o la solicitud de organización al que pertenece; tras retirarlo, solo junto a su registro anónimo, ya sin relación con esta dirección.',
      fields: {
        kind: 'Qué correo: confirm (confirmar su compromiso), already (se comprometió otra vez: su compromiso ya consta), checkin (un mes después de confirmar), recommit (la invitación anual a renovarlo), update (novedades que pidió), org-confirm (confirmar una solicitud de organización), org-approved (se aprobó), org-declined (se rechazó), org-member (su organización ya se había unido), org-changed (los cambios que usted le hizo), org-change-approved (se aprobó un cambio que pidió), org-change-declined (se rechazó).',
        subject: 'El asunto de una novedad, en la versión que usted lee; null en los demás correos, cuyo tipo dice qué eran.',
        status: 'queued (espera su envío), sending (enviándose), sent (enviado), failed (no se envió: abandonado tras todos los intentos, o rechazado por el proveedor de correo), cancelled (no se envió: compromiso retirado, baja, lista de exclusión o límite de correos por buzón).',
        created_at: 'Cuándo se puso en cola.',
        sent_at: 'Cuándo se entregó al proveedor de correo.',
      },
    },
    suppressed: {
      what: 'Si esta dirección está en la lista de exclusión, a la que no se envía ningún correo. null: no lo está.',
      why: 'Para cumplir la promesa de no escribir a una dirección que rebotó, cuyo titular marcó un correo como spam o que pidió no recibir ninguno, aunque se borre su compromiso.',
      kept: 'Hasta que el equipo de la coalición la saque de la lista (por ejemplo, a petición suya). La lista guarda un hash con clave del buzón, nunca la dirección.',
      fields: {
        reason: 'Por qué: bounce (la dirección no existía o rechazó el correo), complaint (un correo se marcó como spam), manual (la añadió el equipo de la coalición, normalmente a petición de su titular).',
        since: 'Cuándo se añadió.',
      },
    },
    emails_counted: {
      what: 'Cuántos correos de cada tipo recibió este buzón (la dirección sin ninguna etiqueta +) recientemente.',
      why: 'Para limitar los correos que cualquiera puede hacer que el servicio envíe a un buzón escribiendo su dirección en un formulario (tres correos del compromiso en 30 días).',
      kept: 'Hasta 30 días después del último, bajo un hash con clave del buzón, que esta copia omite. El recuento de correos del compromiso se olvida al instante cuando se retira el compromiso.',
      fields: {
        counted: 'Qué correos se contaron.',
        emails: 'Cuántos.',
        first_at: 'Cuándo se contó el primero.',
        last_at: 'Cuándo se contó el último.',
      },
    },
    test_emails: {
      what: 'Pruebas de una novedad que el equipo de la coalición envió a esta dirección para revisarla antes de enviarla a todos (normalmente, a la dirección de alguien del equipo).',
      why: 'Para no enviar la misma prueba dos veces en un minuto (un doble clic).',
      kept: 'Un minuto, bajo un hash con clave de la dirección; luego la borra la siguiente ejecución programada del servicio (cada 5 minutos).',
      fields: {
        subject: 'El asunto de la novedad, en el idioma de la prueba.',
        language: 'La versión probada: en (inglés) o es (español).',
        sent_at: 'Cuándo se envió.',
      },
    },
    audit_log: {
      what: 'Lo que el equipo de la coalición hizo con esta dirección: add-suppression (la añadió a la lista de exclusión), lift-suppression (la sacó de ella), stop-updates (dejó de enviarle novedades a petición de su titular por correo).',
      why: 'Para que la coalición pueda mostrar cuándo cambió la lista y que se atendió una petición de no recibir más correos. El registro guarda qué persona del equipo actuó; ese dato es suyo y no se incluye aquí.',
      kept: 'Mientras dure la campaña. El registro nombra la dirección solo por los 12 primeros caracteres de su hash con clave, que no permiten recuperar la dirección.',
      fields: {
        action: 'Qué se hizo (véase arriba).',
        at: 'Cuándo.',
      },
    },
    not_in_this_file:
      'Se guarda en otro lugar, y por eso no está en este archivo: un compromiso en camino, durante los segundos antes de guardarse (si guardarlo sigue fallando, hasta 14 días, hasta que el equipo lo guarde o lo borre); el registro propio del proveedor de correo de cada correo que entregó, durante el tiempo que fije su configuración; los registros del servicio, que nunca nombran a una persona.',
  },
};

export const DATA_COPY_STRINGS: Record<Lang, DataCopyStrings> = { en, es };
