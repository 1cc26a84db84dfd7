/**
 * Fired each time the form is sent to the pledge service, valid or not: the pledge service
 * checks it, and `rhec-pledge-success` or `rhec-pledge-error` follows with the outcome.
 * Carries no personal data, only where it came from. `corrected`: sent again with the address
 * corrected after a success ("Wrong address? Correct it"). (A CustomEvent: bubbles, composed.)
 */
export type PledgeSubmitEvent = CustomEvent<{ partner: string; lang: 'en' | 'es'; corrected: boolean }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-submit': PledgeSubmitEvent;
  }
}
