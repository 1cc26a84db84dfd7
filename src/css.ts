/**
 * The tag for the widget's stylesheets: plain CSS, returned as text (`String.raw`, so CSS
 * escapes such as `"\201C"` stay as written). The build minifies each css`…` literal into a
 * plain string and drops this import (scripts/minify-css-literals.ts); the Worker's pages read
 * the same text.
 */
export const css = String.raw;
