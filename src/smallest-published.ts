/**
 * Small-cell suppression, the usual public-health rule: a count of people from 1 to 4 is never
 * published. The one threshold for the Worker's public figures (worker/impact/suppress.ts), the
 * counter and the widget.
 */
export const SMALLEST_PUBLISHED = 5;
