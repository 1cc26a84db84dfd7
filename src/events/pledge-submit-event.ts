/**
 * Fired each time the form is sent to the pledge service, valid or not: the pledge service
 * checks it, and `rhec-pledge-success` or `rhec-pledge-error` follows with the outcome.
 * Carries no personal data, only where it came from.
 */
export class PledgeSubmitEvent extends Event {
  static readonly eventName = 'rhec-pledge-submit';
  constructor(readonly detail: { partner: string; lang: string }) {
    super(PledgeSubmitEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-submit': PledgeSubmitEvent;
  }
}
