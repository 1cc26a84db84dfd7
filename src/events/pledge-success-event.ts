/**
 * Fired when the pledge service has accepted a pledge. Carries no personal data: the society, the
 * form's language and the role chosen. `corrected` is true when the pledger sent it again with the
 * address corrected ("Wrong address? Correct it"): the same person, so analytics count it once. (A CustomEvent: bubbles, composed.) The roles are spelt out
 * here (this file imports nothing, for the published types): src/after/after.ts checks them against
 * the form's own list.
 */
export type PledgeSuccessEvent = CustomEvent<{
  partner: string;
  lang: 'en' | 'es';
  role: 'radiologist' | 'trainee' | 'technologist' | 'physicist' | 'nurse' | 'leader' | 'other';
  corrected: boolean;
}>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-success': PledgeSuccessEvent;
  }
}
