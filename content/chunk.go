package content

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxChunkRunes is the body size a chunk aims to stay under; longer
// paragraphs are split at sentence ends (。, newline).
const MaxChunkRunes = 600

var (
	quoteRe  = regexp.MustCompile(`^\s*>\s?`)
	bulletRe = regexp.MustCompile(`^(\s*)([-*+]|\d+[.)])\s+`)
)

// chunkSections cuts every section body into retrieval chunks.
func chunkSections(source, lang string, sections []Section) []Chunk {
	var chunks []Chunk
	seen := map[string]int{}
	for _, s := range sections {
		for block, pieces := range chunkBlocks(s.Body) {
			for _, text := range pieces {
				id := chunkID(source, s.Title, text)
				if n := seen[id]; n > 0 { // the same text twice in one section
					seen[id]++
					id = chunkID(source, s.Title, text+"\x00"+strings.Repeat("+", n))
				} else {
					seen[id] = 1
				}
				chunks = append(chunks, Chunk{
					ID: id, Source: source, Section: s.Title, Anchor: s.Anchor,
					Lang: lang, Block: block, Text: text, Order: len(chunks),
				})
			}
		}
	}
	return chunks
}

// chunkID is stable across restarts and changes only when the source,
// section or text changes, so embedding caches keyed by it stay valid.
func chunkID(source, section, text string) string {
	sum := sha256.Sum256([]byte(source + "\x00" + section + "\x00" + text))
	return hex.EncodeToString(sum[:12])
}

// ChunkText splits a markdown body into cleaned blocks: one paragraph, list
// or quote each (blank lines separate blocks), at most MaxChunkRunes runes,
// longer blocks split at sentence ends. Rules and empty blocks are dropped.
func ChunkText(body string) []string {
	var out []string
	for _, pieces := range chunkBlocks(body) {
		out = append(out, pieces...)
	}
	return out
}

// chunkBlocks is ChunkText grouped by block: one entry per non-empty block,
// holding the pieces it was split into.
func chunkBlocks(body string) [][]string {
	var out [][]string
	for _, block := range splitBlocks(body) {
		clean := cleanBlock(block)
		if clean == "" {
			continue
		}
		out = append(out, splitLong(clean, MaxChunkRunes))
	}
	return out
}

// splitBlocks separates at blank lines, keeping fenced code in one block.
func splitBlocks(body string) []string {
	var blocks []string
	var cur []string
	var fence fenceState
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range strings.Split(body, "\n") {
		if fence.step(l) {
			cur = append(cur, l)
			continue
		}
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return blocks
}

// cleanBlock removes markup but keeps the words and list structure readable:
// quote markers, emphasis and code ticks go, bullets become "- ", indentation
// becomes two spaces per level.
func cleanBlock(block string) string {
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if isFence(l) {
			continue
		}
		t := strings.TrimRight(l, " \t")
		for quoteRe.MatchString(t) {
			t = quoteRe.ReplaceAllString(t, "")
		}
		if isRule(strings.TrimSpace(t)) {
			continue
		}
		indent := ""
		if m := bulletRe.FindStringSubmatch(t); m != nil {
			depth := len(strings.ReplaceAll(m[1], "\t", "    ")) / 4
			indent = strings.Repeat("  ", depth)
			marker := m[2]
			if marker == "*" || marker == "+" {
				marker = "-"
			}
			t = indent + marker + " " + t[len(m[0]):]
		}
		t = indent + collapseSpaces(stripMarkup(t))
		if strings.TrimSpace(t) == "" {
			continue
		}
		lines = append(lines, strings.TrimRight(t, " "))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// splitLong packs the lines of s into pieces of at most max runes, so that
// a list item is never cut in half ("SRE: A role Google proposed." in one
// chunk and what an SRE does in the next); only a line longer than a piece
// is split, at sentence ends (。！？, or . ? ! before a space), and a single
// sentence longer still is cut at max runes. A piece that starts inside a
// nested list opens with its parent item's line when that is a short
// heading ("1. The specialist path"), so the items keep their context.
func splitLong(s string, max int) []string {
	if utf8.RuneCountInString(s) <= max {
		return []string{s}
	}
	var pieces []string
	var cur strings.Builder
	curN := 0
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" {
			pieces = append(pieces, t)
		}
		cur.Reset()
		curN = 0
	}
	add := func(t string, n int) {
		cur.WriteString(t)
		curN += n
	}
	var parents []string // parents[d]: the last line at indentation d
	for _, line := range strings.SplitAfter(s, "\n") {
		n := utf8.RuneCountInString(line)
		depth := indentDepth(line)
		if curN > 0 && curN+n > max {
			flush()
		}
		if curN == 0 && depth > 0 && depth <= len(parents) {
			if h := parents[depth-1]; isShortHead(h) && utf8.RuneCountInString(h)+n <= max {
				add(strings.TrimRight(h, "\n")+"\n", utf8.RuneCountInString(h))
			}
		}
		parents = append(parents[:min(depth, len(parents))], line)
		if n <= max {
			add(line, n)
			continue
		}
		for _, sent := range sentences(line) {
			m := utf8.RuneCountInString(sent)
			if curN+m > max {
				flush()
			}
			for m > max { // one sentence longer than a chunk: hard cut
				head, rest := cutRunes(sent, max)
				add(head, max)
				flush()
				sent, m = rest, m-max
			}
			add(sent, m)
		}
	}
	flush()
	return pieces
}

// indentDepth is a cleaned line's nesting level (two spaces per level).
func indentDepth(line string) int {
	return (len(line) - len(strings.TrimLeft(line, " "))) / 2
}

// isShortHead: a line that names a group of items rather than saying
// something ("1. The specialist path (Individual Contributor)").
func isShortHead(line string) bool {
	t := strings.TrimSpace(line)
	return t != "" && utf8.RuneCountInString(t) <= 80 && !strings.HasSuffix(t, "。") && !strings.HasSuffix(t, ".")
}

// sentences splits after 。！？ and newlines, and after an English . ? or !
// followed by a space, keeping the delimiters.
func sentences(s string) []string {
	var out []string
	start := 0
	prev := rune(0)
	for i, r := range s {
		end := -1
		switch {
		case r == '。' || r == '\n' || r == '！' || r == '？':
			end = i + utf8.RuneLen(r)
		case r == ' ' && (prev == '.' || prev == '?' || prev == '!'):
			end = i + 1
		}
		prev = r
		if end > start {
			out = append(out, s[start:end])
			start = end
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func cutRunes(s string, n int) (string, string) {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos], s[pos:]
		}
		i++
	}
	return s, ""
}
