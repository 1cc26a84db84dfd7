/**
 * The frame of every Worker-rendered page: the widget's own styles in a declarative shadow
 * root (so pages look like the widget with no JavaScript), nonce'd for a strict CSP.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Lang } from '../../src/pledge-fields.ts';
import { styles } from '../../src/rhec-pledge.styles.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export function page(lang: Lang, title: string, nonce: string, body: Html): Html {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style nonce="${nonce}">
          body { margin: 0; padding: 24px 12px; background: #eef1f5; }
          rhec-pledge-page { display: block; max-width: 44em; margin: 0 auto; }
        </style>
      </head>
      <body>
        <main>
          <rhec-pledge-page>
            <template shadowrootmode="open">
              <style nonce="${nonce}">${raw(styles.cssText)} .hp { position: absolute; left: -10000px; }</style>
              <div class="card" lang="${lang}">${body}</div>
            </template>
          </rhec-pledge-page>
        </main>
      </body>
    </html>`;
}

