package quiz

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/keypoints"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// maxButtonLabel keeps labels inside Slack's 75 and Discord's 80 characters.
const maxButtonLabel = 70

// letters name the options; questions have exactly four.
var letters = []string{"A", "B", "C", "D", "E", "F"}

func letter(n int) string {
	if n >= 0 && n < len(letters) {
		return letters[n]
	}
	return fmt.Sprint(n + 1)
}

func pick(lang bot.Lang, t content.Text) string { return lang.Pick(t.JA, t.EN) }

func pickList(lang bot.Lang, t content.Texts) []string {
	if lang == bot.English {
		return t.EN
	}
	return t.JA
}

var categoryNames = map[string][2]string{
	"algorithms":     {"アルゴリズムとデータ構造", "algorithms & data structures"},
	"system-design":  {"システム設計", "system design"},
	"databases":      {"データベース", "databases"},
	"networking":     {"ネットワーク", "networking"},
	"api-design":     {"API設計", "API design"},
	"security":       {"セキュリティ", "security"},
	"infrastructure": {"インフラとクラウド", "infrastructure & cloud"},
	"behavioral":     {"行動質問", "behavioural"},
	"history":        {"歴史と先駆者", "history & pioneers"},
	"career":         {"ロードマップとキャリア", "roadmap & career"},
}

func categoryName(lang bot.Lang, c string) string {
	n, ok := categoryNames[c]
	if !ok {
		return c
	}
	return lang.Pick(n[0], n[1])
}

// actionID is the button id of option n of a post: "quiz:<post>:<n>",
// far below Discord's 100-byte custom_id limit.
func actionID(postID string, n int) string { return fmt.Sprintf("%s%s:%d", ClickPrefix, postID, n) }

// questionReply renders a post: options as buttons for multiple choice, a
// thread invitation for open questions when thread says the post can get
// one (not inside a Discord thread).
func questionReply(q content.QuizQuestion, p store.Post, lang bot.Lang, thread bool) bot.Reply {
	var b strings.Builder
	title := lang.Pick("**今日のクイズ**", "**Quiz of the day**")
	if !p.Scheduled() {
		title = lang.Pick("**クイズ**", "**Quiz**")
	}
	fmt.Fprintf(&b, "%s (%s · %s)\n%s\n", title, categoryName(lang, q.Category), strings.Repeat("★", q.Difficulty)+strings.Repeat("☆", 3-q.Difficulty), pick(lang, q.Question))
	r := bot.Reply{Lang: lang}
	if q.MultipleChoice() {
		for n, c := range q.Choices {
			fmt.Fprintf(&b, "%s) %s\n", letter(n), pick(lang, c))
			r.Buttons = append(r.Buttons, bot.Button{
				ActionID: actionID(p.ID, n),
				Label:    bot.Truncate(letter(n)+") "+pick(lang, c), maxButtonLabel),
			})
		}
		b.WriteString(lang.Pick("ボタンで回答してください（答え合わせまで変更できます）。答え合わせ: `/backend-tip quiz answer`",
			"Answer with a button (you can change it until the reveal). Reveal: `/backend-tip quiz answer`"))
	} else {
		if thread {
			b.WriteString(lang.Pick("面接のつもりで「回答する」から答えてください（答え合わせまで非公開、採点されます）。議論はスレッドでどうぞ。答え合わせ: `/backend-tip quiz answer`",
				"Press Answer and reply as you would in an interview (private and scored at the reveal); discuss in the thread. Reveal: `/backend-tip quiz answer`"))
			r.ThreadName = bot.Truncate(pick(lang, q.Question), 100)
		} else {
			b.WriteString(lang.Pick("面接のつもりで「回答する」から答えてください（答え合わせまで非公開、採点されます）。答え合わせ: `/backend-tip quiz answer`",
				"Press Answer and reply as you would in an interview (private and scored at the reveal). Reveal: `/backend-tip quiz answer`"))
		}
		r.Buttons = append(r.Buttons, bot.Button{ActionID: writeActionID(p.ID), Label: lang.Pick("✍️ 回答する", "✍️ Answer")})
	}
	r.Text = b.String()
	return r
}

// revealInput is what a reveal message is made of.
type revealInput struct {
	q        content.QuizQuestion
	known    bool // the question is still in the bank
	rev      store.Reveal
	replies  int    // open questions: thread answers read
	written  int    // open questions: answers sent with the Answer button
	feedback string // open questions: LLM feedback, if any
}

// revealReply renders the answer: the correct option and explanation or the
// key points, the guide passage with its section (quoted from the edition
// in the reveal's language), and how many got it right.
func (s *Service) revealReply(in revealInput, lang bot.Lang) bot.Reply {
	var b strings.Builder
	r := bot.Reply{Lang: lang}
	if !in.known {
		b.WriteString(lang.Pick("**答え合わせ**: この問題はもう問題集にありません。", "**Reveal**: this question is no longer in the bank."))
		r.Text = b.String()
		return r
	}
	q := in.q
	fmt.Fprintf(&b, "%s\n%s\n", lang.Pick("**答え合わせ**", "**Answer**"), pick(lang, q.Question))
	if q.MultipleChoice() {
		c := q.Correct()
		fmt.Fprintf(&b, "%s %s) %s\n", lang.Pick("正解:", "Correct:"), letter(c), pick(lang, q.Choices[c]))
		fmt.Fprintf(&b, "%s %s\n", lang.Pick("解説:", "Why:"), pick(lang, q.Explanation))
		fmt.Fprint(&b, lang.Pick(fmt.Sprintf("正解者: %d人 / 回答 %d人\n", in.rev.Correct, in.rev.Answered),
			fmt.Sprintf("Answered right: %d of %d\n", in.rev.Correct, in.rev.Answered)))
	} else {
		b.WriteString(lang.Pick("模範解答のポイント:\n", "Key points of a good answer:\n"))
		for _, p := range pickList(lang, q.KeyPoints) {
			fmt.Fprintf(&b, "• %s\n", p)
		}
		if in.written > 0 {
			fmt.Fprint(&b, lang.Pick(fmt.Sprintf("ポイントを押さえた回答: %d人 / 回答 %d人\n", in.rev.Correct, in.written),
				fmt.Sprintf("Answers covering the key points: %d of %d\n", in.rev.Correct, in.written)))
		}
		if in.replies > 0 || in.written == 0 {
			fmt.Fprint(&b, lang.Pick(fmt.Sprintf("スレッドの回答: %d件\n", in.replies), fmt.Sprintf("Answers in the thread: %d\n", in.replies)))
		}
		if in.feedback != "" {
			fmt.Fprintf(&b, "%s\n%s\n", lang.Pick("**フィードバック**", "**Feedback**"), bot.DefuseMentions(in.feedback))
		}
	}
	for _, title := range q.Sections {
		src, ok := s.passageIn(title, questionText(q), lang)
		if !ok {
			continue
		}
		r.Sources = append(r.Sources, src)
		fmt.Fprintf(&b, "%s「%s」\n> %s\n", lang.Pick("📖 ガイド", "📖 Guide"), src.Section, strings.ReplaceAll(src.Excerpt, "\n", "\n> "))
	}
	r.Text = strings.TrimRight(b.String(), "\n")
	return r
}

// maxPassageRunes bounds the quoted guide passage in a reveal.
const maxPassageRunes = 300

// passageIn finds a guide section by its heading path and returns it as a
// source in the reader's language: a section of the Japanese guide is quoted
// from its twin in the English edition (same anchor) for an English reader.
// The excerpt is the section's chunk that shares the most words with about
// (the question and its answer), quoted from the line that speaks of it, so
// a long section is quoted where it matters; without chunks it is the start
// of the section.
func (s *Service) passageIn(title, about string, lang bot.Lang) (bot.Source, bool) {
	for _, d := range s.opts.Docs {
		sec, ok := d.SectionByTitle(title)
		if !ok {
			continue
		}
		if code := langCode(lang); d.Lang != code {
			if twin, ok := content.Edition(s.opts.Docs, d.Slug, code); ok {
				if tsec, ok := twin.SectionByAnchor(sec.Anchor); ok {
					return sectionPassage(twin, tsec, about), true
				}
			}
		}
		return sectionPassage(d, sec, about), true
	}
	return bot.Source{}, false
}

func sectionPassage(d content.Document, sec content.Section, about string) bot.Source {
	want := keypoints.Terms(about)
	best, chunk := 0, ""
	for _, c := range d.Chunks {
		if c.Section != sec.Title {
			continue
		}
		if n := overlap(want, keypoints.Terms(c.Text)); n > best {
			best, chunk = n, c.Text
		}
	}
	text := excerpt(sec.Body, maxPassageRunes)
	if chunk != "" {
		text = focusedExcerpt(chunk, want, maxPassageRunes)
	}
	return bot.Source{Section: sec.Title, Anchor: sec.Anchor, Document: d.Source, Excerpt: text}
}

// overlap counts the matching units (keypoints.Terms: English words, and
// letter pairs inside Japanese words) that a and b share. Units rather than
// letter pairs everywhere: in English, pairs like "th" match any long text.
func overlap(a, b map[string]bool) int {
	n := 0
	for k := range b {
		if a[k] {
			n++
		}
	}
	return n
}

// questionText is everything a question says, in both languages, for
// picking its passage.
func questionText(q content.QuizQuestion) string {
	parts := []string{q.Question.JA, q.Question.EN, q.Explanation.JA, q.Explanation.EN}
	parts = append(parts, q.KeyPoints.JA...)
	parts = append(parts, q.KeyPoints.EN...)
	if c := q.Correct(); c >= 0 && c < len(q.Choices) {
		parts = append(parts, q.Choices[c].JA, q.Choices[c].EN)
	}
	return strings.Join(parts, "\n")
}

var (
	markup   = regexp.MustCompile("\\*\\*|__|`")
	spaceRun = regexp.MustCompile(`[ \t]+`)
)

// excerpt cleans markdown emphasis and quote markers and trims to n runes.
func excerpt(body string, n int) string {
	return bot.Truncate(strings.Join(passageLines(body), "\n"), n)
}

// passageLines are body's non-empty lines without quote marks, rules and
// inline markup.
func passageLines(body string) []string {
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), ">"))
		if l == "" || l == "---" {
			continue
		}
		lines = append(lines, spaceRun.ReplaceAllString(markup.ReplaceAllString(l, ""), " "))
	}
	return lines
}

var listItem = regexp.MustCompile(`^([-*•]|\d+\.) `)

// focusedExcerpt is excerpt, except that when the line sharing the most
// units with want lies beyond the first n runes the quote starts at that
// line ("…" marks prose left out), so a long chunk is quoted where it
// speaks of the question.
func focusedExcerpt(body string, want map[string]bool, n int) string {
	lines := passageLines(body)
	best, at := 0, 0
	for i, l := range lines {
		if o := overlap(want, keypoints.Terms(l)); o > best {
			best, at = o, i
		}
	}
	if best == 0 || utf8.RuneCountInString(strings.Join(lines[:at+1], "\n")) <= n {
		return bot.Truncate(strings.Join(lines, "\n"), n)
	}
	if at > 0 && !listItem.MatchString(lines[at]) && listItem.MatchString(lines[at-1]) {
		at-- // the item's head names what the line under it speaks of ("- Rasmus Lerdorf")
	}
	quote := strings.Join(lines[at:], "\n")
	if !listItem.MatchString(quote) {
		quote = "…" + quote // a list item stands on its own
	}
	return bot.Truncate(quote, n)
}

// closedReply is a revealed post as it stays in the channel: the question,
// its buttons disabled, and the tally.
func closedReply(q content.QuizQuestion, p store.Post, rev store.Reveal) bot.Reply {
	r := questionReply(q, p, p.Lang, false) // its last line, the only one that differs, is dropped
	lang := p.Lang
	text := r.Text
	if i := strings.LastIndex(text, "\n"); i > 0 {
		text = text[:i] // drop the "answer with ..." line
	}
	tally := lang.Pick(fmt.Sprintf("✅ 答え合わせ済み: 正解 %d人 / 回答 %d人", rev.Correct, rev.Answered),
		fmt.Sprintf("✅ Revealed: %d of %d answered right", rev.Correct, rev.Answered))
	r.Text = text + "\n" + tally
	for i := range r.Buttons {
		r.Buttons[i].Disabled = true
	}
	r.ThreadName = ""
	return r
}
