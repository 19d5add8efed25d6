package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// maxLongestShare bounds how often the correct choice may be the single
// longest one: above it a test-taker can game the quiz by picking the
// longest option (with four choices chance is 25%).
const maxLongestShare = 0.30

// longestShare is the share of multiple-choice items whose correct choice
// is strictly longer (in characters) than every other choice, in lang.
func longestShare(qs []QuizQuestion, lang string) (share float64, ids []string) {
	n := 0
	for _, q := range qs {
		if !q.MultipleChoice() {
			continue
		}
		n++
		length := func(t Text) int {
			if lang == "en" {
				return utf8.RuneCountInString(strings.TrimSpace(t.EN))
			}
			return utf8.RuneCountInString(strings.TrimSpace(t.JA))
		}
		correct := length(q.Choices[q.Correct()])
		single := true
		for i, c := range q.Choices {
			if i != q.Correct() && length(c) >= correct {
				single = false
			}
		}
		if single {
			ids = append(ids, q.ID)
		}
	}
	if n == 0 {
		return 0, nil
	}
	return float64(len(ids)) / float64(n), ids
}

func TestBankLongestChoiceShare(t *testing.T) {
	qs, err := LoadQuizBank(QuizFS(), BankFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"ja", "en"} {
		share, ids := longestShare(qs, lang)
		t.Logf("%s: correct choice is the single longest in %d items, share %.2f", lang, len(ids), share)
		if share > maxLongestShare {
			t.Errorf("%s: share %.2f > %.2f; items: %s", lang, share, maxLongestShare, strings.Join(ids, " "))
		}
	}
}

func TestLongestShareCounts(t *testing.T) {
	one := 1
	mk := func(id string, choices ...string) QuizQuestion {
		q := QuizQuestion{ID: id, Answer: &one}
		for _, c := range choices {
			q.Choices = append(q.Choices, Text{JA: c, EN: c + c})
		}
		return q
	}
	qs := []QuizQuestion{
		mk("a", "x", "longest", "yy", "z"),      // correct is the single longest
		mk("b", "xxxxxxx", "longest", "y", "z"), // tie: not single
		mk("c", "xxxxxxxxx", "short", "y", "z"),
		{ID: "open"},
	}
	for _, lang := range []string{"ja", "en"} {
		share, ids := longestShare(qs, lang)
		if len(ids) != 1 || ids[0] != "a" || share < 0.33 || share > 0.34 {
			t.Errorf("%s: share %.2f ids %v, want a only of 3", lang, share, ids)
		}
	}
}
