import type { Strings } from './en.ts';

/** Español: cada texto del widget, sus errores y los mensajes del Worker. */
export const es: Strings = {
  commitmentHeading: 'Comprométase a actuar',
  commitmentText:
    'Me comprometo a promover la equidad en salud en mi práctica y a actuar para reducir las disparidades en salud en radiología.',
  intro:
    'Únase a profesionales de la radiología de toda la Radiology Health Equity Coalition y comprométase a actuar frente a las disparidades en salud.',
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
  regionLabel: 'Estado de EE. UU. o país',
  commitmentLegend: 'Su compromiso',
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
  thanksHeading: 'Gracias por su compromiso',
  thanksBody:
    'Le hemos enviado un correo de confirmación. Abra el enlace para confirmar su compromiso. Si no llega en unos minutos, revise la carpeta de spam o correo no deseado.',
  shareHeading: 'Invite a un colega a comprometerse',
  shareEmail: 'Correo',
  copyLink: 'Copiar enlace',
  linkCopied: 'Enlace copiado',
  countTotal: (n) => `${n} compromisos en toda la coalición`,
  countPartner: (n, partner) => `${n} a través de ${partner}`,
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
  'name.missing': 'Escriba su nombre completo',
  'name.long': 'El nombre completo debe tener 120 caracteres o menos',
  'name.control': 'El nombre completo solo puede incluir letras, espacios y signos de puntuación',
  'email.missing': 'Escriba su correo electrónico',
  'email.long': 'El correo electrónico debe tener 254 caracteres o menos',
  'email.format': 'Escriba un correo electrónico con el formato correcto, como nombre@ejemplo.org',
  'role.missing': 'Seleccione su función',
  'organization.type': 'Escriba su organización o práctica como texto',
  'organization.long': 'La organización o práctica debe tener 200 caracteres o menos',
  'organization.control': 'La organización o práctica no puede incluir saltos de línea',
  'region.type': 'Escriba su estado de EE. UU. o país como texto',
  'region.long': 'El estado o país debe tener 100 caracteres o menos',
  'region.control': 'El estado o país no puede incluir saltos de línea',
  'commitment.missing': 'Marque el compromiso para firmarlo',
  'updates.type': 'Indique si quiere recibir novedades',
  'lang.type': 'Elija inglés o español',
  fallback: 'Revise esta respuesta',
};
