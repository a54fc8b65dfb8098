// The text form of an address list (v1.1 allowedIps): one address or CIDR per line. The console
// checks the form only roughly, for a quick hint; the server checks and normalises each entry.
export const MAX_ADDRESSES = 100;

const LOOKS_LIKE_ADDRESS = /^(?=.*[.:])[0-9A-Fa-f:.]+(\/\d{1,3})?$/;

export type AddressListCheck = { list: string[] | null; problem?: undefined } | { problem: 'tooMany' } | { problem: 'bad'; entry: string };

/** The list in a text area: null when empty (any address, or the tenant's default). */
export function readAddressList(text: string): AddressListCheck {
  const entries = text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return { list: null };
  if (entries.length > MAX_ADDRESSES) return { problem: 'tooMany' };
  const bad = entries.find((e) => !LOOKS_LIKE_ADDRESS.test(e));
  return bad === undefined ? { list: entries } : { problem: 'bad', entry: bad };
}

export const writeAddressList = (list: readonly string[] | null | undefined) => (list ?? []).join('\n');
