package discord

import (
	"strings"
	"testing"
)

// checkSafe fails the test when a message-carrying call could ping
// someone or break one of Discord's limits.
func checkSafe(t *testing.T, calls []call) {
	t.Helper()
	for _, c := range calls {
		switch {
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/threads"):
			// A thread carries a name, no message: no mentions to allow.
			name, _ := c.Body["name"].(string)
			if n := len([]rune(name)); n < 1 || n > 100 || strings.Contains(name, "@everyone") || strings.Contains(name, "@here") {
				t.Errorf("%s: thread name %q", c.Path, name)
			}
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/callback"):
			if d, ok := c.Body["data"].(map[string]any); ok {
				checkMessage(t, c.Method+" "+c.Path, d)
			}
		case (c.Method == "POST" || c.Method == "PATCH") && strings.HasPrefix(c.Path, "/webhooks/"),
			(c.Method == "POST" || c.Method == "PATCH") && strings.HasPrefix(c.Path, "/channels/") && strings.Contains(c.Path, "/messages"):
			checkMessage(t, c.Method+" "+c.Path, c.Body)
		}
	}
}

// checkMessage checks one message, edit or interaction response body.
func checkMessage(t *testing.T, where string, m map[string]any) {
	t.Helper()
	am, ok := m["allowed_mentions"].(map[string]any)
	if !ok {
		t.Errorf("%s: allowed_mentions missing: %v", where, m)
	} else if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
		t.Errorf("%s: allowed_mentions.parse = %#v, want []", where, am["parse"])
	}
	content, _ := m["content"].(string)
	if n := units(content); n > maxContent {
		t.Errorf("%s: content is %d units", where, n)
	}
	for _, bad := range []string{"@everyone", "@here", "<@&"} {
		if strings.Contains(content, bad) {
			t.Errorf("%s: content contains live %q", where, bad)
		}
	}
	embeds, _ := m["embeds"].([]any)
	for _, e := range embeds {
		em, _ := e.(map[string]any)
		desc, _ := em["description"].(string)
		title, _ := em["title"].(string)
		total := units(desc) + units(title)
		fields, _ := em["fields"].([]any)
		if len(fields) > 25 {
			t.Errorf("%s: %d embed fields", where, len(fields))
		}
		for _, f := range fields {
			fm, _ := f.(map[string]any)
			name, _ := fm["name"].(string)
			value, _ := fm["value"].(string)
			total += units(name) + units(value)
			if name == "" || value == "" || units(name) > 256 || units(value) > 1024 || strings.Contains(name+value, "@everyone") {
				t.Errorf("%s: embed field %q is empty, too long or pings", where, name)
			}
		}
		if units(desc) > maxEmbedDesc || units(title) > maxEmbedTitle || total > maxEmbedTotal {
			t.Errorf("%s: embed too large (%d/%d, %d in all)", where, units(title), units(desc), total)
		}
		if strings.Contains(desc, "@everyone") {
			t.Errorf("%s: embed contains live @everyone", where)
		}
	}
	rows, _ := m["components"].([]any)
	if len(rows) > maxRows {
		t.Errorf("%s: %d component rows", where, len(rows))
	}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		if comps, _ := row["components"].([]any); len(comps) > maxButtonsPerRow {
			t.Errorf("%s: %d buttons in a row", where, len(comps))
		}
	}
}
