package bot

import "github.com/backend-tip/backend-tip/internal/script"

// DetectLang says whether text is Japanese or English: any kana or enough
// han characters make it Japanese, anything else is answered in English.
func DetectLang(text string) Lang {
	c := script.Count(text)
	if c.Kana > 0 || c.Han*4 >= c.Latin && c.Han > 0 {
		return Japanese
	}
	return English
}

// Pick returns ja or en for the language.
func (l Lang) Pick(ja, en string) string {
	if l == English {
		return en
	}
	return ja
}
