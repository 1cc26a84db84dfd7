/** Fired when the pledge service has accepted a pledge. Carries no personal data. (A CustomEvent: bubbles, composed.) */
export type PledgeSuccessEvent = CustomEvent<{ partner: string; lang: string; role: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rhec-pledge-success': PledgeSuccessEvent;
  }
}
