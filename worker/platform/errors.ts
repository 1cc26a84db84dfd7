import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable, machine-readable codes clients can switch on. */
export type ErrorCode =
  | 'validation'
  | 'bad_json'
  | 'bad_form'
  | 'incomplete_body'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'busy'
  | 'rate_limited'
  | 'unauthorized'
  | 'not_configured'
  | 'conflict'
  /** A signed link (unsubscribe's one-click) that was altered or cut short, or that has expired. */
  | 'invalid_link'
  | 'expired_link'
  | 'internal';

/** The one error envelope every route answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string[]> };
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  fields?: Record<string, string[]>,
): Response {
  const body: ErrorBody = { error: fields ? { code, message, fields } : { code, message } };
  return c.json(body, status);
}
