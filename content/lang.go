package content

import (
	"path"
	"strings"

	"github.com/backend-tip/backend-tip/internal/script"
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
	c := script.Count(text)
	if jp := c.Kana + c.Han; jp > 0 && jp*4 >= c.Latin {
		return LangJA
	}
	return LangEN
}
