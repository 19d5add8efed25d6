package testkit

import (
	"testing"

	"github.com/backend-tip/backend-tip/content"
)

// Guide loads the embedded guide, failing tb when it cannot.
func Guide(tb testing.TB) []content.Document {
	tb.Helper()
	docs, err := content.LoadGuide()
	if err != nil {
		tb.Fatalf("load the guide: %v", err)
	}
	return docs
}

// Bank loads the embedded quiz bank, failing tb when it cannot.
func Bank(tb testing.TB) []content.QuizQuestion {
	tb.Helper()
	qs, err := content.LoadQuizBank(content.QuizFS(), content.BankFile)
	if err != nil {
		tb.Fatalf("load the quiz bank: %v", err)
	}
	return qs
}

// GuideFacts loads the embedded guide and the structured facts drawn from
// it, failing tb when either cannot be had.
func GuideFacts(tb testing.TB) ([]content.Document, content.Facts) {
	tb.Helper()
	docs := Guide(tb)
	facts, err := content.FactsFrom(docs)
	if err != nil {
		tb.Fatalf("facts of the guide: %v", err)
	}
	return docs, facts
}

// SectionIn is the heading of the section titled title (a heading path of
// either edition of the guide) in the edition of lang ("ja" or "en"): what
// a reply in that language names. It fails tb when there is none.
func SectionIn(tb testing.TB, title, lang string) string {
	tb.Helper()
	docs := Guide(tb)
	for _, d := range docs {
		sec, ok := d.SectionByTitle(title)
		if !ok {
			continue
		}
		if twin, ok := content.Edition(docs, d.Slug, lang); ok {
			if tsec, ok := twin.SectionByAnchor(sec.Anchor); ok {
				return tsec.Title
			}
		}
	}
	tb.Fatalf("section %q has no %s edition in the guide", title, lang)
	return ""
}
