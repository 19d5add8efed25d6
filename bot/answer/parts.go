package answer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
)

const (
	// multiPartRunes: only a question at least this long is split into parts.
	multiPartRunes = 120
	// maxParts bounds the parts answered one by one; the rest are ignored.
	maxParts = 6
)

// splitParts cuts a long question of several questions into them: at
// question marks and line breaks. A short question, or one with a single
// part, gives nil.
func splitParts(question string) []string {
	if utf8.RuneCountInString(question) < multiPartRunes {
		return nil
	}
	var parts []string
	var cur strings.Builder
	flush := func() {
		p := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(cur.String()), "-*・0123456789.)） "))
		cur.Reset()
		if utf8.RuneCountInString(p) >= 4 && hasOwnTopic(p) {
			parts = append(parts, p)
		}
	}
	for _, r := range question {
		if r == '\n' {
			flush()
			continue
		}
		cur.WriteRune(r)
		if r == '?' || r == '？' {
			flush()
		}
	}
	flush()
	if len(parts) < 2 {
		return nil
	}
	return parts[:min(len(parts), maxParts)]
}

// multiPart answers each part of a long question on its own, saying for
// each whether the guide covers it.
func (a *Answerer) multiPart(ctx context.Context, question string, parts []string, lang bot.Lang, note string, start time.Time) (bot.Reply, error) {
	var b strings.Builder
	var used []passage
	covered := false
	if note != "" {
		b.WriteString(note + "\n\n")
	}
	for i, part := range parts {
		fmt.Fprintf(&b, "%d. %s\n", i+1, bot.Truncate(part, 80))
		hits, err := a.search(ctx, part)
		if err != nil {
			return bot.Reply{}, err
		}
		rel, ok := a.judge(part, hits, false)
		text, ps := "", []passage(nil)
		if ok {
			rel = preferLang(rel, lang)
			text, ps = extractive(a.termsFor(part, rel), lang, toPassages(rel))
		}
		if text == "" {
			b.WriteString(partNotCoveredText(lang) + "\n\n")
			continue
		}
		covered = true
		b.WriteString(renumber(text, len(used)) + "\n\n")
		used = append(used, ps...)
	}
	if !covered {
		return a.notCoveredReply(question, lang, nil, start, extractiveMode(note)), nil
	}
	mode := extractiveMode(note)
	a.count(Outcome(mode))
	for i := range used {
		used[i].N = i + 1
	}
	return bot.Reply{Text: bot.DefuseMentions(strings.TrimSpace(b.String())), Sources: sources(used), Lang: lang,
		Answer: &bot.AnswerMeta{Question: question, Covered: true, Mode: mode},
		Usage:  bot.Usage{Model: a.modelName(), Latency: a.opts.Clock().Sub(start), Fallback: note != ""}}, nil
}

// renumber shifts the citations [n] in text by offset.
func renumber(text string, offset int) string {
	if offset == 0 {
		return text
	}
	return citation.ReplaceAllStringFunc(text, func(m string) string {
		var out []string
		for _, f := range strings.FieldsFunc(citation.FindStringSubmatch(m)[1], func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
			n, _ := strconv.Atoi(f)
			out = append(out, strconv.Itoa(n+offset))
		}
		return "[" + strings.Join(out, "][") + "]"
	})
}
