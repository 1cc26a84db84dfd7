import { Hono } from 'hono';

/** Partners' pages pick up a new release within minutes; stale copies keep working meanwhile. */
const SCRIPT_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** The drop-in script, from the built assets (vite build → dist/). */
export const script = new Hono<{ Bindings: Env }>();

script.get('/rhec-pledge.js', async (c) => {
  const asset = await c.env.ASSETS.fetch(new URL('/rhec-pledge.js', c.req.url));
  if (!asset.ok) return c.notFound();
  const res = new Response(asset.body, asset);
  res.headers.set('Content-Type', 'text/javascript; charset=utf-8');
  res.headers.set('Cache-Control', SCRIPT_CACHE_CONTROL);
  // `<script type="module">` fetches in CORS mode; the script is public, so any page may load it.
  res.headers.set('Access-Control-Allow-Origin', '*');
  res.headers.set('X-Content-Type-Options', 'nosniff');
  return res;
});
