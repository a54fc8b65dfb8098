// The reference: a plain Fastify route answering constant JSON, run as its own process.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const ANSWER = { valid: true, keyId: 'key_01jbench000000000000000000', tenantId: 'ten_01jbench000000000000000000', ownerId: 'usr_01jbench000000000000000000', name: 'k1', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null };
app.post('/api/v1/verify', async () => ANSWER);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.send!({ url });
process.on('message', async (m: any) => {
  if (m === 'stop') {
    await app.close();
    process.exit(0);
  }
});
