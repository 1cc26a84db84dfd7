import type { EmailStrings, Strings } from './en.ts';

/** Español: cada texto del widget, las páginas alojadas, sus errores y los mensajes del Worker. */
export const es: Strings = {
  coalitionName: 'Radiology Health Equity Coalition',
  commitmentHeading: 'Comprométase a actuar',
  commitmentText:
    'Me comprometo a promover la equidad en salud en mi práctica y a actuar para reducir las disparidades en salud en radiología.',
  story:
    'Convocada por el ACR, la coalición reúne a toda la radiología para abordar las disparidades en salud y mejorar de forma medible los resultados para los pacientes.',
  facts: [
    'Las personas afroamericanas con diabetes tienen tres veces más probabilidades de sufrir una amputación que el resto.',
    'Las mujeres afroamericanas tienen un 42 % más de probabilidades de morir de cáncer de mama que las mujeres blancas. Desde 1990, la mortalidad por cáncer de mama bajó un 23 % en las mujeres afroamericanas, frente a un 37 % en las mujeres blancas.',
    'Un estudio estima que el 19 % de la disparidad racial en la mortalidad por cáncer colorrectal se debe a un menor cribado.',
  ],
  optional: '(opcional)',
  nameLabel: 'Nombre completo',
  emailLabel: 'Correo electrónico',
  emailHint: 'Le enviaremos un correo de confirmación a esta dirección.',
  roleLegend: 'Su función',
  roles: {
    radiologist: 'Radiólogo/a',
    trainee: 'Residente o fellow',
    technologist: 'Técnico/a radiólogo/a',
    physicist: 'Físico/a médico/a',
    nurse: 'Enfermero/a de radiología',
    leader: 'Líder o administrador/a de la práctica',
    other: 'Otra',
  },
  organizationLabel: 'Organización o práctica',
  regionLegend: 'Dónde trabaja',
  regionUsLabel: 'Estado o territorio de EE. UU.',
  regionCountryLabel: 'País, si está fuera de Estados Unidos',
  commitmentLegend: 'Su compromiso',
  commitmentCheck: 'Asumo el compromiso anterior',
  updatesLabel: 'Quiero recibir novedades sobre la equidad en salud en radiología',
  submit: 'Firmar el compromiso',
  submitting: 'Enviando su compromiso…',
  errorSummaryTitle: 'Hay un problema',
  errorPrefix: 'Error:',
  networkError:
    'No se pudo enviar su compromiso. Compruebe su conexión y vuelva a intentarlo. Lo que escribió se ha conservado.',
  busyError:
    'El servicio está ocupado. Vuelva a intentarlo en un momento. Lo que escribió se ha conservado.',
  retry: 'Volver a intentarlo',
  thanksHeading: 'Revise su correo para confirmar su compromiso',
  thanksBody:
    'Gracias por comprometerse. Su compromiso solo cuenta cuando lo confirma desde el enlace del correo que le acabamos de enviar. Si no llega en unos minutos, revise la carpeta de spam o correo no deseado.',
  stepsHeading: 'Sus próximos pasos',
  shareHeading: 'Invite a un colega a comprometerse',
  shareEmail: 'Correo',
  copyLink: 'Copiar enlace',
  linkCopied: 'Enlace copiado',
  newTab: '(se abre en una pestaña nueva)',
  thousands: '.',
  times: '{n}×',
  percent: '{n} %',
  countTotal: { one: '{n} compromiso en toda la coalición', other: '{n} compromisos en toda la coalición' },
  countPartner: '{n} a través de {partner}',
  countActive: '{n} activos este año',
  orgQuestion: '¿Se compromete en nombre de su organización?',
  orgJoin: 'Una su organización a la coalición',
  orgCount: { one: '{n} organización se ha unido', other: '{n} organizaciones se han unido' },
  setupProblem: 'Este formulario aún no está bien configurado en este sitio.',
  setupLink: 'Firme el compromiso en la página de la coalición',
  privacy:
    'Usamos sus datos solo para registrar su compromiso y, si lo pide, para mantenerle informado/a. Puede retirarse en cualquier momento desde el enlace de su correo.',
};

/** Field messages, keyed as the shared schema reports them (used by the Worker). */
export const esMessages: Record<string, string> = {
  'form.type': 'Complete el formulario del compromiso',
  'id.format': 'Vuelva a cargar la página e inténtelo de nuevo',
  'partner.missing':
    'Este formulario no está configurado para un miembro de la coalición. Contacte con el responsable del sitio',
  'partner.unknown':
    'Este formulario no está configurado para un miembro de la coalición. Contacte con el responsable del sitio',
  'partner.origin': 'Este sitio no está registrado para esta sociedad. Contacte con el responsable del sitio',
  'name.missing': 'Escriba su nombre completo',
  'name.long': 'El nombre completo debe tener {max} caracteres o menos',
  'name.control': 'El nombre completo solo puede incluir letras, espacios, guiones, apóstrofos y puntos',
  'name.characters': 'El nombre completo solo puede incluir letras, espacios, guiones, apóstrofos y puntos',
  'name.link': 'El nombre completo no debe parecer una dirección web: ponga un espacio después de cada punto',
  'email.missing': 'Escriba su correo electrónico',
  'email.long': 'El correo electrónico debe tener {max} caracteres o menos',
  'email.format': 'Escriba un correo electrónico con el formato correcto, como nombre@ejemplo.org',
  'role.missing': 'Seleccione su función',
  'organization.type': 'Escriba su organización o práctica como texto',
  'organization.long': 'La organización o práctica debe tener {max} caracteres o menos',
  'organization.control': 'La organización o práctica no puede incluir saltos de línea ni caracteres invisibles',
  'region.type': 'Seleccione un estado o territorio de EE. UU., o un país',
  'region.unknown': 'Seleccione de la lista un estado o territorio de EE. UU., o un país',
  'region.both': 'Seleccione un estado o territorio de EE. UU. o un país fuera de Estados Unidos, no ambos',
  'commitment.missing': 'Marque el compromiso para firmarlo',
  'updates.type': 'Indique si quiere recibir novedades',
  'lang.type': 'Elija inglés o español',
  fallback: 'Revise esta respuesta',
  summary: 'Algunas respuestas deben corregirse.',
};

/** Correos y páginas de confirmación y retirada (los usa el Worker). */
export const esEmail: EmailStrings = {
  confirmSubject: 'Confirme su compromiso con la equidad en salud',
  alreadySubject: 'Usted ya se ha comprometido',
  salutation: 'Hola:',
  confirmIntro: 'Gracias por comprometerse con la Radiology Health Equity Coalition:',
  confirmAction: 'Confirme su compromiso para que cuente en el total de la coalición:',
  confirmButton: 'Confirmar mi compromiso',
  alreadyIntro:
    'Alguien (probablemente usted) acaba de comprometerse de nuevo con esta dirección. Su compromiso ya está confirmado y contado: no tiene que hacer nada más.',
  keepInformed: 'Nos comprometemos a mantenerle informado/a sobre la equidad en salud en radiología.',
  notInformed: 'No pidió recibir novedades, así que solo le escribiremos sobre este compromiso.',
  withdrawAction: '¿Ha cambiado de opinión? Puede retirar su compromiso y borrar sus datos en cualquier momento:',
  withdrawLink: 'Retirar mi compromiso',
  sentTo: (email) => `Este correo se envió a ${email} porque esta dirección se usó para firmar el compromiso.`,
  signature: 'La Radiology Health Equity Coalition',
  pageConfirmHeading: 'Confirme su compromiso',
  pageConfirmBody: 'Pulse el botón para confirmar su compromiso. Entonces contará en el total de la coalición.',
  pageConfirmedHeading: 'Su compromiso está confirmado',
  pageConfirmedBody: 'Gracias. Su compromiso ya cuenta en el total de la coalición.',
  pageAlreadyConfirmed: 'Este compromiso ya estaba confirmado. No ha cambiado nada.',
  pageWithdrawHeading: 'Retire su compromiso',
  pageWithdrawBody:
    'Al retirarlo, su compromiso deja de contar y se borran su nombre, correo, organización y región. No se puede deshacer.',
  pageWithdrawButton: 'Retirar y borrar mis datos',
  pageWithdrawnHeading: 'Su compromiso se ha retirado',
  pageWithdrawnBody:
    'Se han borrado su nombre, correo, organización y región. Solo guardamos un registro anónimo (su sociedad, función y fechas) para que los totales sean honestos.',
  pageWasWithdrawnHeading: 'Este compromiso se retiró',
  pageWasWithdrawnBody:
    'Se retiró y se borraron sus datos, así que ya no se puede confirmar. Para comprometerse de nuevo, firme el compromiso en la página de la coalición o en la de su sociedad.',
  pageInvalidHeading: 'Este enlace no funciona',
  pageInvalidBody: 'Compruebe que copió el enlace completo de su correo.',
  pageExpiredHeading: 'Este enlace ha caducado',
  pageExpiredBody: 'Los enlaces de confirmación duran 30 días. Vuelva a comprometerse para recibir un nuevo correo.',
};
