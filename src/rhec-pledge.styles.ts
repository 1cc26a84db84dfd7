// Plain CSS text: the element adopts it as a constructable stylesheet, and the Worker's pages reuse it.
import { css } from './css.ts';

/**
 * Everything is set inside the shadow root, in px/em from `--rhec-font-size`, so a host
 * page's global CSS (fonts, box-sizing, rem scale, `button { display: none }`) cannot reach in.
 * Its default is `medium`: the font size the visitor chose in their browser (16px unless they set
 * it larger), which a host page's `html { font-size: 62.5% }` does not change.
 */
export const styles = css`
  /* Each colour is a light/dark pair; the theme attribute picks the colour scheme. Browsers
     without light-dark() keep the light colours (a custom property set to an unsupported
     function would make every colour invalid). */
  /* The host is a grid of one column up to the card's width (44em at the card's font size): its
     own width in a box that fits its content (a flex row or a centred column, a grid cell, a float,
     an inline-block) is that width, or the room there is. The frame inside is the container its
     queries measure, and a size container counts as 0 wide there: as a block, the host collapsed. */
  :host {
    display: grid;
    grid-template-columns: minmax(0, 44em);
    font-size: var(--rhec-font-size, medium);
    color-scheme: light;
    --_accent: var(--rhec-accent, #1f4e8c);
    --_accent-text: var(--rhec-accent-text, #fff);
    --_text: var(--rhec-text, #1b1f24);
    --_muted: var(--rhec-muted, #4a5360);
    --_bg: var(--rhec-background, #fff);
    --_surface: var(--rhec-surface, #f3f5f8);
    --_border: var(--rhec-border, #6b7480);
    --_error: var(--rhec-error, #b3261e);
    --_focus: var(--rhec-focus, #ffbf47);
    --_radius: var(--rhec-radius, 8px);
    --_space: var(--rhec-space, 16px);
  }
  @supports (color: light-dark(#fff, #000)) {
    :host {
      --_accent: light-dark(var(--rhec-accent, #1f4e8c), var(--rhec-accent-dark, #8fb8f2));
      --_accent-text: light-dark(var(--rhec-accent-text, #fff), var(--rhec-accent-text-dark, #0d1b2e));
      --_text: light-dark(var(--rhec-text, #1b1f24), var(--rhec-text-dark, #eef1f5));
      --_muted: light-dark(var(--rhec-muted, #4a5360), var(--rhec-muted-dark, #b9c1cc));
      --_bg: light-dark(var(--rhec-background, #fff), var(--rhec-background-dark, #15191f));
      --_surface: light-dark(var(--rhec-surface, #f3f5f8), var(--rhec-surface-dark, #20262e));
      --_border: light-dark(var(--rhec-border, #6b7480), var(--rhec-border-dark, #9aa3ae));
      --_error: light-dark(var(--rhec-error, #b3261e), var(--rhec-error-dark, #ffb4ab));
    }
  }
  /* The theme on the frame, which the card inherits, as well as on the host: a page rule that
     reaches the host (* { all: revert }) cannot take it back to the page's own. */
  :host([theme=dark]),
  :host([theme=dark]) .frame {
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme=auto]),
    :host([theme=auto]) .frame {
      color-scheme: dark;
    }
  }
  /* The widget's container queries measure the frame, an element of its own: a page rule that
     reaches the host (* { all: revert } makes it inline, and an inline box is no container)
     cannot turn them off. (The Worker's pages, which have no frame, make their host the container.) */
  .frame {
    font-size: var(--rhec-font-size, medium);
    container-type: inline-size;
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  ::before,
  ::after {
    box-sizing: border-box;
  }
  /* Nothing the host page sets reaches the card by inheritance (its white-space, text-indent,
     text-shadow, font-variant, -webkit-text-fill-color…): all starts from initial values, but
     the theme (color-scheme, which light-dark() reads), a reader's own letter and word spacing
     (WCAG 1.4.12: a spacing bookmarklet styles the page, and reaches us only this way), and a
     hidden or inert container's visibility and pointer-events (a closed panel, another tab). */
  .card {
    all: initial;
    display: block;
    box-sizing: border-box;
    color-scheme: inherit;
    font-size: inherit; /* the frame's, so the queries' ems are the card's own whatever font size a page rule gives the host */
    letter-spacing: inherit;
    word-spacing: inherit;
    visibility: inherit;
    pointer-events: inherit;
    font-family: var(--rhec-font, system-ui, sans-serif); /* every browser the script runs in has system-ui */
    line-height: 1.5;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_border) 45%, transparent);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    max-width: 44em;
    overflow-wrap: break-word;
  }
  p,
  ul {
    margin: 0 0 var(--_space);
    padding: 0;
  }
  .heading {
    font-size: 1.75em;
    line-height: 1.2;
    font-weight: 700;
    margin-bottom: 12px;
  }
  .coalition {
    margin-bottom: 4px;
    font-weight: 700;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .commitment {
    font-size: 1.2em;
    font-weight: 600;
    border-inline-start: 5px solid var(--_accent);
    padding-inline-start: 12px;
  }
  a {
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  /* No !important: in the shadow root only our own rules could compete, and none is more
     specific on these elements. (clip-path alone: every browser the script runs in has it.) */
  .visually-hidden,
  .hp {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: 0;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    border: 0;
    white-space: nowrap;
  }

  /* Facts (the section's space below is its last paragraph's margin, which runs through it) */
  .story {
    color: var(--_muted);
  }
  .fact-list {
    list-style: none;
    display: grid;
    gap: 12px;
  }
  .fact {
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 12px;
  }
  .fact__figure {
    display: block;
    font-size: 1.6em;
    font-weight: 700;
    line-height: 1.1;
    color: var(--_accent);
  }
  .fact__bar,
  .goal {
    display: block;
    width: 100%;
    height: 8px;
    margin-top: 6px;
    border-radius: 4px; /* its bars clipped to it by the browsers' own svg:not(:root) { overflow: hidden } */
  }
  .bar__track {
    /* The accent at a fifth: an opacity, not color-mix(), which Safari before 16.2 drops (a black track). */
    fill: var(--_accent);
    fill-opacity: 0.2;
    /* Its edge, at the border colour's contrast, so the bar's full length can be seen (WCAG 1.4.11). */
    stroke: var(--_border);
    stroke-width: 2px;
    vector-effect: non-scaling-stroke;
  }
  .bar__fill {
    fill: var(--_accent);
  }
  .members {
    font-size: 0.9em;
    color: var(--_muted);
  }
  abbr {
    text-decoration: none;
  }

  /* Count: its height is reserved so nothing moves when the numbers arrive (four lines: the total,
     active this year, actions reported, the society's; with a goal, its bar and the total's longer
     line, two lines at every width up to the card's own in Spanish (to 600 px in English) with
     five-digit figures, so one reservation for all widths from 420 px; more where a narrow card wraps them). */
  .count {
    min-height: 6em;
    margin-bottom: var(--_space);
  }
  /* A goal (the count's class g; after .count, so it wins where both set a height). */
  .g {
    min-height: 8.4em;
  }
  .count p {
    margin: 0;
  }
  .count__total {
    font-weight: 700;
  }
  /* Every line under the total: active this year, actions reported, the society's. */
  .count p + p {
    color: var(--_muted);
  }
  /* Form */
  form {
    margin: 0;
  }
  .field {
    margin-bottom: calc(var(--_space) * 1.25);
  }
  fieldset {
    border: 0;
    min-width: 0;
    margin: 0;
    padding: 0;
  }
  legend,
  .field > label {
    display: block;
    font-weight: 700;
    margin-bottom: 4px;
    padding: 0;
  }
  .optional {
    font-weight: 400;
    color: var(--_muted);
  }
  .hint {
    color: var(--_muted);
    margin-bottom: 6px;
  }
  [part='input'] {
    display: block;
    width: 100%;
    min-height: 44px;
    margin: 0;
    padding: 8px 10px;
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 2px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    appearance: none;
  }
  select[part] {
    appearance: auto;
  }
  .region label {
    display: block;
    margin: 8px 0 4px;
  }
  .choices {
    display: grid;
    gap: 0 16px;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: 10px;
    margin-top: 6px;
  }
  .choice input {
    flex: none;
    width: 24px;
    height: 24px;
    margin: 2px 0 0;
    accent-color: var(--_accent);
  }
  .choice label {
    padding-top: 1px;
    cursor: pointer;
  }
  .privacy,
  .orgs {
    font-size: 0.9em;
    color: var(--_muted);
  }
  .orgs {
    margin: var(--_space) 0 0;
  }
  .orgs__count {
    display: block;
    min-height: 1.5em;
  }
  .button {
    display: inline-block;
    min-height: 44px;
    min-width: 44px;
    margin: 0;
    padding: 10px 20px;
    font: inherit;
    font-weight: 700;
    color: var(--_accent-text);
    background: var(--_accent);
    border: 2px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  .button[aria-disabled='true'] {
    opacity: 0.75;
    cursor: progress;
  }
  .button--secondary {
    color: var(--_accent);
    background: var(--_bg);
  }

  /* Problems (GOV.UK pattern; the error summary, drawn only by the after module, has the same in
     src/after/after.styles.ts) */
  .problem {
    display: grid;
    justify-items: start;
    border: 4px solid var(--_error);
    border-radius: calc(var(--_radius) / 2);
    padding: var(--_space);
    margin-bottom: calc(var(--_space) * 1.5);
  }
  /* The coalition's page link clear of "Try again" (a 24 px target each, WCAG 2.5.8), and of the
     setup panel's words; "Sending your pledge…" below the form's button (empty, its margins run
     through it: nothing moves). */
  .problem a,
  .sending {
    margin-top: 8px;
  }
  /* Focus: always visible, never hidden under a host's sticky header. */
  :focus-visible,
  [tabindex='-1']:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 6px var(--_text);
  }
  [tabindex='-1']:focus:not(:focus-visible) {
    box-shadow: none;
  }
  * {
    scroll-margin-block: var(--rhec-scroll-margin, 96px);
  }

  @media (forced-colors: active) {
    /* Filled with the system's colours; the secondary ("Try again") keeps the system's outline. */
    .button:not(.button--secondary) {
      forced-color-adjust: none;
      background: ButtonText;
      color: ButtonFace;
      border-color: ButtonText;
    }
    .bar__fill {
      fill: CanvasText;
    }
    .bar__track {
      fill: Canvas;
      stroke: CanvasText;
    }
    /* The ring alone, in the theme's highlight colour: the halo (kept on the buttons, which keep
       their colours) would be a dark ring around a dark button. */
    :focus-visible {
      outline-color: Highlight;
      box-shadow: none;
    }
  }
  /* Compact: the commitment, the count and one button, 400 px tall at any width (so one
     reservation fits it in a phone's column and a desktop's sidebar alike). */
  :host([layout=compact]) .card {
    display: flex;
    flex-direction: column;
    min-height: 400px;
  }
  :host([layout=compact]) .card > .button {
    align-self: flex-start;
    margin-top: auto;
  }
  :host([layout=compact]) .heading {
    font-size: 1.15em;
  }
  :host([layout=compact]) .commitment {
    font-size: 1em;
    line-height: 1.4;
    margin-bottom: 12px;
  }
  :host([layout=compact]) .count {
    min-height: 3em;
    margin-bottom: 12px;
  }
  @container (max-width: 419px) {
    .card {
      padding: 12px;
    }
    .fact {
      padding: 8px 10px;
    }
    .heading {
      font-size: 1.5em;
    }
    .commitment {
      font-size: 1.1em;
    }
    .count {
      min-height: 7.5em;
    }
    .g {
      min-height: 9.9em;
    }
    /* The compact layout, not yet opened (its button is there), in a phone's or a sidebar's column: its
       words a little smaller and closer, so it keeps to 400 px (Spanish with a goal was 423 px in a
       320 px phone's column and 559 px in a 240 px sidebar). Opened, the form has the card's own size. */
    .card:has([aria-expanded]) {
      font-size: 0.875em;
      line-height: 1.2;
    }
  }
  /* Breakpoints in the card's ems (30em, 35em: 480 and 560 px at 16 px), so they grow with the text:
     at twice the text size the roles and facts stack instead of running past the card (WCAG 1.4.4). */
  @container (min-width: 30em) {
    .choices {
      grid-template-columns: 1fr 1fr;
    }
  }
  @container (min-width: 35em) {
    .fact-list {
      grid-template-columns: repeat(3, 1fr);
    }
  }
`;
