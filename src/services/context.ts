// What every service needs: the store, the frozen config, the server secret, a clock and the password hasher.
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { PasswordHasher } from './passwords.js';

export interface ServiceContext {
  store: Store;
  config: Readonly<Config>;
  serverSecret: Buffer;
  now: () => Date;
  /** Hashes and checks passwords, a bounded number at a time. */
  passwords: PasswordHasher;
}
