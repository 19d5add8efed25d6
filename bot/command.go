package bot

import (
	"context"
	"strings"
)

// Handler runs one command. args is the text after the command name. On a
// nil error the handler has called s.Done; on an error the router apologises.
type Handler func(ctx context.Context, req Request, args string, s Stream) error

// Command is one row of the command table; help is generated from the table.
type Command struct {
	Name          string   // first word: "ask", "quiz"
	Usage         string   // "ask <question>"
	Description   string   // English
	DescriptionJA string   // Japanese
	Examples      []string // full command texts: "ask N+1問題とは？"
	Handler       Handler
}

// ClickHandler handles a button press whose ActionID starts with its prefix.
type ClickHandler func(ctx context.Context, c Click) (Reply, error)

// splitCommand returns the lower-cased first word and the rest of text.
func splitCommand(text string) (name, args string) {
	text = strings.TrimSpace(text)
	i := strings.IndexFunc(text, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '　' })
	if i < 0 {
		return strings.ToLower(text), ""
	}
	return strings.ToLower(text[:i]), strings.TrimSpace(text[i:])
}
