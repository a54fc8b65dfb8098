// Which webhook URLs are accepted (shared/DESIGN.md, "Webhooks"): https:// without user or password,
// to a host whose every address is globally reachable, or that the operator allows. Names resolve
// through a stub resolver, so no test sends a DNS query; the servers' delivery workers are stopped,
// so nothing is ever sent to the public addresses the stub answers.
import { beforeAll, describe, expect, it } from 'vitest';
import { World } from '../helpers/world.js';
import { StubResolver } from '../helpers/resolver.js';

const PUBLIC = '93.184.215.14';
const names = () => new StubResolver({
  'public.example': [PUBLIC],
  'public6.example': ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'inner.example': ['10.0.0.1'],
  'metadata.example': ['169.254.169.254'],
  'inner6.example': ['fd00::1'],
  'mapped.example': ['::ffff:10.0.0.1'],
  'mixed.example': [PUBLIC, '10.0.0.1'],
  'mixed6.example': ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'fe80::1'],
  'localhost': ['127.0.0.1', '::1'],
  'allowed.example': ['10.20.1.1'],
});

function suite(world: World, resolver: StubResolver) {
  beforeAll(async () => { await world.server.webhooks.stop(); });
  const register = async (url: string) => {
    const tid = await world.tenant();
    return world.call('POST', `/tenants/${tid}/webhooks`, { as: world.admin, body: { url, eventTypes: ['*'] } });
  };
  const expectRefused = async (url: string) => {
    const res = await register(url);
    expect(res.status, url).toBe(400);
    expect(res.body.error.code, url).toBe('VALIDATION_FAILED');
    expect(res.body.error.details, url).toEqual([{ field: '/url', message: expect.any(String) }]);
    return res.body.error.details[0].message as string;
  };
  return { register, expectRefused, resolver };
}

describe('webhook URLs without an allow list', () => {
  const resolver = names();
  const world = World.forSuite('sqlite', { KEYWARDEN_WEBHOOK_ALLOW: '' }, { resolver });
  const { register, expectRefused } = suite(world, resolver);

  it('accepts https:// to public addresses and to names whose every address is public', async () => {
    for (const url of ['https://public.example/hooks', 'https://public6.example:8443/h', `https://${PUBLIC}/x`, 'https://[2606:4700::1111]/x', 'https://[::ffff:8.8.8.8]/x']) {
      expect((await register(url)).status, url).toBe(201);
    }
  });

  it.each([
    ['loopback', 'https://127.0.0.1/h'], ['loopback', 'https://127.1.2.3:8443/h'], ['loopback', 'https://[::1]/h'],
    ['private', 'https://10.0.0.1/h'], ['private', 'https://172.16.5.4/h'], ['private', 'https://192.168.1.1/h'],
    ['this network', 'https://0.0.0.0/h'], ['link-local', 'https://169.254.169.254/latest/meta-data/'], ['link-local', 'https://[fe80::1]/h'],
    ['carrier-grade NAT', 'https://100.64.0.1/h'], ['reserved', 'https://240.0.0.1/h'], ['broadcast', 'https://255.255.255.255/h'],
    ['unique-local', 'https://[fd00::1]/h'], ['multicast', 'https://224.0.0.1/h'], ['multicast', 'https://[ff02::1]/h'],
    ['documentation', 'https://192.0.2.1/h'], ['documentation', 'https://198.51.100.1/h'], ['documentation', 'https://203.0.113.1/h'],
    ['documentation', 'https://[2001:db8::1]/h'], ['benchmarking', 'https://198.18.0.1/h'], ['IETF protocol assignments', 'https://192.0.0.1/h'],
    ['IPv4-mapped', 'https://[::ffff:169.254.169.254]/h'], ['IPv4-mapped', 'https://[::ffff:7f00:1]/h'],
    ['6to4', 'https://[2002:a00:1::1]/h'], ['Teredo', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/h'],
    ['NAT64', 'https://[64:ff9b::a00:1]/h'], ['NAT64', 'https://[64:ff9b:1::808:808]/h'],
    // Odd spellings of 127.0.0.1, which URL parsing turns into the address itself.
    ['loopback', 'https://2130706433/h'], ['loopback', 'https://0x7f.1/h'],
  ])('refuses an address that is %s: %s', async (_family, url) => {
    expect(await expectRefused(url)).toMatch(/publicly reachable/);
  });

  it('refuses names that resolve to an inner address, even one among public ones, without naming it', async () => {
    for (const name of ['inner.example', 'metadata.example', 'inner6.example', 'mapped.example', 'mixed.example', 'mixed6.example', 'localhost']) {
      const message = await expectRefused(`https://${name}/hooks`);
      expect(message).not.toMatch(/10\.0\.0\.1|169\.254|fd00|fe80|127\.0/);
    }
  });

  it('refuses a name that does not resolve, in the same words as an inner one', async () => {
    expect(await expectRefused('https://nowhere.example/hooks')).toBe(await expectRefused('https://inner.example/hooks'));
    expect(resolver.asked).toContain('nowhere.example');
  });

  it('refuses a user or password in the URL, plain http://, and what is not an https URL', async () => {
    expect(await expectRefused('https://hook:s3cr3t@public.example/x')).toMatch(/user name or password/);
    expect(await expectRefused('https://hook@public.example/x')).toMatch(/user name or password/);
    for (const url of ['http://public.example/x', 'http://127.0.0.1:9/x', 'http://localhost/x', 'http://[::1]/x']) {
      expect(await expectRefused(url), url).toMatch(/https:\/\//);
    }
    for (const url of ['ftp://public.example/', 'file:///etc/passwd', 'not a url']) await expectRefused(url);
  });

  it('checks a changed URL too', async () => {
    const tid = await world.tenant();
    const created = await world.call('POST', `/tenants/${tid}/webhooks`, { as: world.admin, body: { url: 'https://public.example/a', eventTypes: ['*'] } });
    const wid = created.body.webhook.id;
    for (const url of ['https://inner.example/a', 'https://10.0.0.1/a', 'http://public.example/a', 'https://u:p@public.example/a']) {
      const res = await world.call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { as: world.admin, body: { url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details[0].field).toBe('/url');
    }
    const res = await world.call('PATCH', `/tenants/${tid}/webhooks/${wid}`, { as: world.admin, body: { url: 'https://public6.example/b' } });
    expect(res.status).toBe(200);
  });
});

describe('webhook URLs with KEYWARDEN_WEBHOOK_ALLOW', () => {
  const resolver = names();
  const world = World.forSuite('sqlite', { KEYWARDEN_WEBHOOK_ALLOW: '10.20.0.0/16,loopback' }, { resolver });
  const { register, expectRefused } = suite(world, resolver);

  it('accepts inner receivers the operator allows, over http:// too', async () => {
    for (const url of ['https://10.20.3.4/h', 'http://10.20.3.4:8080/h', 'http://allowed.example/h', 'http://127.0.0.1:9/h', 'http://localhost:8080/h', 'http://[::1]/h']) {
      expect((await register(url)).status, url).toBe(201);
    }
  });

  it('still refuses other inner addresses, and http:// to a public one', async () => {
    for (const url of ['https://10.21.0.1/h', 'https://inner.example/h', 'https://169.254.169.254/h', 'http://10.21.0.1/h']) await expectRefused(url);
    expect(await expectRefused('http://public.example/h')).toMatch(/https:\/\//);
  });
});
