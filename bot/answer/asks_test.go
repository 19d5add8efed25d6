package answer

import (
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

// A question asking for a kind of answer the guide's passages do not hold
// is refused however well its topic matched; one whose passages hold it is
// answered with it, and what decides is the question, not its asides.
func TestGuideAnswersWhatIsAsked(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q    string
		want string // "" for not covered
	}{
		// Who made it: only where a line names the thing and its maker.
		{"Who invented JavaScript?", ""},
		{"Linuxを作った人は？", ""},
		{"Who created Go?", "Google"},
		{"Goを作ったのは？", "Google"},
		{"Who launched AWS?", "Amazon"},
		{"RESTを提唱したのは誰？", "Roy Fielding"},
		{"GraphQLって作ったのどこの会社", "Facebook"},
		{"PHP作った人だれ", "ラスマス・ラードフ"},
		// Drawbacks: only where a sentence about the thing names one; the
		// guide praises microservices and warns about Rust's learning cost.
		{"マイクロサービスのデメリットは？", ""},
		{"What are the drawbacks of microservices?", ""},
		{"Rustのデメリットってある？", "学習コスト"},
		{"Are there any downsides to Rust?", "learning cost"},
		// "Which X first?" picks among X: the roadmap's start answers it
		// only for a language.
		{"Which database should I learn first?", "SQL basics"},
		{"Which framework should I learn first as a complete beginner?", "framework of the language you chose"},
		{"Which language should I learn first?", "Python or Node.js"},
		{"Which should I learn first?", "Python or Node.js"},
		{"Which is the first thing to learn?", "Python or Node.js"},
		// Comparisons: the guide cannot compare what it never mentions
		// (both names unknown, or one written as a name); a plain word
		// next to "or" may be half of a name it does use.
		{"is bun faster than deno for APIs", ""},
		{"Redis vs Memcached?", ""},
		{"Node.js vs Deno?", ""},
		{"tech lead or engineering manager?", "Engineering Manager"},
		{"authn vs authz?? i always mix them up", "authorization"},
		{"Is Go faster than Python?", "Python"},
		// A topic the guide files example interview questions under asks
		// for that example, not for the list of interview kinds.
		{"what kind of networking questions come up in backend interviews", "TCP and UDP"},
		{"面接でネットワークについてはどんな質問が出る？", "TCPとUDP"},
		{"What kinds of interview questions are there?", "System Design"},
		// A purpose is asked like a reason: the sentence with "ため" answers.
		{"PHPの目的は？", "アクセス履歴を管理するため"},
		// A how-to about words the guide never uses is not covered, even
		// with a known alias among them ("postgres" is PostgreSQL).
		{"how to rotate postgres passwords with aws secrets manager", ""},
		{"how do I learn k8s?", "Roadmap"},
		// Versions: the guide states none.
		{"PHPの最新バージョンっていくつ？", ""},
		{"What's the latest version of Python?", ""},
		// A release the passages never name.
		{"What's new in Go 1.23?", ""},
		// A fact held back for the passages is no answer when every word
		// of the question's topic is one the guide never uses.
		{"Unityでスマホゲーム作りたいんだけど何から始めればいい？", ""},
		// Words of time and English verb forms are not names of things a
		// how-to question would need explained.
		{"コードでインフラ組むやり方って最近の主流なの？", "IaC"},
		{"How can I make what I learned stick and get noticed in the community?", "community"},
		// A loanword the glossary ties to the guide's word (貢献).
		{"OSSにコントリビュートするのって意味ある？", "OSSへの貢献"},
		// A name in a parenthesised aside is context, not the topic.
		{"I've been a frontend dev for 3 years (mostly React). Which language does the guide suggest I start with for backend?", "Node.js"},
		// A core role named by its subject and the word role.
		{"what does the infrastructure role involve?", "Infrastructure as Code"},
		{"tell me about the database role", "Vault Keeper"},
		{"インフラ担当って何するの", "サーバー環境構築"},
		// Ways of asking for an interview type's example questions.
		{"What kind of system design questions are typical?", "URL shortening"},
		{"what would an interviewer ask about algorithms?", "hash table"},
		// Which step teaches a thing comes before where a beginner starts.
		{"Dockerはどの段階でやればいい？まず何から始めれば？", "Step 2"},
		// Other jobs to move into are the related-fields path.
		{"バックエンドの経験を活かして他の仕事に就くなら？", "プロダクトマネージャー"},
		{"Can I pivot to a different role later?", "Product Manager"},
		// The three steps are the roadmap.
		{"what are the 3 steps", "6–12 months"},
		{"3つのステップって何？", "6〜12ヶ月"},
		// Names written in katakana: by the guide's own katakana, or by
		// the consonants of its latin name; a maker's name and what he
		// made are one list item.
		{"ハイネマイヤーさんって何作った人？", "Ruby on Rails"},
		{"スワッガーってなにに使うやつ？", "Swagger"},
		{"デブオプスエンジニアって何を極めるの？", "CI/CD"},
		// A timeline is how long; where in the roadmap is which step.
		{"what's the timeline for step 2?", "6–12 months"},
		{"Redisのキャッシュってロードマップのどこでやる？", "Step 3"},
		// Prices: the guide states none.
		{"AWSの料金プランってどうなってる？", ""},
		{"write me a terraform module for a VPC", ""},
		// An abbreviation no passage holds is read as its glossary
		// concept's English forms.
		{"authn vs authz?? i always mix them up", "authentication"},
		{"k8s is for what?", "orchestration"},
		// Certifications: the guide names none.
		{"Is an AWS cert worth it?", ""},
		{"How do I pass the AWS Solutions Architect exam?", ""},
		{"AWSの資格ってどれから取るべき？", ""},
		// An interview exam is no certification.
		{"面接試験ではどんなことを聞かれる？", "技術質問"},
		// Two capitals are an abbreviation, not the name of a thing.
		{"what does the guide mean by business logic? my PM asked", "inventory management"},
		// Hyphenated names of interview types.
		{"What are examples of deep-dive questions?", "B-Tree"},
		// How the guide ends is its conclusion.
		{"How does the guide end?", "quiet giant"},
		// Practicing is preparing; a time limit is how long.
		{"Which sites should I use for practicing algorithm problems?", "LeetCode"},
		{"Is there a time limit for step 3?", "ongoing"},
		// Examples of something other than interview questions.
		{"What are examples of non-functional requirements in a system design interview?", "low latency"},
		// A heading without a key unit of its own (終わりに) is still a
		// topic.
		{"終わりにってどんなこと書いてある？", "喜び"},
		// "backend" is what the whole guide is about: it does not pick the
		// sentence.
		{"What is Go good at on the backend?", "Simple, fast"},
		// Ways to name a career path or a step.
		{"管理職のルートだとどういったポジションがある？", "エンジニアリングマネージャー"},
		{"I'd rather stay hands-on. Which titles fit me?", "Backend Architect"},
		{"how long is the second step?", "6–12 months"},
		// Not asking for a kind the passages lack: learning to write a
		// Dockerfile, who builds the logic, a price in the guide's list, a
		// protocol's version, coding exams.
		{"Should I learn to write a Dockerfile as a beginner?", "Dockerfile"},
		{"Who builds the business logic, backend or frontend engineers?", "Business logic"},
		{"料金計算のようなビジネスロジックはバックエンドの仕事？", "料金計算"},
		{"Is OAuth 2.0 something backend developers should learn?", "OAuth"},
		{"Are coding exams common in backend interviews?", "interview"},
		// An abbreviation no passage spells out.
		{"What is the full form of a PR?", ""},
		// Code: the guide teaches what to learn, it has no code to give.
		{"Write me a Python function to reverse a list", ""},
		{"PythonでFizzBuzzのコード書いて", ""},
		// History told in the past tense is not a request for code.
		{"CGIの時代はどんな言語でプログラム書いてたの", "Perl"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			reply, _, err := ask(t, a, bot.Question{Text: tt.q, Asker: "U1"})
			if err != nil {
				t.Fatal(err)
			}
			covered := reply.Answer != nil && reply.Answer.Covered
			switch {
			case tt.want == "" && covered:
				t.Errorf("answered a question the guide does not answer:\n%s", reply.Text)
			case tt.want != "" && (!covered || !strings.Contains(reply.Text, tt.want)):
				t.Errorf("answer lacks %q:\n%s", tt.want, reply.Text)
			}
		})
	}
}

func TestKindMissingNeedsTheNameAndTheMakerInOneSentence(t *testing.T) {
	hits := hitsOf("Node.js (JavaScript/TypeScript): the same language as the frontend.\nGo: Developed by Google.")
	if kind, ok := kindMissing("Who invented JavaScript?", hits); !ok || kind != "creator" {
		t.Errorf("JavaScript's maker in no sentence: kindMissing = %q, %v; want creator, true", kind, ok)
	}
	if _, ok := kindMissing("Who created Go?", hits); ok {
		t.Error("Go's maker is in its sentence, but the question was refused")
	}
	if _, ok := kindMissing("誰が作ったの？", hits); ok {
		t.Error("a question naming nothing was refused; its follow-up topic decides")
	}
}

// hitsOf is one retrieved passage holding text.
func hitsOf(text string) []retrieval.Hit {
	return []retrieval.Hit{{Chunk: content.Chunk{ID: "c1", Text: text}}}
}

func TestWithoutFiller(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"never mind, who is the best football player ever?", "who is the best football player ever?"},
		{"ok thanks! so what's REST?", "what's REST?"},
		{"ところで、Dockerって何？", "Dockerって何？"},
		{"solomon hykesって何した人", "solomon hykesって何した人"}, // "so" starts a word here
		{"ok thanks", "ok thanks"},                                 // nothing else: left as it is
		{"Well-architected systems?", "Well-architected systems?"}, // a word, not filler
	} {
		if got := withoutFiller(tt.in); got != tt.want {
			t.Errorf("withoutFiller(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The guide's subject word weighs less than a word as rare among the
// retrieved sentences that says what the question is about.
func TestLocalWeightsLowerTheGuidesSubject(t *testing.T) {
	units := []map[string]struct{}{terms("Go: strong at concurrency."), terms("This is the most central part of backend development."), terms("Python: rich libraries.")}
	w := localWeights(qterms{"backend": 1, "concurrency": 1}, units, units)
	if w["backend"] >= w["concurrency"] {
		t.Errorf("weights %v: backend, in one sentence of three, should weigh less than concurrency, in one too", w)
	}
}

func TestWrittenAsName(t *testing.T) {
	tests := []struct {
		question, name string
		want           bool
	}{
		{"Redis vs Memcached?", "memcached", true},
		{"Memcached or redis?", "memcached", false}, // only the question's opening capital
		{"is gRPC faster than REST", "grpc", true},
		{"Is Rust safer than C++?", "c++", true},
		{"tech lead or engineering manager?", "lead", false},
		{"is bun faster than deno", "deno", false},
		// A letter longer in bytes lower-cased than upper (Ⱥ, ⱥ) moves
		// no offset: only ASCII is folded.
		{"ȺȺȺȺȺȺ is redis faster than Memcachedzz", "memcachedzz", true},
	}
	for _, tc := range tests {
		if got := writtenAsName(tc.question, tc.name); got != tc.want {
			t.Errorf("writtenAsName(%q, %q) = %v, want %v", tc.question, tc.name, got, tc.want)
		}
	}
}

// The answer's first line is the sentence that answers: in "Is X A or
// B?", the compared item naming X (without such a name, the asker's
// order); for a question about tools, the sentence naming them.
func TestLeadSentence(t *testing.T) {
	a := guideAnswerer(t, nil)
	for _, tc := range []struct{ q, lead string }{
		{"is redis sql or nosql?", "NoSQL:"},
		{"is mongodb sql or nosql", "NoSQL:"},
		{"SQL or NoSQL?", "SQL (RDB):"},
		{"Go or Rust?", "Go:"},
		{"CI/CDやるならどのツール使えばいい？", "CI/CD: GitHub Actions"},
		{"which tools do I need for CI/CD?", "CI/CD: Knowing how to automate"},
	} {
		reply, _, err := ask(t, a, bot.Question{Text: tc.q, Asker: "U1"})
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(reply.Text, "\n"); !strings.HasPrefix(first, tc.lead) {
			t.Errorf("%q leads with %q, want %q first", tc.q, first, tc.lead)
		}
	}
}
