// What every service needs: the store, the frozen config, the server secret and a clock.
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';

export interface ServiceContext {
  store: Store;
  config: Readonly<Config>;
  serverSecret: Buffer;
  now: () => Date;
}
