package answer

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
)

const (
	// extractivePassages is how many passages an extractive answer quotes.
	extractivePassages = 3
	// quoteRunes caps one quote: enough for two or three sentences.
	quoteRunes = 220
)

// extractive turns the best passages into a short answer without a model:
// from each passage the sentences that share most with the question, in
// their original order, quoted as they are (the guide is Japanese, so an
// English answer frames Japanese quotes in English), each followed by its
// section. Passages from the same section are merged.
func extractive(q map[string]struct{}, lang bot.Lang, ps []passage) (string, []passage) {
	var used []passage
	var b strings.Builder
	b.WriteString(lang.Pick("ガイドの該当箇所です:\n", "Here is what the guide says (quoted in its original language):\n"))
	for _, p := range ps {
		if len(used) == extractivePassages {
			break
		}
		if slices.ContainsFunc(used, func(u passage) bool { return u.Section == p.Section && u.Document == p.Document }) {
			continue
		}
		quote := bestSentences(p.Text, q, quoteRunes)
		if quote == "" {
			continue
		}
		used = append(used, p)
		fmt.Fprintf(&b, "\n> %s [%d]\n%s\n", strings.ReplaceAll(quote, "\n", "\n> "), len(used), sectionLine(lang, p))
	}
	if len(used) == 0 {
		return "", nil
	}
	return strings.TrimRight(b.String(), "\n"), used
}

func sectionLine(lang bot.Lang, p passage) string {
	if p.Document != "" && !strings.HasPrefix(p.Document, "backend_developer_guide") {
		return lang.Pick(fmt.Sprintf("（%s / %s より）", p.Section, p.Document), fmt.Sprintf("(from %s, %s)", p.Section, p.Document))
	}
	return lang.Pick(fmt.Sprintf("（%s より）", p.Section), fmt.Sprintf("(from %s)", p.Section))
}

// bestSentences picks the sentences of text that share most terms with the
// question, up to maxRunes, and returns them in text order.
func bestSentences(text string, q map[string]struct{}, maxRunes int) string {
	sents := sentences(text)
	if len(sents) == 0 {
		return ""
	}
	type scored struct {
		i     int
		score float64
	}
	ranked := make([]scored, len(sents))
	for i, s := range sents {
		// A slight preference for earlier sentences: they usually define.
		ranked[i] = scored{i, overlap(q, terms(s)) - float64(i)*0.01}
	}
	slices.SortStableFunc(ranked, func(a, b scored) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	var pick []int
	n := 0
	for _, r := range ranked {
		l := utf8.RuneCountInString(sents[r.i])
		// Past the best sentence, only related ones, unless nothing
		// relates (an English question): then the passage's opening.
		if len(pick) > 0 && (n+l > maxRunes || r.score <= 0 && ranked[0].score > 0) {
			continue
		}
		pick = append(pick, r.i)
		n += l
		if n >= maxRunes {
			break
		}
	}
	slices.Sort(pick)
	parts := make([]string, len(pick))
	for i, k := range pick {
		parts[i] = sents[k]
	}
	return bot.Truncate(strings.Join(parts, joiner(parts)), maxRunes)
}

// joiner glues Japanese sentences directly and English ones with a space.
func joiner(parts []string) string {
	for _, p := range parts {
		if strings.HasSuffix(p, "。") || strings.HasSuffix(p, "！") || strings.HasSuffix(p, "？") {
			return ""
		}
	}
	return " "
}

// sentences splits text at Japanese sentence ends, newlines and ". ".
func sentences(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, strings.TrimLeft(s, "-*•・ "))
		}
		cur.Reset()
	}
	runes := []rune(text)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if r == '\n' {
			flush()
			continue
		}
		cur.WriteRune(r)
		switch {
		case r == '。' || r == '！' || r == '？':
			// Keep closing quotes with their sentence: 「…。」
			for i+1 < len(runes) && strings.ContainsRune("」』）)】", runes[i+1]) {
				i++
				cur.WriteRune(runes[i])
			}
			flush()
		case (r == '.' || r == '!' || r == '?') && (i+1 == len(runes) || runes[i+1] == ' '):
			flush()
		}
	}
	flush()
	return mergeLeadIns(out)
}

// mergeLeadIns joins fragments that cannot stand alone ("質問例:", "1.",
// "[学習項目]") to the sentence after them.
func mergeLeadIns(sents []string) []string {
	var out []string
	carry := ""
	for _, s := range sents {
		s = carry + s
		carry = ""
		end := strings.TrimRight(s, "」』）)】")
		short := utf8.RuneCountInString(s) < 12 && !strings.HasSuffix(end, "。") && !strings.HasSuffix(end, "！") && !strings.HasSuffix(end, "？")
		if short || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "：") {
			carry = s + " "
			continue
		}
		out = append(out, s)
	}
	if c := strings.TrimSpace(carry); c != "" {
		out = append(out, c)
	}
	return out
}
