// Opaque IDs with a type prefix and a time-sortable body (ms timestamp + randomness, Crockford base32).
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
export type IdPrefix = 'ten' | 'usr' | 'res' | 'key' | 'evt' | 'whk' | 'dlv';

export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (const byte of randomBytes(16)) rand += CROCKFORD[byte & 31];
  return `${prefix}_${time}${rand}`;
}
