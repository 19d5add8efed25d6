package answer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
)

const (
	// multiPartRunes: only a question at least this long is split into parts.
	multiPartRunes = 40
	// longQuestionRunes: from this length a text is cut into parts even
	// with fewer than two question marks.
	longQuestionRunes = 160
	// maxParts bounds the parts answered one by one; the rest are ignored.
	maxParts = 6
)

// splitParts cuts a long question of several questions into them: at
// question marks, sentence ends and line breaks. A piece with no topic of
// its own ("よろしくお願いします。") joins the one before it, and repeated
// pieces count once. A short question, or one with a single part, gives nil.
func splitParts(question string) []string {
	n := utf8.RuneCountInString(question)
	// Two sentences that build one question ("Dockerを学びたい。どの段階？")
	// stay whole: only a long text, or one asking several things, is cut.
	if n < multiPartRunes || n < longQuestionRunes && strings.Count(question, "?")+strings.Count(question, "？") < 2 {
		return nil
	}
	var parts []string
	seen := map[string]bool{}
	var cur strings.Builder
	flush := func() {
		p := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(cur.String()), "-*・0123456789.)） "))
		cur.Reset()
		switch {
		case utf8.RuneCountInString(p) < 4 || seen[p]:
		case !hasOwnTopic(p) && len(parts) > 0:
			parts[len(parts)-1] += " " + p
		case hasOwnTopic(p):
			seen[p] = true
			parts = append(parts, p)
		}
	}
	for _, r := range question {
		if r == '\n' {
			flush()
			continue
		}
		cur.WriteRune(r)
		if strings.ContainsRune("?？!！。", r) {
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
		text, ps, err := a.answerPart(ctx, part, lang)
		if err != nil {
			return bot.Reply{}, err
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

// answerPart answers one part of a long question: from the facts, else
// extractively; "" when the guide is silent on it.
func (a *Answerer) answerPart(ctx context.Context, part string, lang bot.Lang) (string, []passage, error) {
	if a.opts.Facts != nil {
		if text, anchor, ok := a.opts.Facts.answer(retrieval.Normalize(part), retrieval.Normalize(part), lang); ok {
			return text, []passage{a.opts.Facts.source(anchor, lang)}, nil
		}
	}
	hits, err := a.search(ctx, part)
	if err != nil {
		return "", nil, err
	}
	rel, ok := a.judge(part, hits, false)
	if !ok {
		return "", nil, nil
	}
	rel = a.inLang(rel, lang)
	if text, p, ok := a.listReply(part, lang, rel); ok {
		return text, []passage{p}, nil
	}
	text, ps := extractiveFor(part, a.termsFor(part, rel), lang, toPassages(rel))
	return text, ps, nil
}
