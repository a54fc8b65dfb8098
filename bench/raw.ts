// The second reference: Node's own http server answering constant JSON, the ceiling for any
// framework on this machine (no router, no body parsing), run as its own process.
import { createServer } from 'node:http';

const ANSWER = JSON.stringify({ valid: true, keyId: 'key_01jbench000000000000000000', tenantId: 'ten_01jbench000000000000000000', ownerId: 'usr_01jbench000000000000000000', name: 'k1', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null });
const server = createServer((req, res) => {
  req.resume(); // the body is read and dropped, as a verify route must read it
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(ANSWER) }).end(ANSWER));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.send!({ url: `http://127.0.0.1:${address.port}` });
});
process.on('message', (m: unknown) => {
  if (m === 'stop') server.close(() => process.exit(0));
});
