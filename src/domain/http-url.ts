// Addresses that come from outside (a leak report's `url`, GitHub's match URL) are kept only when
// they are http or https: anything else, `javascript:` above all, must never become a link.

export const MAX_URL_LENGTH = 2000;

export function isHttpUrl(value: string): boolean {
  if (value.length > MAX_URL_LENGTH || /[\s\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The value when it is an http(s) URL, else null. */
export const httpUrlOrNull = (value: unknown): string | null =>
  typeof value === 'string' && isHttpUrl(value) ? value : null;
