/**
 * Kiosk mode's own styles (the waiting notice, the idle warning, the thank-you's countdown), adopted
 * by the element's shadow root when the kiosk module arrives. In a `*.styles.ts` file so the build
 * minifies them as it does the widget's (scripts/minify-css-literals.ts, through scripts/lazy-modules.ts).
 */
import { css } from '../css.ts';

export const KIOSK_CSS = css`
  .kiosk-status { margin: 0 0 var(--_space); padding: 10px 14px; border: 2px solid var(--_accent); border-radius: var(--_radius); background: var(--_surface); color: var(--_text); }
  .kiosk-status:empty { margin: 0; padding: 0; border: 0; }
  .kiosk-status strong { display: block; }
  .kiosk-next { display: flex; flex-wrap: wrap; gap: 12px var(--_space); align-items: center; margin-top: var(--_space); }
  .kiosk-next p { margin: 0; }
  .kiosk-later { flex-basis: 100%; }
  .kiosk-later:empty { display: none; }
  .kiosk-idle { margin: 0 0 var(--_space); padding: 10px 14px; border: 3px solid var(--_error); border-radius: var(--_radius); background: var(--_bg); color: var(--_text); box-shadow: 0 4px 12px rgb(0 0 0 / .3); }
  .kiosk-top[data-alert] { position: sticky; top: min(var(--rhec-scroll-margin, 96px), 25vh); z-index: 1; max-height: 75vh; overflow-y: auto; }
  .kiosk-idle[hidden], .kiosk-next [hidden] { display: none; }
  .kiosk-idle p { margin: 0 0 8px; font-weight: 600; }
  @container (max-width: 419px) { .kiosk-idle { padding: 8px 10px; box-shadow: none; } .kiosk-idle .button { width: 100%; padding-inline: 12px; } }
`;
