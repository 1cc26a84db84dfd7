/**
 * Fired when a pledge could not be taken: `validation` (answers to correct, listed by
 * field name only), `network` (the service could not be reached) or `server`.
 * (A CustomEvent: bubbles, composed.)
 */
export type PledgeErrorEvent = CustomEvent<{ partner: string; kind: 'validation' | 'network' | 'server'; fields: string[] }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-error': PledgeErrorEvent;
  }
}
