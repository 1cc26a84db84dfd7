/**
 * Fired when a pledge could not be taken: `validation` (answers to correct, listed by
 * field name only), `network` (the service could not be reached) or `server`.
 */
export class PledgeErrorEvent extends Event {
  static readonly eventName = 'rhec-pledge-error';
  constructor(
    readonly detail: { partner: string; kind: 'validation' | 'network' | 'server'; fields: string[] },
  ) {
    super(PledgeErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-error': PledgeErrorEvent;
  }
}
