package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
)

// A follow-up ("どうやって解決するの？", "How long does it take?") means
// little alone. Without a model, the search query carries the key terms of
// the conversation's topic, but only when the new message has no topic of
// its own: "おすすめの映画は？" after a Docker question is about films, and
// searching for Docker would answer it with Docker passages.

// genericUnits are question words that name no topic.
var genericUnits = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`解決 方法 理由 意味 具体 体的 具体的 違い 期間 対策 説明 詳細 詳し 場合 必要 重要 大事 注意 最初 次 他 例 何 誰 使い 仕方 やり方 今日 明日 昨日 今年 おすすめ 教え 知り 知っ 分か メリット デメリット ポイント コツ どれ どこ いつ 時間 目標 目的 内容 種類 特徴 具体例 一番 最も
		solve solved solving fix prevent avoid example examples more detail details tool tools use using explain benefit benefits drawback drawbacks long take takes
		important matter reason reasons work works first next last else other another kind kinds type types it they them that this
		year years when 年 年代 いつ 何年 どれくらい どのくらい 結局
		原因 典型 典型的 普通 一般 一般的 用意 基本 主な 大切 必須
		created create creat made make invented invent founded found proposed propose developed develop built build 作っ 作る 作成 創っ 開発
		提唱 考案 発明 創始 始者 作者 give show question questions
		勉強 学習 習得 最後 一番 大事 役立 一人 人前
		全部 何項 項目 何種 何個 質問`) {
		m[w] = true
	}
	return m
}()

// demonstrative matches a demonstrative and a noun of kind after it ("that
// role", "this step", "その人"), which names the earlier topic again; a name
// after it ("this Kafka thing", "このガイド") is a topic of its own.
var demonstrative = regexp.MustCompile(`(?i)\b(?:that|this|those|these|the same)\s+(?:roles?|steps?|stages?|phases?|ones?|tools?|languages?|frameworks?|methods?|person|guy|company|companies|part|section|path|skills?|technology|idea|principles?)\b` +
	`|(?:その|この|あの)(?:役割|ステップ|段階|人|会社|企業|言語|ツール|方法|フレームワーク|部分|パス|道|スキル|技術|考え方|原則)`)

// pointsBack matches words that refer to something said before.
var pointsBack = regexp.MustCompile(`(?i)(それ|これ|その|この|あれ|そっち|こっち|そう|彼|彼女|\b(it|its|they|them|their|that|this|those|these|there|he|his|him|she|her)\b)`)

// hasOwnTopic: the message names something the conversation need not
// supply: a key unit that is not a generic question word.
func hasOwnTopic(text string) bool {
	for _, u := range keyUnits(retrieval.Normalize(text)) {
		if !genericUnits[u] {
			return true
		}
	}
	return false
}

// isFollowUp: the message has no topic of its own, or is short and points
// back ("それって何年かかる？").
func isFollowUp(text string) bool {
	// "that role", "this step", "その役割": a noun after a demonstrative is
	// the earlier topic named again, not a new one.
	if !hasOwnTopic(text) || !hasOwnTopic(demonstrative.ReplaceAllString(text, " ")) {
		return true
	}
	short := utf8.RuneCountInString(text) <= 20 || len(strings.Fields(text)) <= 5 && !strings.ContainsFunc(text, isJapanese)
	return short && pointsBack.MatchString(text)
}

// topicTerms are the key units of the asker's latest earlier question that
// had a topic of its own, walking back through follow-ups.
func topicTerms(history []bot.Turn, asker string) string {
	for i := len(history) - 1; i >= 0; i-- {
		t := history[i]
		if t.FromBot || asker != "" && t.Author != "" && t.Author != asker {
			continue
		}
		text := strings.TrimSpace(t.Text)
		if text == "" || !hasOwnTopic(text) {
			continue
		}
		// The earlier question whole: its numbers ("ステップ2") and names
		// matter as much as its key units.
		return text
	}
	return ""
}

// standaloneQuery is what to search for a message in a conversation: the
// message alone when it has a topic, else the earlier question with it.
// focus is what the answer's sentences are chosen by: the message and only
// the earlier question's topic words ("docker", not "who created").
func standaloneQuery(question string, history []bot.Turn, asker string) (query, focus string) {
	query, focus = standalone(question, history, asker)
	return expandDecades(query), expandDecades(focus)
}

// Decades written short ("the 90s", "90年代") are written in full, as the
// guide writes them ("1990s", "1990年代").
var (
	shortDecadeEN = regexp.MustCompile(`(^|[^0-9])'?([5-9]0)'?s\b`)
	shortDecadeJA = regexp.MustCompile(`(^|[^0-9])([5-9]0)年代`)
	decadeWords   = strings.NewReplacer("sixties", "1960s", "seventies", "1970s", "eighties", "1980s", "nineties", "1990s")
)

func expandDecades(q string) string {
	q = shortDecadeEN.ReplaceAllString(q, "${1}19${2}s")
	q = shortDecadeJA.ReplaceAllString(q, "${1}19${2}年代")
	return decadeWords.Replace(q)
}

func standalone(question string, history []bot.Turn, asker string) (query, focus string) {
	if len(history) == 0 || !isFollowUp(question) {
		return question, question
	}
	topic := topicTerms(history, asker)
	if topic == "" {
		return question, question
	}
	var own []string
	for _, u := range keyUnits(retrieval.Normalize(topic)) {
		if !genericUnits[u] {
			own = append(own, u)
		}
	}
	return bot.Truncate(topic, 200) + " " + question, strings.Join(own, " ") + " " + question
}

// ellipsis matches a follow-up that only names a new subject for the
// earlier question: "ステップ3は？", "じゃあKubernetesって？", "what about
// step 3?", "and Kubernetes?".
var (
	ellipsisJA = regexp.MustCompile(`^(?:じゃあ|では|なら|それなら|じゃ)?[、,\s]*(.{1,20}?)(?:の場合|だと|なら)?(?:は|って)[？?。\s]*$`)
	ellipsisEN = regexp.MustCompile(`(?i)^(?:and|what about|how about|and what about|same for|same question for)\s+(?:the\s+)?(.{1,40}?)\s*[?.]*\s*$`)
	// nextOne: "the next one", "次は？", "その次": the step after the one
	// the earlier question named.
	nextOne = regexp.MustCompile(`(?i)\bnext\b|次`)
	// stepNumber finds a numbered step in an earlier question.
	stepNumber = regexp.MustCompile(`(?i)(step|ステップ|stage|ステージ)\s*([1-9])`)
	// subjectWord is a word that can stand for a question's subject:
	// a latin name (with a number), a katakana word (with a number), a
	// kanji compound.
	subjectWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+#.\-]*(?:\s?[0-9]+)?|[ァ-ヺー]{2,}\s?[0-9]*|[一-龯々]{2,}`)
)

// elliptical rewrites a follow-up that only names a new subject (or "the
// next one") as the earlier question about it: "ステップ1の期間は？" then
// "ステップ3は？" asks "ステップ3の期間は？". It replaces the earlier
// question's word of the same kind as the new subject (the one sharing a
// prefix first: ステップ1 for ステップ3).
func elliptical(question string, history []bot.Turn, asker string, known func(string) bool) (string, bool) {
	if len(history) == 0 {
		return "", false
	}
	q := strings.TrimSpace(question)
	prev := topicTerms(history, asker)
	if prev == "" || prev == q {
		return "", false
	}
	if !hasOwnTopic(q) && nextOne.MatchString(q) {
		// The guide's roadmap has three steps: there is none after Step 3.
		if m := stepNumber.FindStringSubmatchIndex(prev); m != nil && prev[m[4]] < '3' {
			return prev[:m[4]] + string(prev[m[4]]+1) + prev[m[5]:], true
		}
		return "", false
	}
	var subject string
	if m := ellipsisEN.FindStringSubmatch(q); m != nil {
		subject = m[1]
	} else if m := ellipsisJA.FindStringSubmatch(q); m != nil {
		subject = m[1]
	}
	subject = strings.TrimSpace(subject)
	if subject == "" || !hasOwnTopic(subject) || pointsBack.MatchString(subject) {
		return "", false
	}
	target := subjectWord.FindString(subject)
	if tw := topicWords(retrieval.Normalize(subject)); target == "" || known != nil && len(tw) > 0 && !slices.ContainsFunc(tw, known) {
		// "おすすめの映画は？" is a new question, not the earlier one about
		// something the guide knows.
		return "", false
	}
	best := -1
	var bestLoc []int
	for _, loc := range subjectWord.FindAllStringIndex(prev, -1) {
		w := prev[loc[0]:loc[1]]
		if scriptOf([]rune(w)[0]) != scriptOf([]rune(target)[0]) && !(isLatin(w) && isLatin(target)) {
			continue
		}
		if isStop(strings.ToLower(w)) || genericUnits[strings.ToLower(w)] || genericKatakana[w] || hasGenericBigram(w) {
			continue // how the earlier question asked ("Who", "創始者"), not what about
		}
		score := commonPrefix(w, target)
		if score > best {
			best, bestLoc = score, loc
		}
	}
	if bestLoc == nil {
		return "", false
	}
	return prev[:bestLoc[0]] + subject + prev[bestLoc[1]:], true
}

// hasGenericBigram: a kanji word holding a generic question word ("創始者").
func hasGenericBigram(w string) bool {
	r := []rune(w)
	for i := 0; i+1 < len(r); i++ {
		if scriptOf(r[i]) == scriptHan && genericUnits[string(r[i:i+2])] {
			return true
		}
	}
	return false
}

func isLatin(w string) bool { return w != "" && w[0] < 0x80 }

// commonPrefix counts the runes two words start with in common.
func commonPrefix(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}

// known says whether the guide mentions w (true when unknown: no index).
func (a *Answerer) known(w string) bool { return a.opts.Known == nil || a.knownWord(w) }

// thread is the history a message continues: none when the message, though
// it names no topic the guide's words tell, holds a word the guide never
// uses ("今日の晩ごはん何にしよう": 晩): it has moved on to something else,
// and carrying the earlier topic would answer it with that topic's passages.
func (a *Answerer) thread(text string, history []bot.Turn) []bot.Turn {
	if len(history) == 0 || a.opts.Known == nil || hasOwnTopic(text) {
		return history
	}
	if len(strayKanji(retrieval.Normalize(text), a.opts.Known)) > 0 {
		return nil
	}
	return history
}
