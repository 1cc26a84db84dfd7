/**
 * A wrong method on a path that exists is a 405 with `Allow`, on every route (issue 4), not
 * only on those that declare their own: the answer is worked out from the app's router, so a
 * route added later is covered without a handler of its own.
 */
import type { Context, Hono } from 'hono';
import { errorResponse } from './errors.ts';
import { wantsPage } from './pages/not-found.ts';
import { REQUEST_ERRORS, requestLang } from './request-errors.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface RouterRoute {
  method: string;
}

/** The methods some route (middleware aside, which runs for any method) answers at `path`. */
export function methodsAt(app: Hono<{ Bindings: Env }>, path: string): string[] {
  const found = METHODS.filter((method) => {
    const [matched] = app.router.match(method, path) as unknown as [[[unknown, RouterRoute], unknown][]];
    return matched.some(([[, route]]) => route.method === method);
  });
  // A GET route answers HEAD too.
  return found.includes('GET') ? [...found, 'HEAD'] : found;
}

/** 405 with `Allow` when `path` exists for other methods, else null (then it is a 404). */
export function methodNotAllowed(app: Hono<{ Bindings: Env }>, c: Context<{ Bindings: Env }>): Response | null {
  // A person's browser opening an address that only takes a form's POST (a bookmark of a page a
  // form drew) gets the page with the ways on, as before, not JSON.
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && wantsPage(c)) return null;
  const allowed = methodsAt(app, c.req.path);
  if (!allowed.length || allowed.includes(c.req.method)) return null;
  c.header('Allow', allowed.join(', '));
  return errorResponse(c, 405, 'method_not_allowed', REQUEST_ERRORS[requestLang(c)].method(allowed));
}
