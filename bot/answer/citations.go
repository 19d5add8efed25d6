package answer

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
)

// citation matches [1], [1, 2], [1][2] parts and their full-width forms.
var citation = regexp.MustCompile(`[\[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]`)

// spaceBeforePunct tidies the gap a removed citation leaves before 。 or .
var spaceBeforePunct = regexp.MustCompile(` +([。、．，.,!?！？)）])`)

// cite renumbers the citations in text by first appearance, so the sources
// list reads [1], [2], ... and holds only passages that were cited. Numbers
// that point at no passage are removed. It returns the new text and the
// cited passages in their new order.
func cite(text string, passages []passage) (string, []passage) {
	newNum := map[int]int{}
	var cited []passage
	out := citation.ReplaceAllStringFunc(text, func(m string) string {
		inner := citation.FindStringSubmatch(m)[1]
		var nums []string
		for _, f := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 || n > len(passages) {
				continue
			}
			if _, ok := newNum[n]; !ok {
				newNum[n] = len(cited) + 1
				cited = append(cited, passages[n-1])
			}
			nums = append(nums, strconv.Itoa(newNum[n]))
		}
		if len(nums) == 0 {
			return ""
		}
		return "[" + strings.Join(nums, "][") + "]"
	})
	out = spaceBeforePunct.ReplaceAllString(out, "$1")
	return strings.TrimSpace(out), cited
}

// holdBack cuts a trailing unfinished citation ("... [1") from a partial
// answer, so that what the user sees only ever grows.
func holdBack(partial string) string {
	i := strings.LastIndexAny(partial, "[［【")
	if i < 0 || strings.ContainsAny(partial[i:], "]］】") {
		return partial
	}
	if len(partial)-i > 24 { // not a citation, just a bracket
		return partial
	}
	return partial[:i]
}

// sources turns passages into the reply's sources.
func sources(ps []passage) []bot.Source {
	out := make([]bot.Source, 0, len(ps))
	for _, p := range ps {
		out = append(out, bot.Source{Section: p.Section, Anchor: p.Anchor, Document: p.Document, Excerpt: bot.Truncate(p.Text, 300)})
	}
	return out
}
