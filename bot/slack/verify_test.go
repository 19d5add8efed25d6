package slack

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// Slack's published example from "Verifying requests from Slack".
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = "1531420618"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)

func TestVerifySignature(t *testing.T) {
	sent := time.Unix(1531420618, 0)
	tests := []struct {
		name      string
		secret    string
		timestamp string
		signature string
		body      string
		now       time.Time
		want      error
	}{
		{"slack example", exampleSecret, exampleTimestamp, exampleSignature, exampleBody, sent.Add(30 * time.Second), nil},
		{"just inside window", exampleSecret, exampleTimestamp, exampleSignature, exampleBody, sent.Add(MaxSkew), nil},
		{"tampered body", exampleSecret, exampleTimestamp, exampleSignature, exampleBody + "&text=hi", sent, ErrBadSignature},
		{"wrong secret", "another-secret", exampleTimestamp, exampleSignature, exampleBody, sent, ErrBadSignature},
		{"replayed with new timestamp", exampleSecret, "1531420619", exampleSignature, exampleBody, sent, ErrBadSignature},
		{"stale", exampleSecret, exampleTimestamp, exampleSignature, exampleBody, sent.Add(MaxSkew + time.Second), ErrStaleRequest},
		{"from the future", exampleSecret, exampleTimestamp, exampleSignature, exampleBody, sent.Add(-MaxSkew - time.Second), ErrStaleRequest},
		{"no signature", exampleSecret, exampleTimestamp, "", exampleBody, sent, ErrMissingSignature},
		{"no timestamp", exampleSecret, "", exampleSignature, exampleBody, sent, ErrMissingSignature},
		{"timestamp not a number", exampleSecret, "yesterday", exampleSignature, exampleBody, sent, ErrBadSignature},
		{"unknown version", exampleSecret, exampleTimestamp, "v1=" + exampleSignature[3:], exampleBody, sent, ErrBadSignature},
		{"not hex", exampleSecret, exampleTimestamp, "v0=zz", exampleBody, sent, ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.timestamp != "" {
				h.Set("X-Slack-Request-Timestamp", tt.timestamp)
			}
			if tt.signature != "" {
				h.Set("X-Slack-Signature", tt.signature)
			}
			err := VerifySignature(tt.secret, h, []byte(tt.body), tt.now)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("VerifySignature = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSignMatchesSlackExample(t *testing.T) {
	ts, sig := Sign(exampleSecret, time.Unix(1531420618, 0), []byte(exampleBody))
	if ts != exampleTimestamp || sig != exampleSignature {
		t.Fatalf("Sign = %s %s, want %s %s", ts, sig, exampleTimestamp, exampleSignature)
	}
}
