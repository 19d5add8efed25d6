package slack

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
)

// Slack knows each user's language setting (users.info with
// include_locale). A bare command such as `quiz` or `tip` carries no text
// to detect a language from, so the locale picks it, unless
// BACKEND_TIP_LANG fixes one language for everybody.

// localeTTL is how long a user's language is remembered; maxLocales bounds
// how many users are.
const (
	localeTTL  = 24 * time.Hour
	maxLocales = 10000
)

type localeEntry struct {
	lang bot.Lang
	at   time.Time
}

// locales caches users' languages.
type locales struct {
	mu sync.Mutex
	m  map[string]localeEntry
}

func (l *locales) get(user string, now time.Time) (bot.Lang, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[user]
	if !ok || now.Sub(e.at) > localeTTL {
		return "", false
	}
	return e.lang, true
}

func (l *locales) put(user string, lang bot.Lang, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil || len(l.m) >= maxLocales {
		l.m = map[string]localeEntry{} // a crude reset bounds the memory
	}
	l.m[user] = localeEntry{lang: lang, at: now}
}

// userLang is the language of the user's Slack locale: Japanese for ja-*,
// English otherwise; "" when Slack cannot tell.
func (a *Adapter) userLang(ctx context.Context, user string) bot.Lang {
	if user == "" {
		return ""
	}
	now := a.clock()
	if lang, ok := a.locales.get(user, now); ok {
		return lang
	}
	u, err := a.api.GetUserInfoContext(ctx, user, slack.GetUserInfoOptionIncludeLocale(true))
	if err != nil {
		a.log.Debug("users.info", "user", user, "err", err)
		return ""
	}
	lang := bot.English
	if strings.HasPrefix(strings.ToLower(u.Locale), "ja") {
		lang = bot.Japanese
	}
	a.locales.put(user, lang, now)
	return lang
}

// commandLang is the language for a slash command: the user's locale when
// the command is a bare one (no free text to detect from) and the adapter
// may ask; "" lets the router detect it from the text.
func (a *Adapter) commandLang(ctx context.Context, user, text string) bot.Lang {
	if !a.opts.UseLocale {
		return ""
	}
	path, args, ok := a.opts.Router.Parse(text)
	if ok && path.String() == "ask" || bot.DetectLang(args) == bot.Japanese {
		return "" // a question or Japanese arguments speak for themselves
	}
	return a.userLang(ctx, user)
}
