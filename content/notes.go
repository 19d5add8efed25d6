package content

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// ParseNote parses a team note (BACKEND_TIP_CONTENT_DIR) like Parse, but
// finds its headings with a CommonMark parser (goldmark): notes are written
// by many hands and editors, so setext headings ("Title" over "===" or
// "---"), ~~~ fences holding ``` lines, and headings indented by up to three
// spaces all count as CommonMark says, and a "# line" inside any code block
// never becomes a section.
func ParseNote(source string, data []byte) (Document, error) {
	return parse(source, data, noteSections)
}

// noteParser is goldmark's CommonMark block parser alone: headings and
// their positions are all that is needed, so neither the inline parsers nor
// the HTML renderer (and its entity tables) are linked in.
var noteParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// noteSections is parseSections with goldmark's headings. Only headings at
// the top level are sections; one inside a list or a quote is text.
func noteSections(body string) ([]Section, string) {
	src := []byte(body)
	lines := strings.Split(body, "\n")
	lineOf := func(offset int) int { return bytes.Count(src[:offset], []byte("\n")) }
	doc := noteParser.Parse(text.NewReader(src))
	var hs []heading
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Lines().Len() == 0 {
			continue // an empty "#" heading names nothing
		}
		first, last := h.Lines().At(0), h.Lines().At(h.Lines().Len()-1)
		var words []string
		for i := range h.Lines().Len() {
			seg := h.Lines().At(i)
			words = append(words, strings.TrimSpace(string(seg.Value(src))))
		}
		start, end := lineOf(first.Start), lineOf(last.Start)
		if !strings.HasPrefix(strings.TrimLeft(lines[start], " "), "#") && end+1 < len(lines) {
			end++ // a setext heading ends on its underline
		}
		text, id := splitHeadingID(strings.Join(words, " "))
		hs = append(hs, heading{line: start, end: end, level: h.Level, text: text, id: id})
	}
	return buildSections(lines, hs)
}
