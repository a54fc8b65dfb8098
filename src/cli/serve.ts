// `keywarden serve`: start the server and stop it gracefully on SIGTERM / SIGINT.
import { readEnvironment } from '../config.js';
import { startServer } from '../server.js';

export async function serve(options: { config?: string }): Promise<void> {
  const server = await startServer(readEnvironment(process.env, options.config));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: finishing requests and flushing usage');
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
