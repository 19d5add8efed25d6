package bot

import (
	"context"
	"strings"
)

// Handler runs one command. args is the text after the command's path
// ("09:00 Asia/Tokyo" for "quiz daily 09:00 Asia/Tokyo"). On a nil error the
// handler has called s.Done; on an error the router apologises.
type Handler func(ctx context.Context, req Request, args string, s Stream) error

// Prefixed is h run with words before its args: a subcommand row served by
// its parent's handler ("quiz daily 09:00" runs the quiz handler with
// "daily 09:00").
func Prefixed(h Handler, words string) Handler {
	return func(ctx context.Context, req Request, args string, s Stream) error {
		return h(ctx, req, strings.TrimSpace(words+" "+args), s)
	}
}

// FirstWord splits a handler's args into its first word, lower-cased (""
// when there is none), and the words after it.
func FirstWord(args string) (word string, rest []string) {
	fields := strings.Fields(args)
	if len(fields) == 0 {
		return "", nil
	}
	return strings.ToLower(fields[0]), fields[1:]
}

// ArgKind says how an argument is typed and parsed.
type ArgKind int

const (
	// ArgText is free text to the end of the command.
	ArgText ArgKind = iota
	// ArgWord is one word.
	ArgWord
	// ArgChoice is one of the argument's Choices.
	ArgChoice
	// ArgZone is an IANA time zone name (one word); platforms that can
	// suggest values as the user types offer zone names (Discord
	// autocomplete).
	ArgZone
)

// Label is a display text in both reply languages.
type Label struct{ EN, JA string }

// Arg is one typed argument of a command. Help, Discord's command options
// and the parsing of Discord's options back into command text derive from it.
type Arg struct {
	Name     string // option name: "question", "time"
	NameJA   string // Japanese option name shown by clients in Japanese
	Kind     ArgKind
	Required bool
	Choices  []string // ArgChoice: the allowed values
	// ChoiceLabels name choices where the value is not readable as it is
	// ("everyday" → "every day" / "毎日"); platforms that list choices show
	// them.
	ChoiceLabels  map[string]Label
	Placeholder   string // help: "HH:MM"; default the name
	Description   string // English
	DescriptionJA string // Japanese
	MaxLength     int    // 0: no limit of its own
}

// Command is one node of the command table: a command or subcommand with
// its typed arguments and subcommands. The table in Grammar is the single
// source of the grammar: help, parsing on every platform and Discord's
// command registration are all derived from it.
type Command struct {
	Name          string   // the word that selects it: "quiz", "daily"
	NameJA        string   // Japanese name shown by clients in Japanese (Discord)
	Aliases       []string // other words that select it: "reveal" for "answer"
	Args          []Arg
	Subcommands   []Command
	Description   string   // English
	DescriptionJA string   // Japanese
	Examples      []string // full command texts: "ask N+1問題とは？"
	// Bare names the command's own form (without a subcommand) where a
	// platform needs a name for it: Discord cannot invoke a subcommand group
	// itself, so "quiz" becomes "quiz now". Empty: the bare form is only
	// reachable by typing it.
	Bare   string
	BareJA string // Japanese name of the bare form
	// Anywhere marks a top-level command that works outside a channel the
	// bot was added to: in DMs with it and wherever a member installed the
	// app for themselves (Discord user install). Commands that post to or
	// schedule in a channel are not Anywhere.
	Anywhere bool
	// Handler runs the command; nil routes it to the router's handler map
	// (by path), else to a short "coming soon" reply.
	Handler Handler
}

// Usage is the command's grammar line after the slash command, given the
// path of its parents: "quiz daily <HH:MM> [zone] [weekdays] [categories]".
func (c Command) Usage(parents ...string) string {
	parts := append(append([]string(nil), parents...), c.Name)
	for _, a := range c.Args {
		parts = append(parts, a.usage())
	}
	return strings.Join(parts, " ")
}

func (a Arg) usage() string {
	name := a.Placeholder
	if a.Kind == ArgChoice && name == "" {
		name = strings.Join(a.Choices, "|")
	}
	if name == "" {
		name = a.Name
	}
	if a.Required {
		return "<" + name + ">"
	}
	return "[" + name + "]"
}

// matches reports whether word selects c.
func (c Command) matches(word string) bool {
	if strings.EqualFold(word, c.Name) {
		return true
	}
	for _, a := range c.Aliases {
		if strings.EqualFold(word, a) {
			return true
		}
	}
	return false
}

// Path is the words that select a command: ["quiz", "daily"].
type Path []string

// String joins the words: "quiz daily"; handler maps are keyed by it.
func (p Path) String() string { return strings.Join(p, " ") }

// Parse finds the command text selects in table: the longest path of
// command and subcommand words, and the text after it. ok is false when the
// first word names no command.
func Parse(table []Command, text string) (path Path, args string, ok bool) {
	rest := strings.TrimSpace(text)
	level := table
	for {
		word, after := splitCommand(rest)
		i := indexOf(level, word)
		if i < 0 || word == "" {
			return path, rest, len(path) > 0
		}
		path = append(path, level[i].Name)
		level, rest = level[i].Subcommands, after
	}
}

// Lookup returns the command at path in table.
func Lookup(table []Command, path Path) (Command, bool) {
	var c Command
	level := table
	for _, w := range path {
		i := indexOf(level, w)
		if i < 0 {
			return Command{}, false
		}
		c, level = level[i], level[i].Subcommands
	}
	return c, len(path) > 0
}

// Walk calls fn for every command of table, parents first, with its path.
func Walk(table []Command, fn func(path Path, c Command)) {
	var walk func(parent Path, level []Command)
	walk = func(parent Path, level []Command) {
		for _, c := range level {
			p := append(append(Path(nil), parent...), c.Name)
			fn(p, c)
			walk(p, c.Subcommands)
		}
	}
	walk(nil, table)
}

func indexOf(level []Command, word string) int {
	for i, c := range level {
		if c.matches(word) {
			return i
		}
	}
	return -1
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
