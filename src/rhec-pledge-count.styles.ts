/**
 * The counter's styles: the widget's theming properties (`--rhec-*`, with `-dark` twins), set
 * inside the shadow root so a host page's global CSS cannot reach in. Applied as a constructable
 * stylesheet, which a strict Content-Security-Policy allows (no inline `<style>`). `all:initial`
 * keeps the page's styles out, except letter and word spacing: a visitor's text-spacing tools
 * reach the counter (WCAG 1.4.12). The focus ring is the widget's: yellow, with a dark ring
 * around it, so it shows on a light page as on a dark one. `auto` follows the visitor's system, not
 * the page: dark, it brings its own dark background (and a little room around the text), or its
 * light text would sit on a page that stayed light. The scheme is set on the text itself, inside the
 * shadow root: set on the host, a page rule that reaches it (`* { all: revert }`) took it back to light.
 */
export const COUNT_CSS = `
:host{display:block;color-scheme:light;
--_a:var(--rhec-accent,#1f4e8c);--_t:var(--rhec-text,#1b1f24);--_m:var(--rhec-muted,#4a5360);
--_b:var(--rhec-background,transparent);--_f:var(--rhec-focus,#ffbf47)}
@supports (color:light-dark(#fff,#000)){:host{
--_a:light-dark(var(--rhec-accent,#1f4e8c),var(--rhec-accent-dark,#8fb8f2));
--_t:light-dark(var(--rhec-text,#1b1f24),var(--rhec-text-dark,#eef1f5));
--_m:light-dark(var(--rhec-muted,#4a5360),var(--rhec-muted-dark,#b9c1cc));
--_b:light-dark(var(--rhec-background,transparent),var(--rhec-background-dark,transparent))}}
:host([theme=dark]) p{color-scheme:dark}
@media (prefers-color-scheme:dark){:host([theme=auto]){--_b:var(--rhec-background-dark,#1b1f24)}:host([theme=auto]) p{color-scheme:dark;padding:var(--rhec-space,.25em .5em)}}
:host([hidden]){display:none}
p{all:initial;color-scheme:light;display:block;box-sizing:border-box;margin:0;padding:var(--rhec-space,0);
font-family:var(--rhec-font,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif);
font-size:var(--rhec-font-size,medium);line-height:1.5;letter-spacing:inherit;word-spacing:inherit;color:var(--_t);background:var(--_b);border-radius:var(--rhec-radius,0)}
b{font-weight:800;font-size:1.25em;color:var(--_a)}
a{color:var(--_a);font-weight:700;text-decoration:underline;text-underline-offset:.15em}
a:focus-visible{outline:3px solid var(--_f);outline-offset:2px;border-radius:2px;box-shadow:0 0 0 6px var(--_t)}
span{display:block;font-size:.875em;color:var(--_m);margin-top:.25em}
`;
