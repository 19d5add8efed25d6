package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/console"
	"github.com/backend-tip/backend-tip/internal/logging"
)

// consoleStreamInterval replaces the platforms' update throttle on a
// terminal, which has no rate limit: tokens show as they come.
const consoleStreamInterval = 30 * time.Millisecond

// runAsk prints one grounded answer with its sources: ask QUESTION.
func runAsk(ctx context.Context, c *cli, args []string) int {
	fs := newFlags("ask", "backend-tip ask [-v] [-json] QUESTION   (for example: backend-tip ask \"N+1問題とは？\")")
	asJSON := fs.Bool("json", false, `print one JSON object {"question","lang","covered","mode","answer","sources"}`)
	verbose := verboseFlag(fs)
	words, code, ok := c.parse(fs, args, nil)
	if !ok {
		return code
	}
	c.quietLogs(*verbose)
	question := strings.TrimSpace(bot.Sanitize(strings.Join(words, " "), c.cfg.MaxQuestionRunes))
	if question == "" {
		fmt.Fprintln(c.stderr, "backend-tip ask: the question is empty; for example: backend-tip ask \"N+1問題とは？\"")
		return exitUsage
	}
	c.cfg.StreamInterval = min(c.cfg.StreamInterval, consoleStreamInterval)
	a, err := newApp(ctx, c, appOptions{})
	if err != nil {
		fmt.Fprintf(c.stderr, "backend-tip: %v\n", err)
		return exitError
	}
	defer a.Close()
	var p bot.Stream = console.NewPrinter(c.stdout)
	if *asJSON {
		p = console.NewAskJSONPrinter(c.stdout, question)
	}
	// "ask " makes the router treat any text as a question, even "help".
	a.router.Handle(ctx, bot.Request{Origin: bot.Origin{ID: "cli-ask", Platform: "console", ChannelID: "cli", UserID: "cli"},
		Text: "ask " + question, Kind: bot.KindMention}, p)
	if ctx.Err() != nil {
		return exitError
	}
	return exitOK
}

// runChat is the console REPL: chat [--now 2026-12-01T09:00].
func runChat(ctx context.Context, c *cli, args []string) int {
	fs := newFlags("chat", "backend-tip chat [-v] [-json] [--now 2026-12-01T09:00]   (reads stdin when it is not a terminal)")
	nowFlag := fs.String("now", "", "start the clock at this time (2026-12-01T09:00, in BACKEND_TIP_TIMEZONE) to try quiz schedules")
	asJSON := fs.Bool("json", false, "read one message per line and print one JSON object per reply per line")
	verbose := verboseFlag(fs)
	if _, code, ok := c.parse(fs, args, noArgs); !ok {
		return code
	}
	c.quietLogs(*verbose)
	var now time.Time
	if *nowFlag != "" {
		t, err := parseNow(*nowFlag, c.cfg.Timezone)
		if err != nil {
			fmt.Fprintf(c.stderr, "backend-tip chat: --now: %v\n", err)
			return exitUsage
		}
		now = t
	}
	c.cfg.StreamInterval = min(c.cfg.StreamInterval, consoleStreamInterval)
	a, err := newApp(ctx, c, appOptions{withState: true, now: now})
	if err != nil {
		fmt.Fprintf(c.stderr, "backend-tip: %v\n", err)
		return exitError
	}
	defer a.Close()
	interactive := logging.IsTerminal(c.stdin) && !*asJSON // prompts only for a person
	adapter := console.New(console.Options{In: c.stdin, Out: c.stdout, Handler: a.router, Interactive: interactive, JSON: *asJSON})
	if interactive {
		fmt.Fprintln(c.stdout, "backend-tip console: ask a question, or type help, quiz, a /backend-tip command, or exit.")
	}
	if !now.IsZero() {
		if err := a.tickSchedules(ctx, now, map[string]bot.Platform{adapter.Name(): adapter}); err != nil {
			a.log.Warn("scheduled quiz posts", "err", err)
		}
	}
	if err := adapter.Run(ctx); err != nil {
		return c.fail("chat", err)
	}
	return exitOK
}

// parseNow reads --now as a local time in zone, or as RFC 3339.
func parseNow(v, zone string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("time zone %q: %w", zone, err)
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time like 2026-12-01T09:00", v)
}
