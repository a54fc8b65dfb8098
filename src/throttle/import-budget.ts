// The budget of POST /tenants/:tid/keys/import (security review, v1.1): KEY_EXISTS answers for the
// whole instance (DESIGN "Importing keys"), so every item, dry runs included, is charged before any
// lookup against its tenant's and its client address's hourly budget (KEYWARDEN_IMPORT_ITEMS). That
// bounds how fast an import can be used to guess which legacy secrets exist on the instance.
import { rateLimited } from '../errors.js';
import { throttleKeyOf } from '../domain/client-address.js';
import { SharedWindows, type SharedRedis } from './shared-windows.js';

const HOUR_MS = 3_600_000;

export class ImportBudget {
  private readonly perTenant: SharedWindows;
  private readonly perAddress: SharedWindows;

  /** Shared by every node through Redis when given one (like the other throttles), else this node's own. */
  constructor(itemsPerHour: number, shared: SharedRedis | null) {
    this.perTenant = new SharedWindows('import-tenant', itemsPerHour, shared, HOUR_MS);
    this.perAddress = new SharedWindows('import-ip', itemsPerHour, shared, HOUR_MS);
  }

  /**
   * Charges `items` to the tenant and the address, all or none each; throws 429 RATE_LIMITED past either.
   * A refusal by the address keeps the tenant's charge: only the tenant's own admins (and its management
   * keys) reach this, after their access is checked, so erring towards fewer lookups costs no one else.
   */
  async charge(tenantId: string, address: string, items: number, nowMs: number): Promise<void> {
    const byTenant = await this.perTenant.take(tenantId, nowMs, items);
    if (byTenant.waitMs > 0) throw refused(byTenant.waitMs);
    const byAddress = await this.perAddress.take(throttleKeyOf(address), nowMs, items);
    if (byAddress.waitMs > 0) throw refused(byAddress.waitMs);
  }
}

const refused = (waitMs: number) =>
  rateLimited(Math.ceil(waitMs / 1000), 'Too many keys imported or checked this hour; try again later.');
