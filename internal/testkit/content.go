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
