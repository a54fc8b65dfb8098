// Verify a key, then list the keys of the management key's tenant, with the standard library only.
//
//	KEYWARDEN_URL=http://127.0.0.1:8080 KEYWARDEN_API_KEY=kw_… go run .
//	KEY_TO_VERIFY=kw_… (optional) checks another key than the management key.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

var (
	base   = strings.TrimRight(getenv("KEYWARDEN_URL", "http://127.0.0.1:8080"), "/") + "/api/v1"
	apiKey = os.Getenv("KEYWARDEN_API_KEY")
	client = &http.Client{Timeout: 10 * time.Second}
)

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// call sends one request and decodes the JSON answer into out; a non-2xx answer carries the
// contract's {"error": {"code", "message"}}.
func call(method, path, key string, body any, out any) error {
	var reader *bytes.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(data)
	} else {
		reader = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, base+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("X-API-Key", key)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		var failure struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.NewDecoder(res.Body).Decode(&failure)
		return fmt.Errorf("%s %s: %d %s: %s", method, path, res.StatusCode, failure.Error.Code, failure.Error.Message)
	}
	return json.NewDecoder(res.Body).Decode(out)
}

func main() {
	if apiKey == "" {
		fmt.Fprintln(os.Stderr, "set KEYWARDEN_API_KEY to a management key")
		os.Exit(2)
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	// 1. Verify: always 200 with "valid"; when false, "code" says why (REVOKED, EXPIRED, …).
	var answer struct {
		Valid    bool   `json:"valid"`
		Code     string `json:"code"`
		KeyID    string `json:"keyId"`
		TenantID string `json:"tenantId"`
	}
	if err := call("POST", "/verify", getenv("KEY_TO_VERIFY", apiKey), map[string]any{}, &answer); err != nil {
		return err
	}
	if answer.Valid {
		fmt.Printf("valid: true (key %s of tenant %s)\n", answer.KeyID, answer.TenantID)
	} else {
		fmt.Printf("valid: false (%s)\n", answer.Code)
	}

	// 2. The management key knows its tenant.
	var me struct {
		Key struct {
			TenantID string `json:"tenantId"`
		} `json:"key"`
	}
	if err := call("GET", "/auth/me", apiKey, nil, &me); err != nil {
		return err
	}
	fmt.Printf("tenant: %s\n", me.Key.TenantID)

	// 3. Every key of the tenant, page after page.
	cursor := ""
	for {
		query := url.Values{"limit": {"50"}}
		if cursor != "" {
			query.Set("cursor", cursor)
		}
		var page struct {
			Items []struct {
				ID, Start, Status, Name string
			} `json:"items"`
			NextCursor *string `json:"nextCursor"`
		}
		if err := call("GET", "/tenants/"+me.Key.TenantID+"/keys?"+query.Encode(), apiKey, nil, &page); err != nil {
			return err
		}
		for _, key := range page.Items {
			fmt.Printf("%s  %s…  %-8s  %s\n", key.ID, key.Start, key.Status, key.Name)
		}
		if page.NextCursor == nil {
			return nil
		}
		cursor = *page.NextCursor
	}
}
