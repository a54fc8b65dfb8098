import { describe, expect, it } from 'vitest';
import { AddressAllowList } from '../domain/address-allow.js';
import { checkDestination, DestinationRefused } from './destination.js';
import type { Resolver } from './resolver.js';

/** Answers from a table, and remembers what it was asked. */
function tableResolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async resolve(name) {
      asked.push(name);
      return (table[name] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
}

const none = new AddressAllowList([]);
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (err: unknown) => (err instanceof DestinationRefused ? err.kind : err));

describe('webhook destinations', () => {
  it('answers the first address of a name whose every address is public, and keeps the URL', async () => {
    const resolver = tableResolver({ 'hooks.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    const destination = await checkDestination('https://hooks.example:8443/in?x=1', resolver, none);
    expect(destination.address).toEqual({ address: '93.184.215.14', family: 4 });
    expect(destination.url.href).toBe('https://hooks.example:8443/in?x=1');
  });

  it('takes an IP literal as it is, without asking the resolver', async () => {
    const resolver = tableResolver({});
    expect((await checkDestination('https://[2606:4700::1111]/', resolver, none)).address).toEqual({ address: '2606:4700::1111', family: 6 });
    expect(await refusal(checkDestination('https://10.0.0.1/', resolver, none))).toBe('address');
    expect(resolver.asked).toEqual([]);
  });

  it('tells the kinds apart: the URL form, a name that does not resolve, a refused address', async () => {
    const resolver = tableResolver({ 'inner.example': ['10.0.0.1'], 'mixed.example': ['93.184.215.14', 'fd00::1'] });
    expect(await refusal(checkDestination('https://u:p@inner.example/', resolver, none))).toBe('url');
    expect(await refusal(checkDestination('gopher://inner.example/', resolver, none))).toBe('url');
    expect(await refusal(checkDestination('https://nowhere.example/', resolver, none))).toBe('dns');
    expect(await refusal(checkDestination('https://inner.example/', resolver, none))).toBe('address');
    expect(await refusal(checkDestination('https://mixed.example/', resolver, none))).toBe('address');
  });

  it('refuses http:// without an allow list before resolving anything', async () => {
    const resolver = tableResolver({ 'hooks.example': ['93.184.215.14'] });
    expect(await refusal(checkDestination('http://hooks.example/', resolver, none))).toBe('url');
    expect(resolver.asked).toEqual([]);
  });

  it('lets the allow list through, over http:// too, when every address is allowed', async () => {
    const allow = new AddressAllowList(['10.20.0.0/16']);
    const resolver = tableResolver({ 'inner.example': ['10.20.0.7'], 'half.example': ['10.20.0.7', '93.184.215.14'] });
    expect((await checkDestination('http://inner.example/', resolver, allow)).address.address).toBe('10.20.0.7');
    expect((await checkDestination('https://half.example/', resolver, allow)).address.address).toBe('10.20.0.7');
    expect(await refusal(checkDestination('http://half.example/', resolver, allow))).toBe('url');
  });
});
