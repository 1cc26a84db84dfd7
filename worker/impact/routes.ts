import { Hono } from 'hono';
import { langFor } from '../platform/accept-language.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { impactPage, type ImpactData } from './page.ts';
import { activePartnerNames, confirmedByDay, publicCounts } from './queries.ts';
import { cardPath, shareTags } from './share-meta.ts';
import { IMPACT_STRINGS } from './strings.ts';
import { LANGS } from '../../src/pledge-fields.ts';
import { actionCounts, activeCounts } from '../resources/queries.ts';
import { approvedOrganizationCount } from '../organizations/queries.ts';

/** The impact page and the share-card images. */
export const impact = new Hono<{ Bindings: Env }>();

/** This isolate's copy of the page's data, kept as long as /api/stats keeps its counts. */
let memo: { data: ImpactData; until: number } | null = null;

async function impactData(env: Env): Promise<ImpactData> {
  const ttl = Number(env.STATS_CACHE_SECONDS) || 0;
  const now = Date.now();
  if (ttl > 0 && memo && memo.until > now) return memo.data;
  const [counts, days, partners, actions, { active, renewed }, organizations] = await Promise.all([
    publicCounts(env.DB),
    confirmedByDay(env.DB),
    activePartnerNames(env.DB),
    actionCounts(env.DB),
    activeCounts(env.DB),
    approvedOrganizationCount(env.DB),
  ]);
  const { total, ...actionsByKind } = actions;
  const data = { counts, days, partners, actions: total, actionsByKind, active, renewed, organizations };
  if (ttl > 0) memo = { data, until: now + ttl * 1000 };
  return data;
}

impact.get('/impact', async (c) => {
  const lang = langFor(c.req.query('lang'), c.req.header('Accept-Language'));
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  c.header('Content-Language', lang);
  const s = IMPACT_STRINGS[lang];
  const head = shareTags(c.env.PUBLIC_ORIGIN, lang, { path: `/impact?lang=${lang}`, title: s.title, description: s.pageDescription });
  return c.html(impactPage(await impactData(c.env), lang, nonce, head, c.env.PUBLIC_ORIGIN));
});

/** The share cards: 1200×630 PNGs rendered at build time (scripts/build-cards.ts) into the static assets. */
for (const lang of LANGS) {
  impact.get(cardPath(lang), async (c) => {
    const asset = await c.env.ASSETS.fetch(new URL(cardPath(lang), c.req.url));
    if (!asset.ok) return c.notFound();
    const res = new Response(asset.body, asset);
    res.headers.set('Content-Type', 'image/png');
    res.headers.set('Cache-Control', 'public, max-age=86400');
    res.headers.set('Access-Control-Allow-Origin', '*');
    res.headers.set('X-Content-Type-Options', 'nosniff');
    return res;
  });
}
