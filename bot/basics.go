package bot

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"time"
)

// DefaultZone is the zone of daily posts and reminders when none is
// configured (BACKEND_TIP_TIMEZONE).
const DefaultZone = "Asia/Tokyo"

// Basics are the dependencies the quiz and study services both take (their
// Options embed it), with the same defaults, so tests can pin time, ids and
// randomness.
type Basics struct {
	Clock  Clock
	Zone   string          // default IANA zone; DefaultZone when empty
	NewID  func() string   // random 12 hex digits when nil
	Intn   func(n int) int // math/rand when nil
	Logger *slog.Logger    // discards when nil
}

// Fill sets what is missing to its default and checks that the zone loads.
func (b *Basics) Fill() error {
	if b.Clock == nil {
		b.Clock = time.Now
	}
	if b.Zone == "" {
		b.Zone = DefaultZone
	}
	if _, err := time.LoadLocation(b.Zone); err != nil {
		return fmt.Errorf("default zone %q: %w", b.Zone, err)
	}
	if b.NewID == nil {
		b.NewID = RandomID
	}
	if b.Intn == nil {
		b.Intn = mrand.IntN
	}
	if b.Logger == nil {
		b.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// RandomID is 12 random hex digits: ids of posts and sessions.
func RandomID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
