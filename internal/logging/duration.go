package logging

import "log/slog"

// durationAttr writes durations as Go duration strings ("1.5s") instead of
// the JSON handler's integer nanoseconds (backoff=100000000): log readers
// and alerts then need no unit conversion. It is a slog ReplaceAttr
// function, run before redaction.
func durationAttr(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}
