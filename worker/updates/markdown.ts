/**
 * An update's body: Markdown written on the dashboard, rendered with markdown-it and held to a
 * small allowlist: headings, paragraphs, lists, emphasis, links (http, https, mailto), quotes.
 * Raw HTML is never live (markdown-it escapes it with `html: false`), an image is shown as its
 * description (nothing is loaded from elsewhere), and tables are off. A link to a path of this
 * service (`[the impact page](/impact)`) is made absolute with its public origin and, like a full
 * link to the same origin, carries the reader's language (`?lang=es`) unless it names one; any other link
 * (javascript:, data:, `#top`, a relative path with no origin to resolve it) is dropped and its
 * text stays, without the Markdown around it.
 */
import MarkdownIt from 'markdown-it';
import type { Lang } from '../../src/pledge-fields.ts';
import { englishNamesHtml } from '../platform/pages/english-names.ts';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * What rendering needs to know: the service's public origin, for links to its own pages, and the
 * reader's language, which those links carry (`?lang=`) unless they name one, so a Spanish reader
 * whose browser is set to English lands on the Spanish page (even of an update written only in English).
 */
export interface MarkdownEnv {
  origin?: string;
  lang?: string;
  /** Filled with each link dropped (as written), for the draft's page to name them. */
  dropped?: string[];
  /** The language the body is written in (its version's, not always the reader's): English names in a Spanish one are marked. */
  textLang?: Lang;
}

/** A link to one of this service's pages, in `lang` when it names no language of its own. */
function inLangOf(href: string, origin: string, lang: string | undefined): string {
  if (!lang || !href.startsWith(`${origin}/`)) return href;
  try {
    const url = new URL(href);
    if (url.origin !== origin || url.searchParams.has('lang')) return href;
    // Appended, not re-serialized: the author's query stays as written (%20 is not turned into +).
    const at = href.search(/#|$/);
    const base = href.slice(0, at);
    // `/impact?` and `/impact?a=1&` already end where a parameter goes (url.search is '' for a bare `?`).
    const joint = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
    return `${base}${joint}lang=${encodeURIComponent(lang)}${href.slice(at)}`;
  } catch {
    return href;
  }
}

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, breaks: false });
md.disable(['table']);
// Every link is parsed as a link (a refused one would be left as its Markdown source, brackets and
// all); the rule below then keeps, completes or unwraps it.
md.validateLink = () => true;
md.core.ruler.push('links_held_to_the_allowlist', (state) => {
  const { origin: given, lang, dropped } = (state.env as MarkdownEnv | undefined) ?? {};
  const origin = given?.replace(/\/$/, '');
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    let unwrap = false;
    block.children = block.children.filter((t, i, all) => {
      if (t.type === 'link_open') {
        const href = String(t.attrGet('href') ?? '').trim();
        if (origin && /^\/(?!\/)/.test(href)) t.attrSet('href', origin + href);
        if (origin) {
          const before = String(t.attrGet('href'));
          const after = inLangOf(before, origin, lang);
          t.attrSet('href', after);
          // An address written out (linkified) shows the one it links to, so text and HTML agree.
          const text = all[i + 1];
          if ((t.markup === 'linkify' || t.markup === 'autolink') && after !== before && text?.type === 'text') text.content = after;
        }
        unwrap = !SAFE_LINK.test(String(t.attrGet('href') ?? ''));
        if (unwrap) dropped?.push(href);
        return !unwrap;
      }
      if (t.type === 'link_close') {
        const keep = !unwrap;
        unwrap = false;
        return keep;
      }
      return true;
    });
  }
});
// The coalition's and its members' English names in a Spanish body, marked `lang="en"` (WCAG 3.1.2) as
// every Spanish page and email marks them: a Spanish screen reader then says them in English.
md.renderer.rules.text = (tokens, i, _options, env) => englishNamesHtml(tokens[i]!.content, (env as MarkdownEnv | undefined)?.textLang ?? 'en', md.utils.escapeHtml);
// ![A chart](https://…) reads "A chart": no image is fetched by a reader's mail client, and no stray "!".
md.renderer.rules.image = (tokens, i) => md.utils.escapeHtml(tokens[i]!.content);

// The email's own title is its h1: the body's headings sit below it as an outline with no level
// skipped, whichever levels the author used: the first at h2, a deeper one one level below the
// heading it follows, one as shallow as an earlier one at that one's level (## then #### → h2, h3;
// #### then ## → h2, h2), so a screen reader's list of headings has no gap (axe: heading-order).
const outlines = new WeakMap<Token[], Map<number, number>>();
function outline(tokens: Token[]): Map<number, number> {
  const levels = new Map<number, number>();
  const open: { source: number; shown: number }[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const source = Number(t.tag.slice(1));
    while (open.length && open.at(-1)!.source > source) open.pop();
    const same = open.at(-1)?.source === source ? open.pop() : undefined;
    const shown = same?.shown ?? Math.min(6, (open.at(-1)?.shown ?? 1) + 1);
    open.push({ source, shown });
    levels.set(i, shown);
  });
  return levels;
}
const shift = (tokens: Token[], i: number) => {
  let levels = outlines.get(tokens);
  if (!levels) outlines.set(tokens, (levels = outline(tokens)));
  return `h${levels.get(i) ?? 2}`;
};
md.renderer.rules.heading_open = (tokens, i, options, _env, self) => {
  tokens[i]!.tag = shift(tokens, i);
  return self.renderToken(tokens, i, options);
};
// Closed at its opening's level (heading_open, inline, heading_close).
md.renderer.rules.heading_close = (tokens, i, options, _env, self) => {
  tokens[i]!.tag = tokens[i - 2]!.tag;
  return self.renderToken(tokens, i, options);
};

/**
 * The links a body's Markdown writes that the email will not carry (`[our toolkit](resources)`,
 * `#top`, `tel:`), each once, as written: their words stay as plain text, which an author would
 * not notice in the preview. A link to one of this service's pages (`/impact`) is kept.
 */
export function droppedLinks(source: string): string[] {
  const dropped: string[] = [];
  md.parse(source, { origin: 'https://service.invalid', dropped });
  return [...new Set(dropped)];
}

/** The body as HTML (safe to place inside the email). Code blocks wrap, as a phone's screen needs. */
export function markdownToHtml(source: string, env: MarkdownEnv = {}): string {
  // Mail clients drop style sheets: quotes and code are styled inline, or a quote reads as the text around it.
  return md
    .render(source, { ...env })
    .replaceAll('<pre>', '<pre style="white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f5f8;padding:8px 12px;border-radius:4px">')
    .replaceAll('<blockquote>', '<blockquote style="margin:0 0 16px;padding:0 0 0 12px;border-left:4px solid #c5ccd6;color:#4a5360">')
    .replaceAll('<code>', '<code style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.95em;background:#f3f5f8;padding:0 3px;border-radius:3px">');
}

/**
 * A link's address as a person reads it: `é`, not `%C3%A9`. Only letters, digits and their marks
 * are decoded: an encoded `\`, `@`, `/`, space, control or direction mark stays encoded, so the text
 * part never shows an address that reads as another host than the one the HTML part links to.
 */
const readable = (href: string) =>
  href.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      const text = decodeURIComponent(run);
      return /^[\p{L}\p{N}\p{M}]+$/u.test(text) ? text : run;
    } catch {
      return run; // not UTF-8: left as written
    }
  });

function inlineText(children: Token[] | null): string {
  let out = '';
  let href: string | null = null;
  let linkText = '';
  for (const t of children ?? []) {
    if (t.type === 'link_open') {
      const target = t.attrGet('href');
      href = target === null ? null : String(target);
      linkText = '';
    } else if (t.type === 'link_close') {
      const label = linkText.trim();
      const shown = href ? readable(href) : '';
      const target = shown.replace(/^mailto:/i, '');
      out += !href ? linkText : label === target || label === shown || label === href ? label : `${linkText} (${shown})`;
      href = null;
    } else {
      const piece = t.type === 'softbreak' || t.type === 'hardbreak' ? '\n' : t.type === 'code_inline' || t.type === 'text' || t.type === 'image' ? t.content : '';
      if (href !== null) linkText += piece;
      else out += piece;
    }
  }
  return out;
}

/** The body as plain text that reads well: underlined headings, bulleted lists, links spelled out. */
export function markdownToText(source: string, env: MarkdownEnv = {}): string {
  const tokens = md.parse(source, { ...env });
  const blocks: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let quote = 0;
  let pendingItem: string | null = null;
  let listStarts = false;
  /** The outermost quote a block is in (each one at the top its own number; a quote within it is part of it), and the last block's (-1: none). */
  let outerQuote = 0;
  let quotedLast = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'bullet_list_open':
        lists.push({ ordered: false, n: 0 });
        listStarts = true;
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, n: Number(t.attrGet('start') ?? 1) - 1 });
        listStarts = true;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists.at(-1)!;
        list.n++;
        pendingItem = `${'   '.repeat(lists.length - 1)}${list.ordered ? `${list.n}.` : '-'} `;
        break;
      }
      case 'blockquote_open':
        if (quote++ === 0) outerQuote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'heading_open': {
        const text = inlineText(tokens[i + 1]?.children ?? null);
        // Below the subject (the text's only '=' heading), as the HTML puts them below its h1.
        blocks.push(`${text}\n${'-'.repeat(Math.min(text.length, 60))}`);
        quotedLast = -1;
        i += 2;
        break;
      }
      case 'inline': {
        let text = inlineText(t.children);
        // An item's first paragraph (not a later one that merely starts like "2.").
        const item = pendingItem !== null;
        if (pendingItem !== null) {
          text = pendingItem + text.replaceAll('\n', `\n${' '.repeat(pendingItem.length)}`);
          pendingItem = null;
        }
        if (quote) text = text.replace(/^/gm, '> '.repeat(quote));
        // A list's items sit together, its nested lists included (only a list of its own, at the
        // top, starts a new block); other blocks are separated by a blank line, which inside a
        // quote is quoted too (`>`), so one quote reads as one.
        const inQuote = quote ? outerQuote : -1;
        if (lists.length && (!listStarts || lists.length > 1) && blocks.length && item) blocks[blocks.length - 1] += `\n${text}`;
        else if (quote && quotedLast === inQuote && blocks.length) blocks[blocks.length - 1] += `\n>\n${text}`;
        else blocks.push(text);
        quotedLast = inQuote;
        listStarts = false;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push(t.content.replace(/\n$/, '').replace(/^/gm, '    '));
        quotedLast = -1;
        break;
      case 'hr':
        blocks.push('----');
        quotedLast = -1;
        break;
    }
  }
  return blocks.join('\n\n');
}
