// The raw reference's request handler: reads the body and drops it, as a verify route must read
// it, and answers constant JSON. Served by raw.ts on its own, and by node.ts inside Keywarden's
// process in place of its handlers (the process's ceiling: its server, stores and timers, no verification).
import type { IncomingMessage, ServerResponse } from 'node:http';

const ANSWER = JSON.stringify({ valid: true, keyId: 'key_01jbench000000000000000000', tenantId: 'ten_01jbench000000000000000000', ownerId: 'usr_01jbench000000000000000000', name: 'k1', scopes: [{ resourceId: null, permission: 'read' }], expiresAt: null });
const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(ANSWER) };

export function answerConstant(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => res.writeHead(200, HEADERS).end(ANSWER));
}
