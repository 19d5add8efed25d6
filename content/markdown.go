package content

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

var (
	headingRe = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t#]*$`)
	keycapRe  = regexp.MustCompile("[0-9#*]\uFE0F?\u20E3")
	linkRe    = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	spacesRe  = regexp.MustCompile(`[ \t\x{00A0}\x{3000}]+`)
	// attrIDRe is an explicit heading anchor, "## Roles {#roles}" (the
	// attribute syntax of Pandoc, kramdown and goldmark). The guide's two
	// editions tie each section to its twin with the same id.
	attrIDRe = regexp.MustCompile(`[ \t]*\{#([A-Za-z0-9][A-Za-z0-9_-]*)\}[ \t]*$`)
)

// splitHeadingID separates an explicit "{#id}" from a heading's text.
func splitHeadingID(h string) (text, id string) {
	if m := attrIDRe.FindStringSubmatchIndex(h); m != nil {
		return h[:m[0]], h[m[2]:m[3]]
	}
	return h, ""
}

// CleanHeading turns a markdown heading into display text: keycap numbers
// ("1️⃣"), emoji, variation selectors and emphasis/code markup are removed and
// spaces collapsed, so "## 1️⃣ 導入: **静か** 🏗️" becomes "導入: 静か".
func CleanHeading(h string) string {
	h = keycapRe.ReplaceAllString(h, "")
	h = stripMarkup(h)
	h = strings.Map(func(r rune) rune {
		if isEmojiLike(r) {
			return -1
		}
		return r
	}, h)
	return collapseSpaces(h)
}

// isEmojiLike reports runes that decorate headings but carry no words:
// pictographs, their selectors, joiners and skin-tone modifiers.
func isEmojiLike(r rune) bool {
	switch {
	case r == '\u200D', r == '\u20E3', r >= '\uFE00' && r <= '\uFE0F':
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF, r >= 0xE0020 && r <= 0xE007F:
		return true
	case unicode.Is(unicode.So, r):
		return true
	}
	return false
}

// stripMarkup removes inline markdown: emphasis markers, code ticks, and
// links (keeping their text).
func stripMarkup(s string) string {
	s = linkRe.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	return s
}

func collapseSpaces(s string) string {
	return strings.TrimSpace(spacesRe.ReplaceAllString(s, " "))
}

// heading is one heading of a body: its first line, the line it ends on
// (a setext heading's underline), its level, its text and its explicit
// {#id}, if any.
type heading struct {
	line, end, level int
	text, id         string
}

// parseSections splits a markdown body at its ATX headings ("## Title").
// Headings inside fenced code are text.
func parseSections(body string) ([]Section, string) {
	lines := strings.Split(body, "\n")
	var hs []heading
	var fence fenceState
	for i, l := range lines {
		if fence.step(l) {
			continue
		}
		if m := headingRe.FindStringSubmatch(l); m != nil {
			text, id := splitHeadingID(m[2])
			hs = append(hs, heading{line: i, end: i, level: len(m[1]), text: text, id: id})
		}
	}
	return buildSections(lines, hs)
}

// buildSections cuts lines into sections at the headings hs. The first
// heading, if it is the only H1, is the document title: it is returned and
// left out of every path.
func buildSections(lines []string, hs []heading) ([]Section, string) {
	title := ""
	h1s := 0
	for _, h := range hs {
		if h.level == 1 {
			h1s++
		}
	}
	if len(hs) > 0 && hs[0].level == 1 && h1s == 1 {
		title = CleanHeading(hs[0].text)
	}

	var sections []Section
	anchors := map[string]int{}
	// Text before the first kept heading belongs to the document itself.
	start := 0
	var stack []heading
	emit := func(path []string, id string, level int, from, to int) {
		bodyText := strings.TrimSpace(strings.Join(lines[from:to], "\n"))
		if len(path) == 0 && isBlank(bodyText) {
			return
		}
		s := Section{Path: append([]string(nil), path...), Title: strings.Join(path, " > "), Level: level, Body: bodyText}
		s.Anchor = uniqueAnchor(anchors, path, id)
		sections = append(sections, s)
	}
	curPath := []string(nil)
	curLevel, curID := 0, ""
	for _, h := range hs {
		emit(curPath, curID, curLevel, start, h.line)
		start = h.end + 1
		if title != "" && h.line == hs[0].line {
			curPath, curLevel, curID = nil, 0, ""
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1].level >= h.level {
			stack = stack[:len(stack)-1]
		}
		clean := CleanHeading(h.text)
		if clean == "" {
			clean = fmt.Sprintf("section %d", len(sections)+1)
		}
		stack = append(stack, heading{level: h.level, text: clean})
		curPath = curPath[:0:0]
		for _, s := range stack {
			curPath = append(curPath, s.text)
		}
		curLevel, curID = h.level, h.id
	}
	emit(curPath, curID, curLevel, start, len(lines))
	return sections, title
}

func isFence(l string) bool {
	t := strings.TrimSpace(l)
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// fenceState follows fenced code blocks line by line the CommonMark way: a
// fence closes only with the same character, at least as long, and nothing
// after it, so a ~~~ block may contain ``` lines.
type fenceState struct {
	char byte // '`' or '~' while inside a fence
	n    int
}

// step reports whether l is a fence line or inside a fenced block.
func (f *fenceState) step(l string) bool {
	t := strings.TrimSpace(l)
	if f.char != 0 {
		if run := leadingRun(t); run >= f.n && t[0] == f.char && strings.TrimLeft(t, string(f.char)) == "" {
			f.char, f.n = 0, 0
		}
		return true
	}
	if run := leadingRun(t); run >= 3 && (t[0] == '`' || t[0] == '~') {
		if t[0] == '`' && strings.Contains(t[run:], "`") {
			return false // inline code such as ```a``` is not a fence
		}
		f.char, f.n = t[0], run
		return true
	}
	return false
}

// leadingRun counts how often t's first byte repeats at its start.
func leadingRun(t string) int {
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	return n
}

// isBlank reports a body with nothing but rules and whitespace.
func isBlank(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !isRule(t) {
			return false
		}
	}
	return true
}

func isRule(t string) bool {
	if len(t) < 3 {
		return false
	}
	for _, c := range []string{"-", "*", "_"} {
		if strings.Trim(strings.ReplaceAll(t, " ", ""), c) == "" {
			return true
		}
	}
	return false
}

// uniqueAnchor is the heading's explicit id if it has one, else a slug of
// the last heading (GitHub style: lower case, letters and digits of any
// script, dashes); repeats are numbered so each is unique.
func uniqueAnchor(seen map[string]int, path []string, id string) string {
	base := "top"
	switch {
	case id != "":
		base = id
	case len(path) > 0:
		base = slugify(path[len(path)-1])
	}
	n := seen[base]
	seen[base] = n + 1
	if n == 0 {
		return base
	}
	return fmt.Sprintf("%s-%d", base, n)
}

func slugify(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '_':
			b.WriteRune(r)
		case r == ' ', r == '-':
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "section"
	}
	return out
}
