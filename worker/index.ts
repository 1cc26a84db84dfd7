/**
 * The RHEC Pledge Worker: the pledge API, the counts and the drop-in script.
 */
import { Hono } from 'hono';
import { partnerCors, partnerPreflight } from './cors.ts';
import { errorResponse } from './errors.ts';
import { hostedPledge } from './routes/hosted-pledge.ts';
import { pledges } from './routes/pledges.ts';
import { script } from './routes/script.ts';
import { stats } from './routes/stats.ts';

const app = new Hono<{ Bindings: Env }>();

app.options('/api/*', partnerPreflight);
app.use('/api/*', partnerCors);
app.route('/api/pledges', pledges);
app.route('/api/stats', stats);
app.route('/', script);
app.route('/', hostedPledge);

app.notFound((c) => errorResponse(c, 404, 'not_found', `Nothing is at ${c.req.method} ${new URL(c.req.url).pathname}.`));

app.onError((err, c) => {
  // Log the kind of failure only: messages can echo request data, which may be personal.
  console.error(JSON.stringify({ event: 'unhandled_error', name: err.name, path: new URL(c.req.url).pathname }));
  return errorResponse(c, 500, 'internal', 'Something went wrong on our side. Try again in a moment.');
});

export default app satisfies ExportedHandler<Env>;
