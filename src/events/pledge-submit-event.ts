/** Fired when a valid pledge is sent. Carries no personal data, only where it came from. */
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
