#!/usr/bin/env python3
"""Verify a key, then list the keys of the management key's tenant, with the standard library only.

    KEYWARDEN_URL=http://127.0.0.1:8080 KEYWARDEN_API_KEY=kw_... python3 verify_and_list.py
    KEY_TO_VERIFY=kw_... (optional) checks another key than the management key.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ.get("KEYWARDEN_URL", "http://127.0.0.1:8080").rstrip("/") + "/api/v1"
API_KEY = os.environ.get("KEYWARDEN_API_KEY") or sys.exit("set KEYWARDEN_API_KEY to a management key")


def call(method, path, key=API_KEY, body=None, query=None):
    url = BASE + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"X-API-Key": key, "Accept": "application/json"})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as err:
        error = json.load(err).get("error", {})  # the contract's {"error": {"code", "message"}}
        sys.exit(f"{method} {path}: {err.code} {error.get('code')}: {error.get('message')}")


# 1. Verify: always 200 with "valid"; when false, "code" says why (REVOKED, EXPIRED, ...).
answer = call("POST", "/verify", key=os.environ.get("KEY_TO_VERIFY", API_KEY), body={})
if answer["valid"]:
    print(f"valid: true (key {answer['keyId']} of tenant {answer['tenantId']})")
else:
    print(f"valid: false ({answer['code']})")

# 2. The management key knows its tenant.
tenant = call("GET", "/auth/me")["key"]["tenantId"]
print(f"tenant: {tenant}")

# 3. Every key of the tenant, page after page.
cursor = None
while True:
    page = call("GET", f"/tenants/{tenant}/keys", query={"limit": 50, **({"cursor": cursor} if cursor else {})})
    for key in page["items"]:
        print(f"{key['id']}  {key['start']}…  {key['status']:8}  {key['name']}")
    cursor = page["nextCursor"]
    if not cursor:
        break
