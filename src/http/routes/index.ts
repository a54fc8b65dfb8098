import type { App, AppDeps } from '../app.js';
import type { LoginThrottle } from '../../services/sign-in.js';
import { systemRoutes } from './system.js';
import { authRoutes } from './auth.js';
import { userRoutes } from './users.js';
import { tenantRoutes } from './tenants.js';
import { memberRoutes } from './members.js';
import { resourceRoutes } from './resources.js';
import { keyRoutes } from './keys.js';
import { keyImportRoutes } from './key-import.js';
import { eventRoutes } from './events.js';
import { webhookRoutes } from './webhooks.js';
import { leakRoutes } from './leaks.js';
import { usageRoutes } from './usage.js';
import { limitRoutes } from './limits.js';

export interface RouteDeps extends AppDeps {
  loginThrottle: LoginThrottle;
  /** Whether the node has begun to stop (readiness reports it). */
  stopping: () => boolean;
}

export async function registerRoutes(api: App, deps: RouteDeps): Promise<void> {
  for (const routes of [systemRoutes, authRoutes, userRoutes, tenantRoutes, memberRoutes, resourceRoutes, keyRoutes, keyImportRoutes, eventRoutes, webhookRoutes, leakRoutes, usageRoutes, limitRoutes]) {
    routes(api, deps);
  }
}
