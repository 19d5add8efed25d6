// Package script counts the writing systems in a text, which is what tells
// Japanese from English for the bot (a question's language) and for content
// (a document's language); each keeps its own rule over the counts.
package script

import "unicode"

// Counts are the letters of a text by script.
type Counts struct {
	Kana  int // hiragana and katakana
	Han   int // kanji
	Latin int // ASCII letters
}

// Count counts the kana, han and ASCII letters of text.
func Count(text string) Counts {
	var c Counts
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			c.Kana++
		case unicode.Is(unicode.Han, r):
			c.Han++
		case r < 0x80 && unicode.IsLetter(r):
			c.Latin++
		}
	}
	return c
}
