// Dates for the key route tests, which move keys' dates to reach status, sort and expiry cases.
export const DAY_MS = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString();
