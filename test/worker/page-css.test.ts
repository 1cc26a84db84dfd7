/**
 * A page's own CSS as sent: compacted (no comments, one space for a run of white space, none beside
 * a brace or a semicolon), after the frame's, and compacted once per isolate (layout.ts' `pageCss`):
 * whichever page rendered before, each gets its own rules.
 */
import { html } from 'hono/html';
import { describe, expect, it } from 'vitest';
import { page } from '../../worker/platform/pages/layout.ts';

const styleOf = async (css: string) => /<style nonce="n">([\s\S]*?)<\/style>/.exec(String(await page('en', 'A page', 'n', html`<h1>A page</h1>`, css)))![1]!;

describe("a page's own CSS", () => {
  it('is sent compacted after the frame, each page its own however often and in whatever order they render', async () => {
    const frame = await styleOf('');
    expect(frame).not.toMatch(/\/\*|\n|\s\{|\{\s/); // (the frame's own, compacted at load)
    const a = `
      /* A note for whoever reads the source. */
      .a { color: red; }
      .b {
        margin: 0 ;
      }`;
    const b = '.c  {  padding: 2px; } /* another */ .d{}';
    for (const [css, sent] of [[a, '.a{color: red;}.b{margin: 0;}'], [b, '.c{padding: 2px;}.d{}'], [a, '.a{color: red;}.b{margin: 0;}'], [b, '.c{padding: 2px;}.d{}']]) {
      expect(await styleOf(css!)).toBe(frame + sent);
    }
  });
});
