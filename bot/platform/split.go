package platform

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Measure is how a platform counts one character against its limits.
type Measure func(r rune) int

// Runes counts every character as one (Slack).
func Runes(rune) int { return 1 }

// UTF16 counts UTF-16 code units (Discord): two for characters outside
// the BMP, one for an invalid byte (sent as a replacement character).
func UTF16(r rune) int {
	if w := utf16.RuneLen(r); w > 0 {
		return w
	}
	return 1
}

// Len is the length of s under m.
func Len(s string, m Measure) int {
	n := 0
	for _, r := range s {
		n += m(r)
	}
	return n
}

// cut returns the byte index where s reaches limit under m, reading at
// most up to that point (so its cost is bounded by limit, not len(s)), and
// whether all of s fits.
func cut(s string, limit int, m Measure) (int, bool) {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		w := m(r)
		if n+w > limit {
			return i, false
		}
		n += w
		i += size
	}
	return len(s), true
}

// Fit returns s when it fits in limit, else its longest head that fits with
// room for an ellipsis, plus the ellipsis. Its cost is bounded by limit.
func Fit(s string, limit int, m Measure) string {
	if _, ok := cut(s, limit, m); ok {
		return s
	}
	if limit <= 1 {
		return "…"
	}
	i, _ := cut(s, limit-1, m)
	return s[:i] + "…"
}

// separators are where a long text is best cut, best first.
var separators = []string{"\n\n", "\n", "。", ". ", " ", "、"}

const fence = "```"

// Split cuts text into at most maxParts pieces of at most limit each under
// m, preferring paragraph breaks, then line breaks, then sentence ends and
// spaces. A code block cut in two is closed and reopened so each piece
// renders on its own. When the text needs more than maxParts pieces the
// last one ends with note (the rest is dropped) and truncated is true.
// Each piece is read once, so the cost is linear in the text that is kept.
func Split(text string, limit, maxParts int, m Measure, note string) (parts []string, truncated bool) {
	rest := strings.TrimSpace(text)
	reserve := len(fence+"\n") + len("\n"+fence) // room to reopen and close a fence
	budget := max(limit-reserve, 1)
	open := false
	for rest != "" {
		prefix := ""
		if open {
			prefix = fence + "\n"
		}
		last := maxParts > 0 && len(parts) == maxParts-1
		b := budget
		if last {
			b = max(budget-Len(note, m)-1, 1)
		}
		head, tail := cutText(rest, b, m)
		if strings.Count(head, fence)%2 == 1 {
			open = !open
		}
		piece := prefix + head
		tail = strings.TrimLeft(tail, "\n ")
		if last && tail != "" {
			if open {
				piece += "\n" + fence
			}
			parts = append(parts, piece+"\n"+note)
			return parts, true
		}
		if open && tail != "" {
			piece += "\n" + fence
		}
		if strings.TrimSpace(piece) != "" {
			parts = append(parts, piece)
		}
		rest = tail
	}
	return parts, false
}

// cutText returns the best head of s within limit under m, and the rest.
func cutText(s string, limit int, m Measure) (head, tail string) {
	end, ok := cut(s, limit, m)
	if ok {
		return s, ""
	}
	window := s[:end]
	for _, sep := range separators {
		if i := strings.LastIndex(window, sep); i > end/2 {
			c := i + len(sep)
			return strings.TrimRight(s[:c], "\n "), s[c:]
		}
	}
	if end == 0 { // a single character wider than the limit
		_, size := utf8.DecodeRuneInString(s)
		end = size
	}
	return window, s[end:]
}
