package answer

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// unit is one quotable piece of a passage: a sentence, or a list item's
// description, with the heading line or item head it belongs under, so that
// a quote never loses the name it describes ("ラスマス・ラードフ" above
// "PHPの生みの親。").
type unit struct {
	text string
	// head is the list item head or lead-in the unit stands under ("" if
	// none); it is shown with the unit unless already shown.
	head string
	// dangling: the sentence opens with a pointer to what came before
	// ("これは…", "彼は…", "It …") and cannot stand alone.
	dangling bool
	// prev is the index of the sentence before it in the same item (-1).
	prev int
	// outer is the head above an item that names itself ("プログラミング
	// 言語" above "Go: …"): what the item is one of, for matching only.
	outer string
	// parent is the index of the first unit of the list item it is nested
	// under ("例: 書評SNS…" under "ポートフォリオとなる個人プロジェクト開発"),
	// -1 when it is not nested.
	parent int
}

// itemMarker matches a list marker at the start of a line.
var itemMarker = regexp.MustCompile(`^\s*(?:[-*•・]|\d{1,2}[.)])\s+`)

// numberedItem matches a numbered list marker at the start of a line.
var numberedItem = regexp.MustCompile(`^\s*\d{1,2}[.)]\s+`)

// danglingStart matches sentence openings that point back at something
// said before them.
var danglingStart = regexp.MustCompile(`^(?:これ|それ|あれ|この|その|あの|こう|そう|ここ|そこ|彼ら|彼女|彼|しかし|また|さらに|特に|そこで|This |That |These |Those |It |Its |He |She |They |Their |His |Her |However|Also|But |And |So |Yet |Still |Then )|^.{0,20}\b(?:these|those|this|it|they)\b|^.{0,6}(?:これら|それら)`)

// maxHeadRunes: a line without a sentence end up to this long is a head
// (a name, a title with a colon), not content.
const maxHeadRunes = 70

// splitUnits cuts a passage into units in text order.
func splitUnits(text string) []unit {
	var out []unit
	head := ""
	lines := strings.Split(text, "\n")
	type open struct {
		indent, first int
		numbered      bool
	}
	var items []open // the enclosing list items, outermost first
	for li, raw := range lines {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		item := itemMarker.MatchString(raw)
		line = strings.TrimSpace(itemMarker.ReplaceAllString(line, ""))
		if line == "" {
			continue
		}
		if isHeadLine(line, item) || item && headsDescription(line, lines[li+1:]) {
			head = strings.TrimRight(line, ":：")
			if strings.HasPrefix(head, "[") || strings.HasPrefix(head, "［") {
				head = "" // "[学習項目]", "[What to learn]": a label, not a name
			}
			continue
		}
		parent := -1
		if item {
			indent := len(raw) - len(strings.TrimLeft(raw, " \t"))
			numbered := numberedItem.MatchString(raw)
			// A bullet right under a numbered item at the same depth
			// ("1. …" then "- 例: …") belongs to it, as a nested one does.
			for len(items) > 0 && items[len(items)-1].indent >= indent &&
				!(items[len(items)-1].indent == indent && items[len(items)-1].numbered && !numbered) {
				items = items[:len(items)-1]
			}
			if len(items) > 0 {
				parent = items[len(items)-1].first
			}
			if numbered || len(items) == 0 || items[len(items)-1].indent < indent {
				items = append(items, open{indent, len(out), numbered})
			}
		}
		sents := splitSentences(line)
		lineHead := head
		if item {
			if h, _, ok := inlineHead(line); ok {
				// The item names itself ("Go: Google開発。…"): its later
				// sentences stand under that name.
				lineHead = h
			}
		}
		first := len(out)
		for i, s := range sents {
			u := unit{text: s, head: lineHead, prev: -1, parent: parent, dangling: danglingStart.MatchString(s)}
			if i > 0 {
				u.prev = first + i - 1
			}
			if lineHead != head {
				u.outer = head // "プログラミング言語" over "Go: Google開発。"
			}
			if i == 0 && lineHead != head {
				u.head = "" // the sentence carries its own head
			}
			out = append(out, u)
		}
	}
	return out
}

// isHeadLine: a short line with no sentence end that is a list item or a
// lead-in ending in a colon ("質問例:", "ラスマス・ラードフ (Rasmus Lerdorf)").
func isHeadLine(line string, item bool) bool {
	if utf8.RuneCountInString(line) > maxHeadRunes || endsSentence(line) {
		return false
	}
	return item || strings.HasSuffix(line, ":") || strings.HasSuffix(line, "：") ||
		strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]")
}

// headsDescription: a longer list item without a sentence end, followed by
// a line that is not an item, is the title of the description under it
// ("The period of innovation (late 2000s–2010s): the age of MVC frameworks
// and APIs"), not an answer by itself.
func headsDescription(line string, rest []string) bool {
	if endsSentence(line) || utf8.RuneCountInString(line) > 2*maxHeadRunes {
		return false
	}
	for _, r := range rest {
		if strings.TrimSpace(r) != "" {
			return !itemMarker.MatchString(r)
		}
	}
	return false
}

// inlineHead splits "Go: Google開発。" into its head and the rest.
func inlineHead(line string) (head, rest string, ok bool) {
	i := strings.IndexAny(line, ":：")
	if i <= 0 {
		return "", "", false
	}
	head = strings.TrimSpace(line[:i])
	if utf8.RuneCountInString(head) > 40 || endsSentence(head) || strings.ContainsAny(head, "。「") {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(line[i:])
	return head, strings.TrimSpace(line[i+size:]), true
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "」』）)】\"' ")
	return strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") ||
		strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}

// splitSentences splits one line at sentence ends outside brackets, so a
// quoted interview question 「…何ですか？…してください。」 stays whole.
func splitSentences(line string) []string {
	var out []string
	var cur strings.Builder
	depth := 0
	runes := []rune(line)
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	inQuote := false // inside "…", which opens and closes with one mark
	for i, r := range runes {
		cur.WriteRune(r)
		switch {
		case r == '"':
			if inQuote {
				depth = max(0, depth-1)
			} else {
				depth++
			}
			inQuote = !inQuote
		case strings.ContainsRune("「『（(【[“", r):
			depth++
		case strings.ContainsRune("」』）)】]”", r):
			depth = max(0, depth-1)
		}
		if depth > 0 {
			continue
		}
		switch {
		case r == '。' || r == '！' || r == '？':
			flush()
		case (r == '.' || r == '!' || r == '?') && (i+1 == len(runes) || runes[i+1] == ' ') && !abbreviation(runes[:i]):
			flush()
		}
	}
	flush()
	return out
}

// abbreviation: "e.g." or a single capital ("D.") before the dot.
func abbreviation(before []rune) bool {
	s := string(before)
	return strings.HasSuffix(s, "e.g") || strings.HasSuffix(s, "i.e") || strings.HasSuffix(s, "vs") || strings.HasSuffix(s, "etc")
}

// quotable is how a unit is shown: with its head unless the head was
// shown already, cut to maxRunes at a clause boundary, brackets balanced.
func quotable(u unit, showHead bool, maxRunes int) string {
	text := u.text
	if showHead && u.head != "" && !strings.Contains(text, u.head) {
		text = u.head + ": " + text
	}
	return balance(clip(text, maxRunes))
}

// clip cuts text to about maxRunes at the last clause mark before it (for
// English, which needs about twice the characters, at a comma or a space).
func clip(text string, maxRunes int) string {
	runes := []rune(text)
	english := isEnglishText(text)
	if english {
		maxRunes = maxRunes * 9 / 5
	}
	if len(runes) <= maxRunes {
		return text
	}
	cut := maxRunes
	marks := "、，,;；"
	for pass := 0; pass < 2; pass++ {
		for i := maxRunes - 1; i > maxRunes/2; i-- {
			if strings.ContainsRune(marks, runes[i]) {
				cut = i
				pass = 2
				break
			}
		}
		if !english {
			break
		}
		marks = " "
	}
	return strings.TrimSpace(string(runes[:cut])) + "…"
}

// balance closes brackets left open by a cut and drops closers that have no
// opener, so a quote never shows 「… without its 」.
func balance(s string) string {
	pairs := map[rune]rune{'「': '」', '『': '』', '（': '）', '(': ')', '【': '】', '[': ']'}
	closers := map[rune]rune{}
	for o, c := range pairs {
		closers[c] = o
	}
	var stack []rune
	var b strings.Builder
	for _, r := range s {
		if c, ok := pairs[r]; ok {
			stack = append(stack, c)
		} else if _, ok := closers[r]; ok {
			if len(stack) == 0 || stack[len(stack)-1] != r {
				continue
			}
			stack = stack[:len(stack)-1]
		}
		b.WriteRune(r)
	}
	for i := len(stack) - 1; i >= 0; i-- {
		b.WriteRune(stack[i])
	}
	return b.String()
}
