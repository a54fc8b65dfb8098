// Express middleware: `app.use(keywardenExpress({ baseUrl }))`, then `req.keywarden` in handlers.
// Written against Express's documented request/response interface; nothing of Express is imported.
import { KeyVerifier, type KeywardenIdentity, type MiddlewareOptions } from './verifier.js';

declare global {
  // Lets `req.keywarden` type-check in applications that use @types/express.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      keywarden?: KeywardenIdentity;
    }
  }
}

export interface ExpressRequestLike {
  headers: Record<string, string | string[] | undefined>;
  /** The caller's address (Express honours its own `trust proxy` setting here). */
  ip?: string;
  socket?: { remoteAddress?: string };
  keywarden?: KeywardenIdentity;
}

export interface ExpressResponseLike {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

export type ExpressNext = (err?: unknown) => void;

export function keywardenExpress<Req extends ExpressRequestLike = ExpressRequestLike>(options: MiddlewareOptions<Req>) {
  const verifier = new KeyVerifier<Req>(options);
  return async function keywardenMiddleware(req: Req, res: ExpressResponseLike, next: ExpressNext): Promise<void> {
    try {
      const presented = req.headers[verifier.header];
      const outcome = await verifier.check(Array.isArray(presented) ? presented[0] : presented, req, req.ip ?? req.socket?.remoteAddress);
      for (const [name, value] of Object.entries(outcome.headers ?? {})) res.setHeader(name, value);
      if (outcome.ok) {
        req.keywarden = outcome.identity;
        return next();
      }
      const { status, body, retryAfter } = outcome.refusal;
      if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
      res.status(status);
      res.json(body);
    } catch (err) {
      next(err);
    }
  };
}
