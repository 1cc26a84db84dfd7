/** Fired when the pledge service has accepted a pledge. Carries no personal data. */
export class PledgeSuccessEvent extends Event {
  static readonly eventName = 'rhec-pledge-success';
  constructor(readonly detail: { partner: string; lang: string; role: string }) {
    super(PledgeSuccessEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-success': PledgeSuccessEvent;
  }
}
