package retrieval

import (
	"strings"
	"testing"
)

func TestSpellCorrectsGuideNames(t *testing.T) {
	ix := openGuide(t, t.TempDir())
	cases := []struct{ in, want string }{
		{"kubernets", "kubernetes"},            // a letter left out
		{"grapql って何", "graphql って何"},          // mixed script
		{"Pyhton or Node?", "python or Node?"}, // neighbours swapped
		{"dokcer compose", "docker compose"},   // swapped, next to a known word
		{"kuberentis", "kubernetes"},           // two edits in a long name
		{"postgrsql とは", "postgresql とは"},
		{"What is Kubernetes?", "What is Kubernetes?"},     // spelt right: untouched
		{"How do I learn Scala?", "How do I learn Scala?"}, // not a guide name: "scale" is no target
		{"How do I set up kafka?", "How do I set up kafka?"},
		{"What is terraform?", "What is terraform?"},
		{"Is rust fast?", "Is rust fast?"}, // too short to correct
		{"idempotent requests", "idempotent requests"},
		{"the guide compares the database role to what?", "the guide compares the database role to what?"}, // "compared" is known: not "companies"
		{"どっかーの生みの親だれ", "dockerの生みの親だれ"},                                                                   // a loanword in hiragana
		{"りーとこーどみたいなのって", "leetcodeみたいなのって"},                                                               // the particle after it stays
		{"ドッカーコンテナ", "dockerコンテナ"},                                                                         // katakana reading, then more katakana
		{"データベースの設計", "データベースの設計"},                                                                         // the guide writes it in katakana
		{"ぱいそんでWeb作るなら", "pythonでWeb作るなら"},                                                                 // hiragana without a long vowel
		{"初心者にはぱいそんがいい？", "初心者にはpythonがいい？"},                                                               // a particle before the name
		{"どうやってはじめればいいの", "どうやってはじめればいいの"},                                                                 // ordinary hiragana stays
		{"スワッガーってなに", "swaggerってなに"},                                                                       // a katakana name by its consonants
		{"ダイナモDBって", "dynamodbって"},                                                                         // with its latin tail
		{"デブオプスエンジニアになるには", "devopsエンジニアになるには"},                                                            // before a katakana word the guide uses
		{"データベースエンジニア", "データベースエンジニア"},                                                                     // katakana the guide uses stays
		{"ラストって難しい？", "ラストって難しい？"},                                                                         // rust or rest: no one name
		{"ソロモン・ハイクスって誰", "ソロモン・ハイクスって誰"},                                                                   // the guide writes the name in katakana itself
		{"ロイ・フィールディングって誰", "roy fieldingって誰"},                                                              // a full name, by its consonants
		{"スパークって何", "スパークって何"},                                                                             // "spec" is a lowercase word of the guide, no name
		{"ありがとー", "ありがとー"},                                                                                 // a long vowel in an ordinary word
		{"roadmpa step one length?", "roadmap step 1 length?"},                                             // a typo and a step in words
		{"Stage Two goals", "Stage 2 goals"},
		{"someone", "someone"},
		{"why did it matter", "why did it matter"}, // a base form of the guide's "matters": no typo
		{"", ""},
	}
	for _, c := range cases {
		if got := ix.Spell(c.in); got != c.want {
			t.Errorf("Spell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"docker", "docker", 2, 0},
		{"dokcer", "docker", 2, 1},
		{"kubernets", "kubernetes", 2, 1},
		{"postgress", "postgresql", 2, 2},
		{"scala", "scale", 1, 1},
		{"abcdef", "uvwxyz", 2, 3}, // capped at limit+1
		{"", "abc", 5, 3},
	}
	for _, c := range cases {
		if got := editDistance(c.a, c.b, c.limit); got != c.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
}

func BenchmarkSpell(b *testing.B) {
	ix := openGuide(b, b.TempDir())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Spell("how many kubernets pods and grapql servers should どっかーの人 use in step one?")
	}
}

// BenchmarkSpellLongHiragana: a question of the router's 2 000-rune limit
// in hiragana, where a reading may start anywhere (linear, not cubic).
func BenchmarkSpellLongHiragana(b *testing.B) {
	ix := openGuide(b, b.TempDir())
	q := strings.Repeat("あいうえおかきくけこ", 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Spell(q)
	}
}
