import type { App } from '../app.js';
import type { RouteDeps } from './index.js';

export function memberRoutes(_api: App, _deps: RouteDeps) {}
