// What every service needs: the store, the frozen config, the server secret, a clock, the password
// hasher, and the name resolver for webhook URLs (injected like the clock, so tests send no DNS query).
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { Resolver } from '../webhooks/resolver.js';
import type { PasswordHasher } from './passwords.js';

export interface ServiceContext {
  store: Store;
  config: Readonly<Config>;
  serverSecret: Buffer;
  now: () => Date;
  resolver: Resolver;
  /** Hashes and checks passwords, a bounded number at a time. */
  passwords: PasswordHasher;
}
