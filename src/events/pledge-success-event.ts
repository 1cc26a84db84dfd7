/**
 * Fired when the pledge service has accepted a pledge. Carries no personal data: the society, the
 * form's language and the role chosen. (A CustomEvent: bubbles, composed.) The roles are spelt out
 * here (this file imports nothing, for the published types): src/after/after.ts checks them against
 * the form's own list.
 */
export type PledgeSuccessEvent = CustomEvent<{
  partner: string;
  lang: 'en' | 'es';
  role: 'radiologist' | 'trainee' | 'technologist' | 'physicist' | 'nurse' | 'leader' | 'other';
}>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-success': PledgeSuccessEvent;
  }
}
