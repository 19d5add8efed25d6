package bot

import "unicode"

// DetectLang says whether text is Japanese or English: any kana or enough
// han characters make it Japanese, anything else is answered in English.
func DetectLang(text string) Lang {
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
	if kana > 0 || han*4 >= latin && han > 0 {
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
