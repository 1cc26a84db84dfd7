/** What a partner id, name and origin must look like: shared by `npm run partners` and the admin dashboard. */

export function partnerId(value: string | undefined): string {
  if (!value || !/^[a-z0-9]{1,32}$/.test(value)) {
    throw new Error(`A partner id is 1–32 lower-case letters or digits, like "sir" (got "${value ?? ''}").`);
  }
  return value;
}

export function displayName(value: string | undefined): string {
  const name = value?.trim() ?? '';
  if (!name || name.length > 200 || /\p{Cc}/u.test(name)) throw new Error("Give the society's display name, up to 200 characters.");
  return name;
}

/** An exact origin: scheme, host and port only, as browsers send it in `Origin`. */
export function origin(value: string | undefined): string {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    throw new Error(`"${value ?? ''}" is not an origin. Write it like https://www.example.org`);
  }
  if (!/^https?:$/.test(url.protocol) || url.origin === 'null') throw new Error(`"${value}" must start with https:// (or http:// for local testing).`);
  if (url.pathname !== '/' || url.search || url.hash || (value ?? '').endsWith('/')) {
    throw new Error(`"${value}" has a path; give only the origin, like ${url.origin}`);
  }
  return url.origin;
}
