// The styles of what src/after/after.ts renders; the Worker's pages use them too (pages/layout.ts).
import { css } from '../css.ts';

/**
 * The error summary, the thank-you panel, its next steps and share links: adopted into the
 * element's shadow root beside its own styles (src/rhec-pledge.styles.ts, whose custom
 * properties they use) when the module loads.
 */
export const afterStyles = css`
  /* A field with an error (only the module finds errors). */
  .field--error {
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: calc(var(--_space) * 0.75);
  }
  /* The error summary (GOV.UK pattern), as the element's problem panel (src/rhec-pledge.styles.ts). */
  .error-summary {
    display: grid;
    justify-items: start;
    border: 4px solid var(--_error);
    border-radius: calc(var(--_radius) / 2);
    padding: var(--_space);
    margin-bottom: calc(var(--_space) * 1.5);
  }
  .error-message {
    color: var(--_error);
    font-weight: 700;
    margin-bottom: 6px;
  }
  .field--error [part='input'],
  .field--error textarea {
    border-color: var(--_error);
  }
  .error-summary__title,
  .thanks p:first-child {
    font-size: 1.25em;
    line-height: 1.3;
    font-weight: 700;
  }
  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.2em;
  }
  .error-summary a {
    color: var(--_error);
    font-weight: 700;
  }

  /* Thanks */
  .thanks {
    border: 4px solid var(--_accent);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .share {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 8px 20px;
  }
  .share__url {
    overflow-wrap: anywhere;
  }
  .share__done {
    min-height: 1.5em;
  }
  .share__title {
    font-weight: 700;
    margin: 0 0 8px;
  }
  .steps {
    margin: 0 0 var(--_space);
    padding-inline-start: 1.4em;
  }
  .steps li {
    margin: 0 0 8px;
  }
  .share a,
  .link-button {
    display: inline-block;
    min-height: 24px;
    padding: 4px 0;
  }
  .link-button {
    margin: 0;
    border: 0;
    background: none;
    font: inherit;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
    text-align: start;
    cursor: pointer;
    visibility: visible;
  }
  @media (forced-colors: active) {
    /* A link's colour, as the share links beside it have, not a button's text colour. */
    .link-button {
      color: LinkText;
    }
  }
`;
