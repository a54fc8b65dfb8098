import type { App } from '../app.js';
import type { RouteDeps } from './index.js';

export function resourceRoutes(_api: App, _deps: RouteDeps) {}
