package answer

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/retrieval"
)

// A question quoting one of the guide's images and asking what it stands
// for ("「満員の観客を魅了する壮大な劇場の舞台裏」って何のたとえ？") is not
// answered by the sentence it quotes: the guide resolves its image in the
// next paragraph ("バックエンドデベロッパーは、まさにこの「舞台裏のプロ
// フェッショナル」"). That paragraph's first sentence leads; the quoted
// sentence follows as the quote.

// asksWhatFor asks what a quoted image stands for.
var asksWhatFor = regexp.MustCompile(`(?i)何の(?:たとえ|例え|喩え|比喩)|何を(?:たとえ|例え|喩え)|\bmetaphor for\b|\brefers? to\b|\bstands? for\b|\ban image of\b`)

// quotedSpan is a span the asker quotes.
var quotedSpan = regexp.MustCompile(`「([^」]+)」|"([^"]+)"|“([^”]+)”`)

// minQuotedRunes: shorter quotes ("API") are names, not images.
const minQuotedRunes = 8

// imageReply answers a question asking what a quoted image stands for, from
// the paragraph after the hit that holds the quote.
func (a *Answerer) imageReply(question string, rel []retrieval.Hit) (string, passage, bool) {
	if a.opts.Sections == nil || !asksWhatFor.MatchString(question) {
		return "", passage{}, false
	}
	m := quotedSpan.FindStringSubmatch(question)
	if m == nil {
		return "", passage{}, false // "what does CGI stand for": no image quoted
	}
	quote := strings.Join(m[1:], "")
	if utf8.RuneCountInString(quote) < minQuotedRunes {
		return "", passage{}, false
	}
	want := retrieval.Normalize(quote)
	for _, h := range rel[:min(3, len(rel))] {
		if !strings.Contains(retrieval.Normalize(h.Chunk.Text), want) {
			continue
		}
		chunks := a.opts.Sections(h.Chunk.Source, h.Chunk.Anchor)
		for i, c := range chunks {
			if c.ID != h.Chunk.ID || i+1 >= len(chunks) || chunks[i+1].Block == c.Block {
				continue
			}
			next := splitSentences(strings.TrimSpace(strings.SplitN(chunks[i+1].Text, "\n", 2)[0]))
			if len(next) == 0 {
				continue
			}
			var lead string
			for _, s := range splitSentences(strings.ReplaceAll(h.Chunk.Text, "\n", " ")) {
				if strings.Contains(retrieval.Normalize(s), want) {
					lead = s
					break
				}
			}
			text := next[0] + " [1]"
			if lead != "" {
				text += "\n> " + lead + " [1]"
			}
			body := h.Chunk.Text + "\n" + chunks[i+1].Text
			return text, passage{N: 1, Section: h.Chunk.Section, Document: h.Chunk.Source, Anchor: h.Chunk.Anchor, Text: body}, true
		}
	}
	return "", passage{}, false
}
