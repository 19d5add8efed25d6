package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxSkew is how old (or how far in the future) a signed request may be.
// Slack recommends five minutes; older requests may be replays.
const MaxSkew = 5 * time.Minute

// Verification failures. All of them mean "not from Slack" and map to 401.
var (
	ErrMissingSignature = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	ErrStaleRequest     = errors.New("request timestamp outside the 5-minute window")
	ErrBadSignature     = errors.New("signature does not match")
)

// VerifySignature checks Slack's v0 request signature: the hex HMAC-SHA256 of
// "v0:<timestamp>:<body>" keyed with the signing secret, sent as
// X-Slack-Signature "v0=<hex>", with a timestamp within MaxSkew of now.
func VerifySignature(secret string, header http.Header, body []byte, now time.Time) error {
	tsHeader := header.Get("X-Slack-Request-Timestamp")
	sigHeader := header.Get("X-Slack-Signature")
	if tsHeader == "" || sigHeader == "" {
		return ErrMissingSignature
	}
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return fmt.Errorf("timestamp %q: %w", tsHeader, ErrBadSignature)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > MaxSkew || d < -MaxSkew {
		return ErrStaleRequest
	}
	hexSig, ok := strings.CutPrefix(sigHeader, "v0=")
	if !ok {
		return fmt.Errorf("signature version: %w", ErrBadSignature)
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return fmt.Errorf("signature encoding: %w", ErrBadSignature)
	}
	if !hmac.Equal(got, sign(secret, tsHeader, body)) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the X-Slack-Signature value for body sent at ts; the load tool
// and tests use it to make requests the way Slack does.
func Sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	return timestamp, "v0=" + hex.EncodeToString(sign(secret, timestamp, body))
}

func sign(secret, timestamp string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return mac.Sum(nil)
}
