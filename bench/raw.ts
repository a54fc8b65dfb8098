// The second reference: Node's own http server answering constant JSON, the ceiling for any
// framework on this machine (no router, no body parsing), run as its own process.
import { createServer } from 'node:http';
import { answerConstant } from './constant.js';

const server = createServer(answerConstant);
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.send!({ url: `http://127.0.0.1:${address.port}` });
});
process.on('message', (m: unknown) => {
  if (m === 'stop') server.close(() => process.exit(0));
});
