// Generated from the served /api/v1/openapi.json by `npm run generate:types` (openapi-typescript):
// do not edit. Change the route schemas in src/http instead, then run the script again.
export interface paths {
    "/api/v1/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a key presented to your API
         * @description Send the key in `X-API-Key`. Whatever the key is (absent, garbage, unknown, revoked), the answer is 200 with `valid`; only a body that breaks the schema is a 400. `resourceId` alone asks for `read` on it, `permission` alone asks for it tenant-wide. A valid answer spends `cost` credits (default 1) unless `dryRun`.
         */
        post: operations["verifyKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check that the server is alive
         * @description Liveness only: it does not touch the database.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check that the server can serve requests
         * @description Each check is `ok`, `down` or `absent` (not configured). A Redis that is down leaves the server ready.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get this OpenAPI document
         * @description Import it into Postman or Insomnia, or generate a client from it (docs/developers.md).
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description Sets the session cookie and answers the body of `GET /auth/me`. Attempts are throttled per account and per client IP (429), and a login from another origin is refused (403 `CSRF_FAILED`).
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out
         * @description Ends the session whose cookie comes, if any, and clears the cookie.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the signed-in user and their tenants
         * @description With a management key, `key` names the key and its tenant.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change your own name or password
         * @description Needs `currentPassword` (a wrong one is 400 on `/currentPassword`, and counts toward the login throttle); a password change ends your other sessions.
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find users
         * @description A platform admin lists and searches (`q`); a tenant admin finds one user by exact `email` (case-insensitive) to grant access, and gets only `id`, `email` and `name`. Always a list.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user
         * @description Platform admins.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user
         * @description Platform admins. Disabling a user ends their sessions and switches their keys off (`DISABLED`) until it is undone.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your tenants
         * @description The caller's tenants, each with the caller's roles; a platform admin sees all, a management key its own tenant.
         */
        get: operations["listTenants"];
        put?: never;
        /**
         * Create a tenant
         * @description Platform admins; the creator becomes its tenant admin.
         */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tenant
         * @description Members; a management key reads its own tenant.
         */
        get: operations["getTenant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename a tenant
         * @description Tenant admins.
         */
        patch: operations["renameTenant"];
        trace?: never;
    };
    "/api/v1/tenants/{tid}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tenant's settings
         * @description Every member: developers need the limits for their forms.
         */
        get: operations["getSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a tenant's settings
         * @description Tenant admins; a partial update. Policy limits apply to new keys only. The key policies (`rotationReminderDays`, `revokeUnusedAfterDays`) are applied by a job that runs at least hourly; `resourceTypes` is checked when resources are created or moved and leaves existing resources as they are.
         */
        patch: operations["updateSettings"];
        trace?: never;
    };
    "/api/v1/tenants/{tid}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's members
         * @description Tenant admins; `q` matches email and name.
         */
        get: operations["listMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/members/{uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Grant access to a user, or change their roles and licence
         * @description Tenant admins. Taking away the last tenant admin is 409 `LAST_ADMIN`; losing the developer role or the licence switches the member's keys off (`DISABLED`) until it is given back.
         */
        put: operations["putMember"];
        post?: never;
        /**
         * Withdraw a member's access
         * @description Tenant admins. Revokes the member's keys in this tenant for good (they answer `REVOKED`).
         */
        delete: operations["withdrawMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's resources
         * @description A flat list with `parentId`, in tree order: depth-first, siblings by name.
         */
        get: operations["listResources"];
        put?: never;
        /**
         * Create a resource
         * @description Tenant admins. `name` is unique, case-insensitively, among its siblings.
         */
        post: operations["createResource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/resources/{rid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a resource
         * @description Tenant admins. 409 `IN_USE` while it has children or is in a key's scope.
         */
        delete: operations["deleteResource"];
        options?: never;
        head?: never;
        /**
         * Rename or move a resource
         * @description Tenant admins. A move under its own descendant is a 400.
         */
        patch: operations["updateResource"];
        trace?: never;
    };
    "/api/v1/tenants/{tid}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List keys
         * @description A member sees their own keys, a tenant admin every key. Another user's `owner` from a non-admin is 403.
         */
        get: operations["listKeys"];
        put?: never;
        /**
         * Create a key
         * @description Send `name` or `description`, and at most one of `expiresInDays` and `expiresAt` (neither: the tenant's maximum expiry, or none). Without `scopes` the key reads the whole tenant. A tenant admin may create a key for a member with `ownerId`. The secret is in this answer only.
         */
        post: operations["createKey"];
        /**
         * Delete all your own keys in a tenant
         * @description Developers; `owner=me` is required, so that no one deletes every key by mistake.
         */
        delete: operations["deleteOwnKeys"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/keys/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke many keys at once
         * @description Answers one result per id, in request order; one key's failure (`NOT_ACTIVE`, `NOT_FOUND`) does not stop the others.
         */
        post: operations["revokeKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/keys/{kid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a key
         * @description Its owner, or a tenant admin; anyone else gets 404.
         */
        get: operations["getKey"];
        put?: never;
        post?: never;
        /**
         * Delete a key
         * @description The owner (developer) deletes their own key; a tenant admin deletes any key that is expired or revoked.
         */
        delete: operations["deleteKey"];
        options?: never;
        head?: never;
        /**
         * Change a key
         * @description Scopes may only narrow and `management` only turn off; only a tenant admin changes `ratelimit`, `remaining`, `limits` (replaces the key's own named limits) and `limitBalances`. `meta` is set by the owner or a tenant admin; the owner may only narrow `allowedIps` (measured against the key's own list, else the tenant's, else any address), a tenant admin sets it freely.
         */
        patch: operations["updateKey"];
        trace?: never;
    };
    "/api/v1/tenants/{tid}/keys/{kid}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a key
         * @description Tenant admins; only an active key, including one in its rotation grace period. Irreversible.
         */
        post: operations["revokeKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/keys/{kid}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a key
         * @description The owner replaces an active key with a new one of the same settings; the old key keeps working for `gracePeriodSeconds` (default 0). The new secret is in this answer only.
         */
        post: operations["rotateKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/keys/{kid}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a key's verifications over time
         * @description Buckets aligned to UTC, empty ones as zeros; by default the last 24 hours by hour (or 30 days by day). More than 1000 buckets is a 400.
         */
        get: operations["getKeyUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Count keys by status
         * @description A member counts their own keys, a tenant admin every key.
         */
        get: operations["getKeyStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/keys/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import keys from another system
         * @description Tenant admins (or a management key with a tenant-wide `admin` scope). Each item is checked like key creation for its owner, in its own transaction, and answered in request order; a hash already imported anywhere on this instance is `KEY_EXISTS`, so a re-run imports nothing twice. `dryRun: true` checks every item without writing. The server stores HMAC(server secret, the lower-case hex SHA-256), never the SHA-256 itself. Imported keys are never management keys. Bodies up to 1 MiB. Every item, dry runs included, counts against the tenant's and the client address's hourly budget (`KEYWARDEN_IMPORT_ITEMS`, default 10,000 items), checked before any item: past it the request is 429 `RATE_LIMITED` with `Retry-After`. A hash held by a key of another tenant records `key.import_conflict` in that tenant's events (at most once an hour per key).
         */
        post: operations["importKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's events
         * @description Tenant admins; newest first.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List platform events
         * @description Platform admins; events outside any tenant (`user.created`, `auth.*`, throttling), newest first.
         */
        get: operations["listPlatformEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's webhooks
         * @description Tenant admins.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Create a webhook
         * @description Tenant admins. Keywarden signs each delivery with the secret in this answer, shown once.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/webhooks/{wid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook
         * @description Tenant admins.
         */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook
         * @description Tenant admins.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /**
         * Change a webhook
         * @description Tenant admins.
         */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/api/v1/tenants/{tid}/webhooks/{wid}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a webhook's delivery attempts
         * @description Tenant admins; newest first.
         */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report keys found where they should not be
         * @description No credentials. Answers 202 before looking at any key, with the same body whatever the keys are, so it tells nothing about them. Each key of this instance that is not revoked is marked as leaked and, by its tenant's `leakPolicy`, revoked. Throttled per client IP to `KEYWARDEN_LEAK_REPORTS` reported keys a minute (429).
         */
        post: operations["reportLeakedKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tenant's usage
         * @description Tenant admins. Valid and failed verifications (POST /verify only) and credits spent, in UTC buckets per tenant, owner or key, paged by group. A range before what is kept, or of more than 1000 buckets, is a 400. With `Accept: text/csv` the answer is CSV (RFC 4180) of every page: columns `at`, `tenantId`, `ownerId`, `keyId`, `valid`, `failed`, then `spent.<name>` per credits name, by name.
         */
        get: operations["tenantUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/usage/top": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tenant's most used keys
         * @description Tenant admins. The keys with the most valid (`by=valid`) or failed (`by=failed`) verifications in a range of hours, today (UTC) by default, and the highest verifications per minute of any key in it (`peak`): for spotting excessive use and choosing `excessiveUsePerMinute`.
         */
        get: operations["topKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every tenant's usage
         * @description Platform admins, for billing: the same as a tenant's usage, one group per tenant with usage in the range. With `Accept: text/csv` the answer is CSV (RFC 4180) of every page: columns `at`, `tenantId`, `ownerId`, `keyId`, `valid`, `failed`, then `spent.<name>` per credits name, by name.
         */
        get: operations["platformUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's limits with their balances
         * @description Tenant admins and platform admins. With `keyId`: every per-key limit of that key (its own and the tenant's); with `ownerId`: the tenant's per-owner limits of that member; otherwise the per-tenant limits, then every per-owner and per-key credits balance written so far, paged. Rates show their current window.
         */
        get: operations["listLimits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tid}/limits/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set a balance of a tenant's credits limit
         * @description Platform admins. Sets (not adds) the balance of the owner (`ownerId`, per-owner limits), the key (`keyId`, per-key limits, a key's own included) or the tenant; spends made before it are not charged to it.
         */
        patch: operations["setLimitBalance"];
        trace?: never;
    };
    "/api/v1/leaks/github": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take GitHub secret-scanning matches
         * @description GitHub's secret-scanning partner format, signed by GitHub (`Github-Public-Key-Identifier`, `Github-Public-Key-Signature`: ECDSA P-256 over the raw body) with a key from the file `KEYWARDEN_GITHUB_SCANNING_KEYS`; 404 when that is not set, 401 for a missing or bad signature. Bodies up to 1 MiB. Acts on each match as `POST /leaks` does; a repeated delivery acts once (deliveries are remembered for 30 days). Throttled per client IP, before the body is read, by the leak-report throttle (`KEYWARDEN_LEAK_REPORTS`, a delivery counting as one report; 429).
         */
        post: operations["reportGithubSecretScanning"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Every failure answers in this shape.
         * @example {
         *       "error": {
         *         "code": "VALIDATION_FAILED",
         *         "message": "Invalid request body: /scopes/0/permission must be one of read, write, admin.",
         *         "details": [
         *           {
         *             "field": "/scopes/0/permission",
         *             "message": "must be one of read, write, admin"
         *           }
         *         ]
         *       }
         *     }
         */
        Error: {
            error: {
                /** @description A stable SNAKE_CASE code from the catalogue (`NOT_FOUND`, `KEY_LIMIT_REACHED`, …). */
                code: string;
                /** @description For people; never echoes a secret. */
                message: string;
                /** @description With `UNAUTHENTICATED` for an `X-API-Key` that does not verify: its verify code. */
                reason?: string;
                details?: {
                    /** @description A JSON Pointer into the request (`/scopes/0/permission`). */
                    field: string;
                    message: string;
                }[] | {
                    /** @enum {string} */
                    quota: "resources" | "webhooks";
                    limit: number;
                };
            };
        };
        /**
         * @example {
         *       "id": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *       "email": "ada@example.com",
         *       "name": "Ada Lovelace",
         *       "isPlatformAdmin": false,
         *       "disabled": false,
         *       "createdAt": "2026-11-24T10:00:00.000Z"
         *     }
         */
        User: {
            id: string;
            email: string;
            name: string;
            isPlatformAdmin: boolean;
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
        };
        /**
         * @example {
         *       "name": "tokens",
         *       "kind": "credits",
         *       "per": "tenant",
         *       "limit": 100000,
         *       "refill": {
         *         "amount": 100000,
         *         "interval": "month",
         *         "dayOfMonth": 1
         *       },
         *       "autoApply": false,
         *       "lowThreshold": 10000
         *     }
         */
        Limit: {
            /** @description 1..32 of `a-z0-9_-`, unique across the tenant's limits and its keys' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved. */
            name: string;
            /**
             * @description `rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.
             * @enum {string}
             */
            kind: "rate" | "credits";
            /**
             * @description Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key's own limits are `key` only.
             * @enum {string}
             */
            per: "key" | "owner" | "tenant";
            limit: number;
            /** @description A rate's window: 1 s to 30 days. */
            durationMs?: number;
            /** @description Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month. */
            refill?: {
                amount: number;
                /** @enum {string} */
                interval: "day" | "month";
                dayOfMonth?: number;
            };
            /** @description Applied to every verification of the keys it covers (credits at the request's `cost`, a rate at 1 token); otherwise only when a verification names it. */
            autoApply: boolean;
            /** @description Credits: `key.credits_low` once per refill period when a balance first falls below it. */
            lowThreshold?: number;
        };
        /**
         * @example {
         *       "apiKeysEnabled": true,
         *       "maxExpiryDays": 365,
         *       "maxActiveKeysPerUser": 5,
         *       "excessiveUsePerMinute": null,
         *       "autoRevokeOnExcessiveUse": false,
         *       "expiryReminderDays": 7,
         *       "allowedIps": null,
         *       "rotationReminderDays": 90,
         *       "revokeUnusedAfterDays": null,
         *       "leakPolicy": "revoke",
         *       "resourceTypes": null
         *     }
         */
        Settings: {
            apiKeysEnabled: boolean;
            maxExpiryDays: number | null;
            maxActiveKeysPerUser: number;
            excessiveUsePerMinute: number | null;
            autoRevokeOnExcessiveUse: boolean;
            expiryReminderDays: number;
            /** @description IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address. */
            allowedIps: string[] | null;
            /** @description A key this many days old raises `key.rotation_due` once. Null: off. */
            rotationReminderDays: number | null;
            /** @description An active key unused this many days (since its last use, or its creation) raises `key.unused`, and is revoked by the system (`details.reason: "unused"`) `expiryReminderDays` after that warning unless it is used meanwhile. Null: off. */
            revokeUnusedAfterDays: number | null;
            /**
             * @description What a leak report of a key does: `revoke` it (the default) or only `notify` (mark it and record `key.leaked`).
             * @enum {string}
             */
            leakPolicy: "revoke" | "notify";
            /**
             * @description Which resource types may stand at the root (`""`) and under each type; a type not listed as a key may have no children. Checked when a resource is created or moved (400 `VALIDATION_FAILED`); existing resources are left as they are. Null: any type anywhere.
             * @example {
             *       "": [
             *         "account"
             *       ],
             *       "account": [
             *         "folder"
             *       ],
             *       "folder": [
             *         "building"
             *       ],
             *       "building": [
             *         "database"
             *       ]
             *     }
             */
            resourceTypes: {
                [key: string]: string[];
            } | null;
            /** @description The tenant's plan: named limits (at most 20). Only a platform admin may change them. */
            limits?: {
                /** @description 1..32 of `a-z0-9_-`, unique across the tenant's limits and its keys' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved. */
                name: string;
                /**
                 * @description `rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.
                 * @enum {string}
                 */
                kind: "rate" | "credits";
                /**
                 * @description Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key's own limits are `key` only.
                 * @enum {string}
                 */
                per: "key" | "owner" | "tenant";
                limit: number;
                /** @description A rate's window: 1 s to 30 days. */
                durationMs?: number;
                /** @description Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month. */
                refill?: {
                    amount: number;
                    /** @enum {string} */
                    interval: "day" | "month";
                    dayOfMonth?: number;
                };
                /** @description Applied to every verification of the keys it covers (credits at the request's `cost`, a rate at 1 token); otherwise only when a verification names it. */
                autoApply: boolean;
                /** @description Credits: `key.credits_low` once per refill period when a balance first falls below it. */
                lowThreshold?: number;
            }[];
        };
        /**
         * @example {
         *       "id": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *       "name": "Acme",
         *       "createdAt": "2026-11-24T10:00:00.000Z",
         *       "settings": {
         *         "apiKeysEnabled": true,
         *         "maxExpiryDays": 365,
         *         "maxActiveKeysPerUser": 5,
         *         "excessiveUsePerMinute": null,
         *         "autoRevokeOnExcessiveUse": false,
         *         "expiryReminderDays": 7,
         *         "allowedIps": null,
         *         "rotationReminderDays": 90,
         *         "revokeUnusedAfterDays": null,
         *         "leakPolicy": "revoke",
         *         "resourceTypes": null
         *       }
         *     }
         */
        Tenant: {
            id: string;
            name: string;
            /** Format: date-time */
            createdAt: string;
            settings: components["schemas"]["Settings"];
        };
        /**
         * @example {
         *       "id": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *       "name": "Acme",
         *       "createdAt": "2026-11-24T10:00:00.000Z",
         *       "settings": {
         *         "apiKeysEnabled": true,
         *         "maxExpiryDays": 365,
         *         "maxActiveKeysPerUser": 5,
         *         "excessiveUsePerMinute": null,
         *         "autoRevokeOnExcessiveUse": false,
         *         "expiryReminderDays": 7,
         *         "allowedIps": null,
         *         "rotationReminderDays": 90,
         *         "revokeUnusedAfterDays": null,
         *         "leakPolicy": "revoke",
         *         "resourceTypes": null
         *       },
         *       "roles": [
         *         "tenant_admin",
         *         "developer"
         *       ]
         *     }
         */
        TenantWithRoles: {
            id: string;
            name: string;
            /** Format: date-time */
            createdAt: string;
            settings: components["schemas"]["Settings"];
            /** @description The caller's roles in this tenant. */
            roles: ("tenant_admin" | "developer")[];
        };
        /**
         * @example {
         *       "userId": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *       "email": "ada@example.com",
         *       "name": "Ada Lovelace",
         *       "roles": [
         *         "developer"
         *       ],
         *       "licensed": true
         *     }
         */
        Member: {
            userId: string;
            email: string;
            name: string;
            roles: ("tenant_admin" | "developer")[];
            licensed: boolean;
        };
        /**
         * @example {
         *       "id": "res_01jdx3n5b7c9d1f3g5h7j9k1l3",
         *       "type": "building",
         *       "name": "Head office",
         *       "parentId": null,
         *       "createdAt": "2026-11-24T10:00:00.000Z",
         *       "updatedAt": "2026-11-24T10:00:00.000Z"
         *     }
         */
        Resource: {
            id: string;
            type: string;
            name: string;
            parentId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @description A permission on a resource and its descendants; `resourceId: null` is the whole tenant.
         * @example {
         *       "resourceId": null,
         *       "permission": "read"
         *     }
         */
        Scope: {
            resourceId: string | null;
            /** @enum {string} */
            permission: "read" | "write" | "admin";
        };
        /**
         * @description An API key; never its secret or hash.
         * @example {
         *       "id": "key_01jdx3p8s0u2w4y6a8c0e2g4i6",
         *       "name": "Billing export",
         *       "description": "Nightly export to the billing system",
         *       "email": "ops@example.com",
         *       "ownerId": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *       "owner": {
         *         "id": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *         "name": "Ada Lovelace",
         *         "email": "ada@example.com"
         *       },
         *       "start": "kw_Ab3dE9",
         *       "status": "active",
         *       "management": false,
         *       "scopes": [
         *         {
         *           "resourceId": null,
         *           "permission": "read"
         *         }
         *       ],
         *       "createdAt": "2026-11-24T10:00:00.000Z",
         *       "updatedAt": "2026-11-24T10:00:00.000Z",
         *       "expiresAt": "2027-11-24T10:00:00.000Z",
         *       "lastUsedAt": null,
         *       "usageCount": 0,
         *       "revokedAt": null,
         *       "rotatedFrom": null,
         *       "rotatedTo": null,
         *       "ratelimit": {
         *         "limit": 100,
         *         "durationMs": 60000
         *       },
         *       "remaining": null,
         *       "meta": {
         *         "customerId": "cus_1234",
         *         "plan": "gold"
         *       },
         *       "allowedIps": [
         *         "203.0.113.0/24"
         *       ],
         *       "rotationDueAt": "2027-02-22T10:00:00.000Z",
         *       "unusedRevokeAt": null,
         *       "leakedAt": null,
         *       "leak": null,
         *       "imported": false,
         *       "usage24h": 0,
         *       "limits": []
         *     }
         */
        Key: {
            id: string;
            name: string;
            description: string | null;
            email: string | null;
            ownerId: string;
            owner: {
                id: string;
                name: string;
                email: string;
            };
            /** @description The prefix, `_` and the first 6 characters: enough to recognise a key, never the secret. */
            start: string;
            /** @enum {string} */
            status: "active" | "expired" | "revoked";
            management: boolean;
            scopes: components["schemas"]["Scope"][];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: date-time */
            lastUsedAt: string | null;
            usageCount: number;
            /** Format: date-time */
            revokedAt: string | null;
            rotatedFrom: string | null;
            rotatedTo: string | null;
            ratelimit: {
                limit: number;
                durationMs: number;
            } | null;
            remaining: number | null;
            /** @description Your own data about the key (a customer id, a plan): any JSON object of at most 4 KiB. Never a secret. */
            meta: {
                [key: string]: unknown;
            } | null;
            /** @description IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address. */
            allowedIps: string[] | null;
            /**
             * Format: date-time
             * @description Under the tenant's `rotationReminderDays`: when this key is due for rotation (past: due now). Null when the policy is off, or the key is not active or already rotated.
             */
            rotationDueAt: string | null;
            /**
             * Format: date-time
             * @description Under the tenant's `revokeUnusedAfterDays`: when the system will revoke this key if it stays unused (any use moves it on). Null when the policy is off, or the key is not active or already rotated.
             */
            unusedRevokeAt: string | null;
            /**
             * Format: date-time
             * @description When the key was first reported as leaked (POST /leaks); null: never.
             */
            leakedAt: string | null;
            /** @description Present once the key was reported as leaked. */
            leak: {
                /** @description Where the latest report that named one found the key. */
                source: string | null;
                /** @description The `http`/`https` address the latest report that gave one pointed to. */
                url: string | null;
                /** @description How often the key was reported while not revoked. */
                count: number;
            } | null;
            /** @description Imported from another system by the SHA-256 of its secret (v1.1); `start` is then what the import gave. */
            imported: boolean;
            /** @description Valid verifications in the last 24 hours: the current UTC hour and the 23 before it. */
            usage24h: number;
            /** @description The key's own named limits (`per: "key"`); its tenant's apply too. */
            limits: components["schemas"]["Limit"][];
        };
        /**
         * @example {
         *       "key": {
         *         "id": "key_01jdx3p8s0u2w4y6a8c0e2g4i6",
         *         "name": "Billing export",
         *         "description": "Nightly export to the billing system",
         *         "email": "ops@example.com",
         *         "ownerId": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *         "owner": {
         *           "id": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *           "name": "Ada Lovelace",
         *           "email": "ada@example.com"
         *         },
         *         "start": "kw_Ab3dE9",
         *         "status": "active",
         *         "management": false,
         *         "scopes": [
         *           {
         *             "resourceId": null,
         *             "permission": "read"
         *           }
         *         ],
         *         "createdAt": "2026-11-24T10:00:00.000Z",
         *         "updatedAt": "2026-11-24T10:00:00.000Z",
         *         "expiresAt": "2027-11-24T10:00:00.000Z",
         *         "lastUsedAt": null,
         *         "usageCount": 0,
         *         "revokedAt": null,
         *         "rotatedFrom": null,
         *         "rotatedTo": null,
         *         "ratelimit": {
         *           "limit": 100,
         *           "durationMs": 60000
         *         },
         *         "remaining": null,
         *         "meta": {
         *           "customerId": "cus_1234",
         *           "plan": "gold"
         *         },
         *         "allowedIps": [
         *           "203.0.113.0/24"
         *         ],
         *         "rotationDueAt": "2027-02-22T10:00:00.000Z",
         *         "unusedRevokeAt": null,
         *         "leakedAt": null,
         *         "leak": null,
         *         "imported": false,
         *         "usage24h": 0,
         *         "limits": []
         *       },
         *       "secret": "kw_Ab3dE9-example-not-a-real-key"
         *     }
         */
        KeyWithSecret: {
            key: components["schemas"]["Key"];
            /** @description The key itself, returned this once: store it now. */
            secret: string;
        };
        /**
         * @example {
         *       "id": "evt_01jdx3q1w3e5r7t9y1u3i5o7p9",
         *       "tenantId": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *       "at": "2026-11-24T10:00:00.000Z",
         *       "type": "key.created",
         *       "actor": {
         *         "type": "user",
         *         "id": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1"
         *       },
         *       "keyId": "key_01jdx3p8s0u2w4y6a8c0e2g4i6",
         *       "ip": "203.0.113.7",
         *       "userAgent": "curl/8.5.0",
         *       "details": {
         *         "name": "Billing export"
         *       },
         *       "prevHash": "b1946ac92492d2347c6235b4d2611184",
         *       "hash": "591785b794601e212b260e25925636fd"
         *     }
         */
        Event: {
            id: string;
            tenantId: string | null;
            /** Format: date-time */
            at: string;
            type: string;
            actor: {
                /** @enum {string} */
                type: "user" | "key" | "system";
                id: string | null;
            };
            keyId: string | null;
            ip: string | null;
            userAgent: string | null;
            details: {
                [key: string]: unknown;
            };
            prevHash: string | null;
            hash: string;
        };
        Membership: {
            tenantId: string;
            tenantName: string;
            roles: ("tenant_admin" | "developer")[];
            licensed: boolean;
        };
        /**
         * @example {
         *       "user": {
         *         "id": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *         "email": "ada@example.com",
         *         "name": "Ada Lovelace",
         *         "isPlatformAdmin": false,
         *         "disabled": false,
         *         "createdAt": "2026-11-24T10:00:00.000Z"
         *       },
         *       "memberships": [
         *         {
         *           "tenantId": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *           "tenantName": "Acme",
         *           "roles": [
         *             "developer"
         *           ],
         *           "licensed": true
         *         }
         *       ]
         *     }
         */
        Me: {
            user: components["schemas"]["User"];
            memberships: components["schemas"]["Membership"][];
            /** @description Present when the caller is a management key: the key and its tenant. */
            key?: {
                id: string;
                tenantId: string;
                scopes: components["schemas"]["Scope"][];
            };
        };
        /**
         * @example {
         *       "status": "ok"
         *     }
         */
        Health: {
            status: string;
        };
        /**
         * @example {
         *       "status": "ready",
         *       "checks": {
         *         "database": "ok",
         *         "redis": "absent"
         *       }
         *     }
         */
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            checks: {
                /** @enum {string} */
                database: "ok" | "down" | "absent";
                /** @enum {string} */
                redis: "ok" | "down" | "absent";
            };
            error?: {
                code: string;
                message: string;
            };
        };
        /**
         * @description `expiringSoon` counts active keys expiring within `expiryReminderDays`, and is included in `active`.
         * @example {
         *       "active": 4,
         *       "expiringSoon": 1,
         *       "expired": 2,
         *       "revoked": 3
         *     }
         */
        KeyStats: {
            active: number;
            expiringSoon: number;
            expired: number;
            revoked: number;
        };
        /**
         * @example {
         *       "interval": "hour",
         *       "items": [
         *         {
         *           "at": "2026-11-24T10:00:00.000Z",
         *           "valid": 120,
         *           "failed": 3
         *         }
         *       ]
         *     }
         */
        KeyUsage: {
            /** @enum {string} */
            interval: "hour" | "day";
            items: {
                at: string;
                valid: number;
                failed: number;
            }[];
        };
        /**
         * @example {
         *       "results": [
         *         {
         *           "id": "key_01jdx3p8s0u2w4y6a8c0e2g4i6",
         *           "ok": true
         *         },
         *         {
         *           "id": "key_01jdx3r2t4v6x8z0b2d4f6h8j0",
         *           "ok": false,
         *           "code": "NOT_ACTIVE"
         *         }
         *       ]
         *     }
         */
        BulkRevokeResult: {
            results: {
                id: string;
                ok: boolean;
                code?: string;
            }[];
        };
        /**
         * @example {
         *       "results": [
         *         {
         *           "ok": true,
         *           "id": "key_01jdx3p8s0u2w4y6a8c0e2g4i6"
         *         },
         *         {
         *           "ok": false,
         *           "code": "KEY_EXISTS"
         *         },
         *         {
         *           "ok": false,
         *           "code": "NOT_LICENSED"
         *         }
         *       ]
         *     }
         */
        ImportResults: {
            results: {
                ok: boolean;
                /** @description The new key's id (not in a dry run). */
                id?: string;
                /** @description Why the item was not imported: the code key creation would answer for its owner (`NOT_FOUND`, `NOT_DEVELOPER`, `NOT_LICENSED`, `KEY_LIMIT_REACHED`, `EXPIRY_TOO_LONG`, `VALIDATION_FAILED` for a scope outside the tenant, a past expiry, `meta` over 4 KiB, a bad `allowedIps` entry or `limits` that key creation would refuse, `FORBIDDEN`), or `KEY_EXISTS` when its hash is already imported on this instance. */
                code?: string;
            }[];
        };
        /**
         * @example {
         *       "id": "whk_01jdx3s4u6w8y0a2c4e6g8i0k2",
         *       "tenantId": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *       "url": "https://hooks.example.com/keywarden",
         *       "description": "Alerts",
         *       "eventTypes": [
         *         "key.revoked",
         *         "key.leaked"
         *       ],
         *       "enabled": true,
         *       "createdAt": "2026-11-24T10:00:00.000Z",
         *       "updatedAt": "2026-11-24T10:00:00.000Z"
         *     }
         */
        Webhook: {
            id: string;
            tenantId: string;
            url: string;
            description: string | null;
            eventTypes: string[];
            enabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /**
         * @example {
         *       "webhook": {
         *         "id": "whk_01jdx3s4u6w8y0a2c4e6g8i0k2",
         *         "tenantId": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *         "url": "https://hooks.example.com/keywarden",
         *         "description": "Alerts",
         *         "eventTypes": [
         *           "key.revoked",
         *           "key.leaked"
         *         ],
         *         "enabled": true,
         *         "createdAt": "2026-11-24T10:00:00.000Z",
         *         "updatedAt": "2026-11-24T10:00:00.000Z"
         *       },
         *       "secret": "whsec_3q9ZxV7mP2rT5vY8bN1cF4hJ6kL0sW2a"
         *     }
         */
        WebhookWithSecret: {
            webhook: components["schemas"]["Webhook"];
            /** @description The signing secret, shown once. */
            secret: string;
        };
        Delivery: {
            id: string;
            eventId: string;
            /** Format: date-time */
            at: string;
            attempt: number;
            /**
             * @description `failed` is retried at `nextAttemptAt`.
             * @enum {string}
             */
            status: "succeeded" | "failed" | "gave_up";
            responseStatus: number | null;
            /** @description `timeout`, `dns`, `refused_address`, `connection_failed`, `tls` or `http_status` (see `responseStatus`); null on success. */
            error: string | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            durationMs: number;
        };
        /**
         * @example {
         *       "received": 2
         *     }
         */
        LeakReceipt: {
            /** @description How many keys the report named. */
            received: number;
        };
        /**
         * @description `true_positive` for a key of this instance, whatever its status; `false_positive` otherwise.
         * @example [
         *       {
         *         "token_raw": "acme_…",
         *         "token_type": "acme_api_key",
         *         "label": "true_positive"
         *       }
         *     ]
         */
        GithubScanningLabels: {
            token_raw: string;
            token_type: string;
            /** @enum {string} */
            label: "true_positive" | "false_positive";
        }[];
        /**
         * @description Every group (tenant, owner or key) has every bucket of the range, empty ones as zeros; pages hold `limit` groups.
         * @example {
         *       "interval": "day",
         *       "items": [
         *         {
         *           "at": "2026-11-24T00:00:00.000Z",
         *           "tenantId": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *           "valid": 1520,
         *           "failed": 12,
         *           "spent": {
         *             "remaining": 1520
         *           }
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        Usage: {
            /** @enum {string} */
            interval: "hour" | "day" | "month";
            items: {
                /** Format: date-time */
                at: string;
                tenantId: string;
                /** @description With groupBy owner or key; null for usage of keys deleted before metering kept owners. */
                ownerId?: string | null;
                /** @description With groupBy key. */
                keyId?: string;
                valid: number;
                failed: number;
                /** @description Credits spent per credits name; `remaining` for v1 credits. */
                spent: {
                    [key: string]: number;
                };
            }[];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "peak": {
         *         "keyId": "key_01jdx3p8s0u2w4y6a8c0e2g4i6",
         *         "perMinute": 42,
         *         "hour": "2026-11-24T10:00:00.000Z"
         *       },
         *       "items": [
         *         {
         *           "keyId": "key_01jdx3p8s0u2w4y6a8c0e2g4i6",
         *           "ownerId": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *           "name": "Billing export",
         *           "valid": 981,
         *           "failed": 4
         *         }
         *       ]
         *     }
         */
        TopKeys: {
            items: {
                keyId: string;
                ownerId: string | null;
                /** @description null when the key was deleted. */
                name: string | null;
                valid: number;
                failed: number;
            }[];
            /** @description The most valid verifications one key had in one minute of the range, as one node counted them (with several nodes sharing a key's traffic, each node's own count), and the UTC hour it was in; null without any. */
            peak: {
                keyId: string;
                perMinute: number;
                /** Format: date-time */
                hour: string;
            } | null;
        };
        /**
         * @example {
         *       "name": "tokens",
         *       "kind": "credits",
         *       "per": "tenant",
         *       "limit": 100000,
         *       "ownerId": null,
         *       "keyId": null,
         *       "remaining": 81234,
         *       "resetAt": "2027-01-01T00:00:00.000Z"
         *     }
         */
        LimitState: {
            name: string;
            /** @enum {string} */
            kind: "rate" | "credits";
            /** @enum {string} */
            per: "key" | "owner" | "tenant";
            limit: number;
            /** @description The owner the balance counts for (per owner), or the key's owner (per key). */
            ownerId: string | null;
            /** @description The key the balance counts for (per key). */
            keyId: string | null;
            /** @description Credits left (as last written by the usage flush), or tokens left in a rate's current window (as this node counts them: exact with Redis). */
            remaining: number | null;
            /** @description The next refill of credits, or the end of a rate's window; null for credits without refill. */
            resetAt: string | null;
        };
        LimitStates: {
            items: components["schemas"]["LimitState"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "valid": true,
         *       "keyId": "key_01jdx3p8s0u2w4y6a8c0e2g4i6",
         *       "tenantId": "ten_01jdx3k2m4n6p8r0t2v4x6z8b0",
         *       "ownerId": "usr_01jdx3k9q2w8e7r6t5y4u3i2o1",
         *       "name": "Billing export",
         *       "scopes": [
         *         {
         *           "resourceId": null,
         *           "permission": "read"
         *         }
         *       ],
         *       "expiresAt": null
         *     }
         */
        VerifyAnswer: {
            /** @enum {boolean} */
            valid: true;
            keyId: string;
            tenantId: string;
            ownerId: string;
            name: string;
            scopes: {
                resourceId: string | null;
                /** @enum {string} */
                permission: "read" | "write" | "admin";
            }[];
            expiresAt: string | null;
            ratelimit?: {
                limit: number;
                remaining: number;
                resetAt: string;
            };
            /** @description Credits left after this verification. */
            remaining?: number;
            /** @description Your own data about the key (a customer id, a plan): any JSON object of at most 4 KiB. Never a secret. */
            meta?: {
                [key: string]: unknown;
            };
            /** @description The named limits applied (auto-applied or named in the request). */
            limits?: {
                name: string;
                /** @enum {string} */
                kind: "rate" | "credits";
                /** @enum {string} */
                per: "key" | "owner" | "tenant";
                limit: number;
                /** @description Credits left, or tokens left in the window, after this verification. */
                remaining: number;
                /** @description The window's end or the next refill; null for credits without refill. */
                resetAt: string | null;
            }[];
        } | {
            /** @enum {boolean} */
            valid: false;
            /**
             * @description The first reason that applies, in this order.
             * @enum {string}
             */
            code: "MALFORMED" | "NOT_FOUND" | "REVOKED" | "EXPIRED" | "DISABLED" | "IP_NOT_ALLOWED" | "FORBIDDEN" | "USAGE_EXCEEDED" | "RATE_LIMITED";
            /** @description With `USAGE_EXCEEDED` or `RATE_LIMITED` from a named limit: its name (absent for the key's `remaining` and `ratelimit`). */
            limit?: string;
            /** @description With `RATE_LIMITED`, or `USAGE_EXCEEDED` of credits that refill: when to try again (also in `Retry-After`). */
            retryAfterMs?: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    verifyKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The key to check. */
                "X-API-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Accept only a key of this tenant: a key of any other tenant answers `NOT_FOUND`, exactly as an unknown key (counted against the client address). An API that serves one tenant should always send it. */
                    tenantId?: string;
                    resourceId?: string;
                    /** @enum {string} */
                    permission?: "read" | "write" | "admin";
                    cost?: number;
                    dryRun?: boolean;
                    /** @description Named limits to apply besides the auto-applied ones; a name no limit has is not applied. */
                    limits?: {
                        name: string;
                        /** @description Credits to spend, or tokens to take; default 1. */
                        cost?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description The verdict. A `RATE_LIMITED` answer also sets `Retry-After`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyAnswer"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: the database is down (`checks` says which part failed), or this node is stopping (`error.message` says so): send requests to another node. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3 document of this API. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the `Set-Cookie` header carries the session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INVALID_CREDENTIALS`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    password?: string;
                    currentPassword: string;
                };
            };
        };
        responses: {
            /** @description The caller, changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                email?: string;
                q?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users (a tenant admin gets only `{id, email, name}`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: (components["schemas"]["User"] | {
                            id: string;
                            email: string;
                            name: string;
                        })[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    password: string;
                    isPlatformAdmin?: boolean;
                };
            };
        };
        responses: {
            /** @description The created user. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `EMAIL_TAKEN`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    disabled?: boolean;
                    isPlatformAdmin?: boolean;
                    password?: string;
                };
            };
        };
        responses: {
            /** @description The changed user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTenants: {
        parameters: {
            query?: {
                q?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tenants. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["TenantWithRoles"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    settings?: {
                        apiKeysEnabled?: boolean;
                        maxExpiryDays?: number | null;
                        maxActiveKeysPerUser?: number;
                        excessiveUsePerMinute?: number | null;
                        autoRevokeOnExcessiveUse?: boolean;
                        expiryReminderDays?: number;
                        /** @description IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address. */
                        allowedIps?: string[] | null;
                        /** @description A key this many days old raises `key.rotation_due` once. Null: off. */
                        rotationReminderDays?: number | null;
                        /** @description An active key unused this many days (since its last use, or its creation) raises `key.unused`, and is revoked by the system (`details.reason: "unused"`) `expiryReminderDays` after that warning unless it is used meanwhile. Null: off. */
                        revokeUnusedAfterDays?: number | null;
                        /**
                         * @description What a leak report of a key does: `revoke` it (the default) or only `notify` (mark it and record `key.leaked`).
                         * @enum {string}
                         */
                        leakPolicy?: "revoke" | "notify";
                        /**
                         * @description Which resource types may stand at the root (`""`) and under each type; a type not listed as a key may have no children. Checked when a resource is created or moved (400 `VALIDATION_FAILED`); existing resources are left as they are. Null: any type anywhere.
                         * @example {
                         *       "": [
                         *         "account"
                         *       ],
                         *       "account": [
                         *         "folder"
                         *       ],
                         *       "folder": [
                         *         "building"
                         *       ],
                         *       "building": [
                         *         "database"
                         *       ]
                         *     }
                         */
                        resourceTypes?: {
                            [key: string]: string[];
                        } | null;
                        /** @description The tenant's plan: named limits (at most 20). Only a platform admin may change them. */
                        limits?: {
                            /** @description 1..32 of `a-z0-9_-`, unique across the tenant's limits and its keys' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved. */
                            name: string;
                            /**
                             * @description `rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.
                             * @enum {string}
                             */
                            kind: "rate" | "credits";
                            /**
                             * @description Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key's own limits are `key` only.
                             * @enum {string}
                             */
                            per: "key" | "owner" | "tenant";
                            limit: number;
                            /** @description A rate's window: 1 s to 30 days. */
                            durationMs?: number;
                            /** @description Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month. */
                            refill?: {
                                amount: number;
                                /** @enum {string} */
                                interval: "day" | "month";
                                dayOfMonth?: number;
                            };
                            /** @description Applied to every verification of the keys it covers (credits at the request's `cost`, a rate at 1 token); otherwise only when a verification names it. */
                            autoApply: boolean;
                            /** @description Credits: `key.credits_low` once per refill period when a balance first falls below it. */
                            lowThreshold?: number;
                        }[];
                    };
                };
            };
        };
        responses: {
            /** @description The created tenant. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NAME_TAKEN`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    renameTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description The renamed tenant. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NAME_TAKEN`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    apiKeysEnabled?: boolean;
                    maxExpiryDays?: number | null;
                    maxActiveKeysPerUser?: number;
                    excessiveUsePerMinute?: number | null;
                    autoRevokeOnExcessiveUse?: boolean;
                    expiryReminderDays?: number;
                    /** @description IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address. */
                    allowedIps?: string[] | null;
                    /** @description A key this many days old raises `key.rotation_due` once. Null: off. */
                    rotationReminderDays?: number | null;
                    /** @description An active key unused this many days (since its last use, or its creation) raises `key.unused`, and is revoked by the system (`details.reason: "unused"`) `expiryReminderDays` after that warning unless it is used meanwhile. Null: off. */
                    revokeUnusedAfterDays?: number | null;
                    /**
                     * @description What a leak report of a key does: `revoke` it (the default) or only `notify` (mark it and record `key.leaked`).
                     * @enum {string}
                     */
                    leakPolicy?: "revoke" | "notify";
                    /**
                     * @description Which resource types may stand at the root (`""`) and under each type; a type not listed as a key may have no children. Checked when a resource is created or moved (400 `VALIDATION_FAILED`); existing resources are left as they are. Null: any type anywhere.
                     * @example {
                     *       "": [
                     *         "account"
                     *       ],
                     *       "account": [
                     *         "folder"
                     *       ],
                     *       "folder": [
                     *         "building"
                     *       ],
                     *       "building": [
                     *         "database"
                     *       ]
                     *     }
                     */
                    resourceTypes?: {
                        [key: string]: string[];
                    } | null;
                    /** @description The tenant's plan: named limits (at most 20). Only a platform admin may change them. */
                    limits?: {
                        /** @description 1..32 of `a-z0-9_-`, unique across the tenant's limits and its keys' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved. */
                        name: string;
                        /**
                         * @description `rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.
                         * @enum {string}
                         */
                        kind: "rate" | "credits";
                        /**
                         * @description Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key's own limits are `key` only.
                         * @enum {string}
                         */
                        per: "key" | "owner" | "tenant";
                        limit: number;
                        /** @description A rate's window: 1 s to 30 days. */
                        durationMs?: number;
                        /** @description Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month. */
                        refill?: {
                            amount: number;
                            /** @enum {string} */
                            interval: "day" | "month";
                            dayOfMonth?: number;
                        };
                        /** @description Applied to every verification of the keys it covers (credits at the request's `cost`, a rate at 1 token); otherwise only when a verification names it. */
                        autoApply: boolean;
                        /** @description Credits: `key.credits_low` once per refill period when a balance first falls below it. */
                        lowThreshold?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description The new settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: {
                q?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of members. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Member"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    roles: ("tenant_admin" | "developer")[];
                    licensed: boolean;
                };
            };
        };
        responses: {
            /** @description The member. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `LAST_ADMIN`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    withdrawMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                uid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Access withdrawn. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `LAST_ADMIN`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listResources: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of resources, in tree order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Resource"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    type: string;
                    name: string;
                    parentId?: string | null;
                };
            };
        };
        responses: {
            /** @description The created resource. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Resource"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NAME_TAKEN`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                rid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `IN_USE`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                rid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    parentId?: string | null;
                };
            };
        };
        responses: {
            /** @description The changed resource. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Resource"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NAME_TAKEN`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listKeys: {
        parameters: {
            query?: {
                /** @description Case-insensitive substring of the key's name, description or id, or its owner's email or name. */
                q?: string;
                /** @description Comma-separated statuses: `active,expired`. */
                status?: string;
                /** @description `me`, or a user id (tenant admins). */
                owner?: "me" | string;
                /** @description Keys with a scope that covers this resource: on it, on one of its ancestors, or on the whole tenant. */
                resource?: string;
                /** @description A field (`name`, `createdAt`, `updatedAt`, `expiresAt`, `lastUsedAt`, `status`, `usage24h`), `-field` for descending; default `-createdAt`. */
                sort?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of keys. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Key"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string;
                    /** Format: email */
                    email?: string;
                    expiresInDays?: number;
                    /** Format: date-time */
                    expiresAt?: string;
                    scopes?: {
                        resourceId: string | null;
                        /** @enum {string} */
                        permission: "read" | "write" | "admin";
                    }[];
                    management?: boolean;
                    ownerId?: string;
                    ratelimit?: {
                        limit: number;
                        durationMs: number;
                    } | null;
                    remaining?: number | null;
                    /** @description Your own data about the key (a customer id, a plan): any JSON object of at most 4 KiB. Never a secret. */
                    meta?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address. */
                    allowedIps?: string[] | null;
                    limits?: {
                        /** @description 1..32 of `a-z0-9_-`, unique across the tenant's limits and its keys' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved. */
                        name: string;
                        /**
                         * @description `rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.
                         * @enum {string}
                         */
                        kind: "rate" | "credits";
                        /**
                         * @description Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key's own limits are `key` only.
                         * @enum {string}
                         */
                        per: "key" | "owner" | "tenant";
                        limit: number;
                        /** @description A rate's window: 1 s to 30 days. */
                        durationMs?: number;
                        /** @description Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month. */
                        refill?: {
                            amount: number;
                            /** @enum {string} */
                            interval: "day" | "month";
                            dayOfMonth?: number;
                        };
                        /** @description Applied to every verification of the keys it covers (credits at the request's `cost`, a rate at 1 token); otherwise only when a verification names it. */
                        autoApply: boolean;
                        /** @description Credits: `key.credits_low` once per refill period when a balance first falls below it. */
                        lowThreshold?: number;
                    }[];
                } & (unknown | unknown);
            };
        };
        responses: {
            /** @description The key, and its secret shown this once. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyWithSecret"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `API_KEYS_DISABLED`, `NOT_DEVELOPER`, `NOT_LICENSED`, `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `KEY_LIMIT_REACHED`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `EXPIRY_TOO_LONG`: the expiry is beyond the tenant's maximum. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteOwnKeys: {
        parameters: {
            query: {
                owner: "me";
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    keyIds: string[];
                };
            };
        };
        responses: {
            /** @description Each key's outcome. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkRevokeResult"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                kid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Key"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                kid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                kid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    /** Format: email */
                    email?: string | null;
                    scopes?: {
                        resourceId: string | null;
                        /** @enum {string} */
                        permission: "read" | "write" | "admin";
                    }[];
                    management?: boolean;
                    ratelimit?: {
                        limit: number;
                        durationMs: number;
                    } | null;
                    remaining?: number | null;
                    /** @description Your own data about the key (a customer id, a plan): any JSON object of at most 4 KiB. Never a secret. */
                    meta?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address. */
                    allowedIps?: string[] | null;
                    limits?: {
                        /** @description 1..32 of `a-z0-9_-`, unique across the tenant's limits and its keys' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved. */
                        name: string;
                        /**
                         * @description `rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.
                         * @enum {string}
                         */
                        kind: "rate" | "credits";
                        /**
                         * @description Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key's own limits are `key` only.
                         * @enum {string}
                         */
                        per: "key" | "owner" | "tenant";
                        limit: number;
                        /** @description A rate's window: 1 s to 30 days. */
                        durationMs?: number;
                        /** @description Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month. */
                        refill?: {
                            amount: number;
                            /** @enum {string} */
                            interval: "day" | "month";
                            dayOfMonth?: number;
                        };
                        /** @description Applied to every verification of the keys it covers (credits at the request's `cost`, a rate at 1 token); otherwise only when a verification names it. */
                        autoApply: boolean;
                        /** @description Credits: `key.credits_low` once per refill period when a balance first falls below it. */
                        lowThreshold?: number;
                    }[];
                    /** @description Sets the balances of the key's own credits limits. A tenant limit (the plan) is 403 for anyone but a platform admin. */
                    limitBalances?: {
                        name: string;
                        remaining: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description The changed key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Key"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                kid: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The revoked key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Key"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_ACTIVE`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                kid: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    gracePeriodSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The new key, and its secret shown this once. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyWithSecret"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `API_KEYS_DISABLED`, `NOT_DEVELOPER`, `NOT_LICENSED`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_ACTIVE`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKeyUsage: {
        parameters: {
            query?: {
                since?: string;
                until?: string;
                interval?: "hour" | "day";
            };
            header?: never;
            path: {
                tid: string;
                kid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Valid and failed verifications per bucket. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyUsage"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKeyStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The counts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyStats"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    importKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    dryRun?: boolean;
                    keys: {
                        ownerId: string;
                        name?: string;
                        description?: string;
                        /** @description What lists show to recognise the key (the old system's visible prefix); default `""`. Never the secret. */
                        start?: string;
                        hash: {
                            /** @enum {string} */
                            algorithm: "sha256";
                            /** @description The hex SHA-256 of the secret the old system issued (that secret must be printable ASCII without spaces, 16..256 characters, to verify). */
                            value: string;
                        };
                        /** Format: date-time */
                        expiresAt?: string;
                        scopes?: {
                            resourceId: string | null;
                            /** @enum {string} */
                            permission: "read" | "write" | "admin";
                        }[];
                        ratelimit?: {
                            limit: number;
                            durationMs: number;
                        } | null;
                        remaining?: number | null;
                        /** @description Your own data about the key (a customer id, a plan): any JSON object of at most 4 KiB. Never a secret. */
                        meta?: {
                            [key: string]: unknown;
                        } | null;
                        /** @description IPv4/IPv6 addresses or CIDRs (`203.0.113.0/24`, `2001:db8::/32`), stored normalised; null: any address. */
                        allowedIps?: string[] | null;
                        limits?: {
                            /** @description 1..32 of `a-z0-9_-`, unique across the tenant's limits and its keys' limits; `remaining`, `__proto__`, `constructor` and `prototype` are reserved. */
                            name: string;
                            /**
                             * @description `rate`: a fixed window of `limit` tokens per `durationMs`; `credits`: a balance that verifications spend, starting at `limit`.
                             * @enum {string}
                             */
                            kind: "rate" | "credits";
                            /**
                             * @description Counted for the key, for all keys of its owner in the tenant, or for all keys of the tenant. A key's own limits are `key` only.
                             * @enum {string}
                             */
                            per: "key" | "owner" | "tenant";
                            limit: number;
                            /** @description A rate's window: 1 s to 30 days. */
                            durationMs?: number;
                            /** @description Credits: sets (not adds) the balance to `amount` at 00:00 UTC of each day, or of `dayOfMonth` (default 1) of each month. */
                            refill?: {
                                amount: number;
                                /** @enum {string} */
                                interval: "day" | "month";
                                dayOfMonth?: number;
                            };
                            /** @description Applied to every verification of the keys it covers (credits at the request's `cost`, a rate at 1 token); otherwise only when a verification names it. */
                            autoApply: boolean;
                            /** @description Credits: `key.credits_low` once per refill period when a balance first falls below it. */
                            lowThreshold?: number;
                        }[];
                    }[];
                };
            };
        };
        responses: {
            /** @description Each item's outcome, in request order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResults"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `API_KEYS_DISABLED`, `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Comma-separated event types; `key.*` matches every key event. */
                type?: string;
                keyId?: string;
                /** @description An actor id (`usr_…`, `key_…`), or `system`. */
                actor?: string;
                /** @description Inclusive, ISO-8601. */
                since?: string;
                /** @description Exclusive, ISO-8601. */
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Event"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPlatformEvents: {
        parameters: {
            query?: {
                /** @description Comma-separated event types; `key.*` matches every key event. */
                type?: string;
                keyId?: string;
                /** @description An actor id (`usr_…`, `key_…`), or `system`. */
                actor?: string;
                /** @description Inclusive, ISO-8601. */
                since?: string;
                /** @description Exclusive, ISO-8601. */
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Event"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of webhooks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Webhook"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description `https://` without user or password, to a host whose every address is globally reachable; an inner receiver, and `http://`, only where `KEYWARDEN_WEBHOOK_ALLOW` allows its address. */
                    url: string;
                    eventTypes: string[];
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The webhook and its signing secret. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `QUOTA_REACHED`: the request conflicts with the current state. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                wid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description `https://` without user or password, to a host whose every address is globally reachable; an inner receiver, and `http://`, only where `KEYWARDEN_WEBHOOK_ALLOW` allows its address. */
                    url?: string;
                    eventTypes?: string[];
                    description?: string | null;
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The changed webhook. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
                wid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of delivery attempts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Delivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportLeakedKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The keys found, as found. */
                    keys: string[];
                    /** @description Where they were found, for people (`pastebin`, `a public repository`). */
                    source?: string;
                    /** @description An `http` or `https` address of the place. */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description Received; the keys are looked at afterwards. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeakReceipt"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    tenantUsage: {
        parameters: {
            query?: {
                /** @description Inclusive, aligned down to its UTC bucket; default: the last 24 hours, 30 days or 12 months. */
                since?: string;
                /** @description Exclusive; default now. */
                until?: string;
                /** @description Bucket size, aligned to UTC; default `day`. Hours are kept 35 days, days `KEYWARDEN_USAGE_RETENTION` (default 400 days). */
                interval?: "hour" | "day" | "month";
                /** @description One line of buckets per tenant (default), key owner or key. */
                groupBy?: "tenant" | "owner" | "key";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of usage, or all of it as CSV. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Usage"];
                    "text/csv": string;
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    topKeys: {
        parameters: {
            query?: {
                /** @description Order by valid (default) or failed verifications. */
                by?: "valid" | "failed";
                /** @description Inclusive, aligned down to its UTC hour; default the start of today (UTC). At most 35 days back. */
                since?: string;
                /** @description Exclusive; default now. */
                until?: string;
                limit?: number;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys, most first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TopKeys"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    platformUsage: {
        parameters: {
            query?: {
                /** @description Inclusive, aligned down to its UTC bucket; default: the last 24 hours, 30 days or 12 months. */
                since?: string;
                /** @description Exclusive; default now. */
                until?: string;
                /** @description Bucket size, aligned to UTC; default `day`. Hours are kept 35 days, days `KEYWARDEN_USAGE_RETENTION` (default 400 days). */
                interval?: "hour" | "day" | "month";
                /** @description One line of buckets per tenant (the only grouping here). */
                groupBy?: "tenant";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of usage, or all of it as CSV. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Usage"];
                    "text/csv": string;
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listLimits: {
        parameters: {
            query?: {
                keyId?: string;
                ownerId?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                tid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The limits and their balances. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LimitStates"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setLimitBalance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tid: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    remaining: number;
                    ownerId?: string;
                    keyId?: string;
                };
            };
        };
        responses: {
            /** @description The balance as set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LimitState"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `FORBIDDEN`, `CSRF_FAILED`: signed in, but this role, scope or key may not do this; or a cookie-authenticated write from another origin. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportGithubSecretScanning: {
        parameters: {
            query?: never;
            header?: {
                /** @description The identifier of GitHub's signing key. */
                "Github-Public-Key-Identifier"?: string;
                /** @description Base64 ECDSA signature of the raw body. */
                "Github-Public-Key-Signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description GitHub's matches; fields not listed are ignored. */
        requestBody: {
            content: {
                "application/json": ({
                    token: string;
                    type: string;
                    url?: string;
                    source?: string;
                } & {
                    [key: string]: unknown;
                })[];
            };
        };
        responses: {
            /** @description A label per match. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GithubScanningLabels"];
                };
            };
            /** @description `VALIDATION_FAILED`: the request breaks its schema (malformed JSON, unknown field, wrong type, value out of range, bad cursor); `details` names each field as a JSON Pointer. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNAUTHENTICATED`: no credentials, an ended session, or an `X-API-Key` that does not verify (`reason` carries its verify code). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_FOUND`: no such object, or one the caller may not read. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `PAYLOAD_TOO_LARGE`: the body is over the limit (64 KiB by default). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `UNSUPPORTED_MEDIA_TYPE`: the body is not `application/json`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `RATE_LIMITED`: too many requests, login attempts or bad keys from this client; wait `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `INTERNAL`: a bug: logged with the request id, which the message gives. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `NOT_READY`: this node is stopping: send the request to another node. Only a request on a connection opened before the stop began can get it; verifications are answered. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
