package answer

import (
	"cmp"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// Every abbreviation the guide spells out is answered with its expansion,
// in both languages.
func TestGuideAbbreviationsAreSpelledOut(t *testing.T) {
	docs, f := testkit.GuideFacts(t)
	x := NewFacts(f, docs)
	got := map[string]string{}
	for _, a := range x.acronyms[content.LangEN] {
		got[a.short] = a.long
	}
	for short, long := range map[string]string{"CRUD": "Create, Read, Update, Delete", "REST": "Representational State Transfer",
		"SRE": "Site Reliability Engineer", "IaC": "Infrastructure as Code", "MVC": "Model-View-Controller", "LAMP": "Linux, Apache, MySQL, PHP",
		"CI/CD": "continuous integration/continuous delivery"} {
		if got[short] != long {
			t.Errorf("the guide spells out %s as %q; read %q", short, long, got[short])
		}
	}
	for _, not := range []string{"Cloud", "Swagger", "Skills", "js"} {
		if _, ok := got[not]; ok {
			t.Errorf("%q read as an abbreviation", not)
		}
	}
	// A Japanese question gets the Japanese edition's expansion where it
	// has one ("CI/CD: 継続的インテグレーション/…"), else the English one.
	gotJA := map[string]string{}
	for _, a := range x.acronyms[content.LangJA] {
		gotJA[a.short] = a.long
	}
	if gotJA["CI/CD"] != "継続的インテグレーション/継続的デリバリー" {
		t.Errorf("the Japanese edition names CI/CD 継続的インテグレーション/継続的デリバリー; read %q", gotJA["CI/CD"])
	}
	a := guideAnswerer(t, nil)
	for short, long := range got {
		longJA := cmp.Or(gotJA[short], long)
		for q, want := range map[string]string{short + "って何の略？": longJA, "what does " + short + " stand for?": long} {
			reply, _, err := ask(t, a, bot.Question{Text: q, Asker: "U1"})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(reply.Text, want) {
				t.Errorf("%s: answer lacks %q:\n%s", q, want, reply.Text)
			}
		}
	}
}

// The abbreviation asked about is the one next to the words of asking.
func TestAcronymForTakesTheNearest(t *testing.T) {
	docs, err := content.LoadGuide()
	if err != nil {
		t.Fatal(err)
	}
	f, err := content.FactsFrom(docs)
	if err != nil {
		t.Fatal(err)
	}
	x := NewFacts(f, docs)
	for q, want := range map[string]string{
		"what does sre stand for at aws?": "SRE",
		"dryって何の略？apiを設計するときに大事？":         "DRY",
		"what is the full form of crud":   "CRUD",
	} {
		if a, ok := x.acronymFor(q, content.LangEN); !ok || a.short != want {
			t.Errorf("acronymFor(%q) = %q, %v; want %s", q, a.short, ok, want)
		}
	}
}
