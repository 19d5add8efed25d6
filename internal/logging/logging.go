// Package logging builds the process logger: log/slog with redaction of
// secrets and of user or model text.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/config"
)

// New returns the process logger: JSON for log collectors (stderr is
// not a terminal, or BACKEND_TIP_LOG_FORMAT=json), text for people at a
// terminal (or BACKEND_TIP_LOG_FORMAT=text), at BACKEND_TIP_LOG_LEVEL. Every
// line passes through redaction: secrets and token-shaped strings are
// masked, and user or model text is reduced to its length above debug.
func New(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		return redactAttr(groups, durationAttr(groups, a))
	}}
	var h slog.Handler
	if jsonLogs(cfg.LogFormat, w) {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(privacyHandler{inner: h})
}

func jsonLogs(format string, w io.Writer) bool {
	switch format {
	case "json":
		return true
	case "text":
		return false
	}
	return !IsTerminal(w)
}

// IsTerminal reports whether stream (os.Stdin, os.Stderr, …) is a character
// device (a terminal), without a dependency: containers, pipes and files
// are not.
func IsTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// tokenPattern matches credentials that could reach a log line inside an
// error or a URL: Slack bot/user/app tokens, OpenAI-style keys, Discord bot
// tokens, bearer headers and passwords in database URLs.
var tokenPattern = regexp.MustCompile(`xox[abposre]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|sk-[A-Za-z0-9_-]{16,}|[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}|(?i:bearer|bot) [A-Za-z0-9._~+/-]{20,}=*|://[^:/@\s]+:[^@\s]+@`)

func redactString(s string) string {
	return tokenPattern.ReplaceAllStringFunc(s, func(m string) string {
		if len(m) > 3 && m[:3] == "://" {
			return "://[redacted]@"
		}
		return "[redacted]"
	})
}

// redactAttr masks config.Secret values (which JSON would otherwise print
// verbatim) and token-shaped substrings of strings and errors.
func redactAttr(_ []string, a slog.Attr) slog.Attr {
	v := a.Value
	switch v.Kind() {
	case slog.KindString:
		if s := v.String(); tokenPattern.MatchString(s) {
			a.Value = slog.StringValue(redactString(s))
		}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case config.Secret:
			a.Value = slog.StringValue(x.String())
		case error:
			if s := x.Error(); tokenPattern.MatchString(s) {
				a.Value = slog.StringValue(redactString(s))
			}
		case fmt.Stringer:
			if s := x.String(); tokenPattern.MatchString(s) {
				a.Value = slog.StringValue(redactString(s))
			}
		}
	}
	return a
}

// privateKeys are attribute keys that carry what a user or a model wrote.
var privateKeys = map[string]bool{
	"text": true, "question": true, "message": true, "prompt": true,
	"answer": true, "content": true, "reply": true, "query": true,
}

// privacyHandler keeps full user messages out of logs above debug level:
// attributes with a private key are logged as their length only. Attributes
// bound with Logger.With have no level yet, so they are always reduced.
type privacyHandler struct {
	inner slog.Handler
}

func (h privacyHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h privacyHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level <= slog.LevelDebug {
		return h.inner.Handle(ctx, r)
	}
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(reducePrivate(a))
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h privacyHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	reduced := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		reduced[i] = reducePrivate(a)
	}
	return privacyHandler{inner: h.inner.WithAttrs(reduced)}
}

func (h privacyHandler) WithGroup(name string) slog.Handler {
	return privacyHandler{inner: h.inner.WithGroup(name)}
}

func reducePrivate(a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindGroup {
		group := a.Value.Group()
		reduced := make([]any, len(group))
		for i, g := range group {
			reduced[i] = reducePrivate(g)
		}
		return slog.Group(a.Key, reduced...)
	}
	if !privateKeys[a.Key] {
		return a
	}
	s := a.Value.Resolve().String()
	return slog.String(a.Key, fmt.Sprintf("[%d chars]", utf8.RuneCountInString(s)))
}
