// Hono middleware: `app.use('/api/*', keywardenHono({ baseUrl }))`, then `c.get('keywarden')` in
// handlers (declare `Variables: { keywarden: KeywardenIdentity }` on the app for its type). Written
// against Hono's documented Context (c.req.header, c.set, c.json); nothing of Hono is imported.
import { KeyVerifier, type MiddlewareOptions } from './verifier.js';
import type { KeywardenIdentity } from './verifier.js';

// Method syntax on purpose: it lets Hono's own, more precise Context type be passed in.
export interface HonoContextLike {
  req: { header(name: string): string | undefined };
  set(key: 'keywarden', value: KeywardenIdentity): void;
  header(name: string, value: string): void;
  json(body: unknown, status?: number, headers?: Record<string, string>): Response;
}

export function keywardenHono<C extends HonoContextLike = HonoContextLike>(options: MiddlewareOptions<C>) {
  const verifier = new KeyVerifier<C>(options);
  return async function keywardenMiddleware(c: C, next: () => Promise<void>): Promise<Response | void> {
    const outcome = await verifier.check(c.req.header(verifier.header), c);
    // Set on the context, Hono adds them to whatever answer goes out, the handler's or the refusal.
    for (const [name, value] of Object.entries(outcome.headers ?? {})) c.header(name, value);
    if (outcome.ok) {
      c.set('keywarden', outcome.identity);
      return next();
    }
    const { status, body, retryAfter } = outcome.refusal;
    return c.json(body, status, retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : undefined);
  };
}
