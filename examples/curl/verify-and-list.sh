#!/usr/bin/env bash
# Verify a key, then list the keys of the management key's tenant, with curl alone.
#   KEYWARDEN_URL=http://127.0.0.1:8080 KEYWARDEN_API_KEY=kw_… ./verify-and-list.sh
#   KEY_TO_VERIFY=kw_… (optional) checks another key than the management key.
set -euo pipefail
: "${KEYWARDEN_URL:=http://127.0.0.1:8080}"
: "${KEYWARDEN_API_KEY:?set KEYWARDEN_API_KEY to a management key}"
KEY_TO_VERIFY="${KEY_TO_VERIFY:-$KEYWARDEN_API_KEY}"
api="${KEYWARDEN_URL%/}/api/v1"

# 1. Verify: always 200 with {"valid": …}; "dryRun" would check without spending or counting.
echo "verify:"
curl -sS -X POST "$api/verify" -H "X-API-Key: $KEY_TO_VERIFY" -H 'Content-Type: application/json' -d '{}'
echo

# 2. The management key knows its tenant: GET /auth/me answers key {id, tenantId, scopes}.
me=$(curl -sS --fail-with-body "$api/auth/me" -H "X-API-Key: $KEYWARDEN_API_KEY")
tenant=$(printf '%s' "$me" | sed -n 's/.*"key":{[^}]*"tenantId":"\([^"]*\)".*/\1/p')
echo "tenant: $tenant"

# 3. List the tenant's keys (a page of 50; follow "nextCursor" with ?cursor= for more).
echo "keys:"
curl -sS --fail-with-body "$api/tenants/$tenant/keys?limit=50" -H "X-API-Key: $KEYWARDEN_API_KEY"
echo
