package content

import (
	"path"
	"strings"
	"unicode"
)

// Languages of the guide's editions.
const (
	LangJA = "ja"
	LangEN = "en"
)

// documentLang decides a document's language: the front matter's "lang",
// else a language suffix in the file name ("guide.en.md"), else the script
// of its text, so a team's English notes are tagged English without markup.
func documentLang(meta, source, body string) string {
	if meta == LangJA || meta == LangEN {
		return meta
	}
	base := strings.TrimSuffix(path.Base(source), path.Ext(source))
	switch path.Ext(base) {
	case "." + LangEN:
		return LangEN
	case "." + LangJA:
		return LangJA
	}
	return TextLang(body)
}

// TextLang says whether text is Japanese or English: kana and han at least
// a quarter as many as Latin letters make it Japanese, so an English note
// that quotes a Japanese word stays English.
func TextLang(text string) string {
	var kana, han, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		}
	}
	if jp := kana + han; jp > 0 && jp*4 >= latin {
		return LangJA
	}
	return LangEN
}
