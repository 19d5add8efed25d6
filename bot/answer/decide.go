package answer

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
)

// The guide is judged silent on a question from retrieval itself: how much
// of the question's key units the retrieved passages hold (through the
// glossary for English words), how much of the query's idf mass the best
// passage matched, and how close it is in vector space. A question whose
// telling words appear nowhere in the guide ("今日の天気は？") scores low on
// all three; an in-scope one phrased in words the guide does not use
// ("ステップ2ってどのくらい期間かかるの？") still scores on the others.
//
// evidence = coverage + matched + simWeight·similarity. The weights and
// thresholds were chosen on both dev sets together (bot/answer/testdata
// answers_dev.jsonl and answers_dev2.jsonl, written independently):
// offline, the threshold refuses at least 90% of out-of-scope questions
// while refusing as few in-scope ones as possible; with a model, only
// questions with almost no evidence are refused before it, and the model
// decides the rest (NOT_COVERED). Offline, two checks on the question's own
// words come first: when the guide mentions none of the words that say
// what it is about, it is refused whatever retrieval found; when it names
// something the guide never mentions ("Terraform"), it needs
// unknownNamePenalty more evidence.
const (
	simWeight          = 4.0
	offlineThreshold   = 1.1
	withModelThreshold = 0.75
	unknownNamePenalty = 1.2
	// howToThreshold is what an offline how-to question needs: well below
	// every in-scope how-to question of the dev sets (lowest 1.73, few
	// of them, so with a margin), above near-topic ones whose subject the
	// guide names only in passing ("how do I tune PostgreSQL for high
	// write loads", 1.24).
	howToThreshold = 1.3
)

// evidence scores how well hits answer query (see above); 0 without hits.
func (a *Answerer) evidence(query string, hits []retrieval.Hit) float64 {
	if len(hits) == 0 {
		return 0
	}
	var text strings.Builder
	for _, h := range hits {
		text.WriteString(h.Chunk.Section + "\n" + h.Chunk.Text + "\n")
	}
	cov, _ := a.coverage(query, text.String())
	top := hits[0]
	return cov + top.Matched + simWeight*top.Similarity
}

// judge keeps the usable hits (above MinScore, without duplicates) and says
// whether they answer query well enough to answer at all: offline against
// offlineThreshold, before a model against the lower withModelThreshold.
func (a *Answerer) judge(query string, hits []retrieval.Hit, withModel bool) ([]retrieval.Hit, bool) {
	query = withoutFiller(query)
	if injection.MatchString(query) {
		return nil, false // never obeyed; answered as a question the guide is silent on
	}
	if len(keyUnits(retrieval.Normalize(query))) == 0 && !a.namesConcept(query) {
		// "help", "ねえねえ", emoji: nothing it asks about ("終わりに" has
		// no key unit, but names the guide's conclusion).
		return nil, false
	}
	seen := map[string]bool{}
	var out []retrieval.Hit
	for _, h := range hits {
		if strings.TrimSpace(h.Chunk.Text) == "" || a.opts.MinScore > 0 && h.Score < a.opts.MinScore || seen[idOf(h)] {
			continue
		}
		seen[idOf(h)] = true
		out = append(out, h)
	}
	if len(out) == 0 {
		return nil, false
	}
	need := offlineThreshold
	if withModel {
		need = withModelThreshold
	} else if novel, total, words := a.novelty(query); total > 0 && novel == total && !a.namesConcept(strings.Join(topicWords(retrieval.Normalize(query)), " ")) {
		// The guide mentions none of the words that say what the question
		// is about ("京都の抹茶パフェ", "a recipe for banana bread"):
		// whatever retrieval found is about something else.
		a.log.Debug("question is about words the guide never uses", "words", words)
		return out, false
	} else if w, ok := a.unknownCompared(query); ok {
		// "is bun faster than deno", "KtorとSpringどっち": the guide cannot
		// compare what it never mentions, however well the rest matched.
		a.log.Debug("question compares something the guide never mentions", "word", w)
		return out, false
	} else if kind, ok := kindMissing(query, out); ok {
		// "Who invented JavaScript?", "PHPの最新バージョンは？": the
		// passages are about the topic but none says what is asked.
		a.log.Debug("no passage holds the kind of answer asked for", "kind", kind)
		return out, false
	} else if asksMoney.MatchString(query) && !a.talksMoney() {
		// "How much does AWS Lambda cost per million requests?": the
		// documents state no prices or pay at all.
		a.log.Debug("question asks for an amount of money the documents never state")
		return out, false
	} else if w, ok := a.unknownQuantity(query); ok {
		// "30代だと給料どれくらい": the amount asked for is of something the
		// guide never mentions, whatever else of the question it matches.
		a.log.Debug("question asks how much of something the guide never mentions", "word", w)
		return out, false
	} else if off, ok := a.offTopic(query); ok {
		// "バックエンドエンジニアの平均年収", "who won the world cup in
		// 2022": the words that say what it asks are not the guide's.
		a.log.Debug("question is mostly about words the guide never uses", "words", off)
		return out, false
	} else if asksHowTo(query) && slices.ContainsFunc(words, a.namesSomethingNewHere) {
		// "how to shard a MySQL database", "SQLAlchemyのセッション管理ってど
		// うやるの": a how-to question whose subject the guide never names
		// asks for what the guide does not explain, however well the
		// technology around it is matched.
		a.log.Debug("how-to question about words the guide never uses", "words", words)
		return out, false
	} else if asksHowTo(query) {
		// A how-to question wants the how: passages that only name its
		// subject in passing ("PostgreSQL" in a list of databases) do not
		// give it, so it needs more evidence than a what-question.
		need = max(need, howToThreshold)
		if w, ok := a.unknownName(withoutAsides(query)); ok {
			a.log.Debug("question names something the guide does not", "word", w)
			need += unknownNamePenalty
		}
	} else if w, ok := a.unknownName(withoutAsides(query)); ok {
		// A Japanese question about a name the guide never mentions
		// ("goroutine", "リモートワーク") is probably about something
		// else: it needs clearly stronger evidence.
		a.log.Debug("question names something the guide does not", "word", w)
		need += unknownNamePenalty
	}
	return out, a.evidence(query, out) >= need
}

// inLang is preferLang after replacing each passage not in lang by its
// twin in lang, when Twins knows one.
func (a *Answerer) inLang(hits []retrieval.Hit, lang bot.Lang) []retrieval.Hit {
	if a.opts.Twins != nil {
		hits = slices.Clone(hits)
		for i, h := range hits {
			if h.Chunk.Lang != "" && h.Chunk.Lang != string(lang) {
				if t, ok := a.opts.Twins(h.Chunk, string(lang)); ok {
					hits[i].Chunk = t
				}
			}
		}
	}
	return preferLang(hits, lang)
}

// preferLang answers from passages in the answer language: a hit in the
// other language is replaced by its twin (same anchor and block) when the
// twin was retrieved too, and passages in lang then go first, keeping
// their order. Passages without a language (team notes) count as any.
func preferLang(hits []retrieval.Hit, lang bot.Lang) []retrieval.Hit {
	want := string(lang)
	twin := map[string]int{}
	for i, h := range hits {
		if h.Chunk.Lang == want {
			twin[twinKey(h)] = i
		}
	}
	out := make([]retrieval.Hit, 0, len(hits))
	used := map[int]bool{}
	for i, h := range hits {
		if h.Chunk.Lang != "" && h.Chunk.Lang != want {
			if j, ok := twin[twinKey(h)]; ok {
				i, h = j, hits[j]
			}
		}
		if used[i] {
			continue
		}
		used[i] = true
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return inLang(out[i], want) && !inLang(out[j], want)
	})
	return out
}

func twinKey(h retrieval.Hit) string {
	return h.Chunk.Anchor + "\x00" + strconv.Itoa(h.Chunk.Block)
}

func inLang(h retrieval.Hit, lang string) bool { return h.Chunk.Lang == "" || h.Chunk.Lang == lang }

// injection matches requests to drop the bot's rules, show its prompt or
// configuration, or make it post for someone (mention bait): refused, never
// obeyed.
var injection = regexp.MustCompile(`(?i)` +
	`(ignore|disregard|forget|bypass)\s+(all\s+|any\s+|your\s+|the\s+|previous\s+|prior\s+|above\s+|earlier\s+)*(instructions|rules|prompt|guide|context)` +
	`|system\s*prompt|hidden\s+(instructions|prompt|rules)|developer\s+mode|jailbreak|\bDAN\b` +
	`|(post|say|send|write|reply|repeat|print)\b[^.?!]{0,40}(@everyone|@here|@channel|<!(everyone|here|channel)>)` +
	`|@everyone|@here|<!(everyone|here|channel)>` +
	`|</?\s*(passages?|system|instructions?|context)\s*>|(^|\n)\s*(system|assistant)\s*:|\b(admin|root)\s+password` +
	`|(repeat|print|show|output|reveal)\b[^.?!]{0,40}\b(verbatim|above this line|everything above)` +
	`|\bpretend\b[^.?!]{0,60}\b(guide|you|rules?)\b|\b(an?\s+)?ai\s+(without|with\s+no)\s+(rules|restrictions|limits|filters)` +
	`|(reveal|print|show|tell|give|dump)\b[^.?!]{0,30}\b(api\s*keys?|secrets?|tokens?|environment\s+variables|env\s+vars)\b` +
	`|(制限|制約|ルール|フィルター?)の(ない|無い)\s*(ai|ＡＩ|アシスタント|ボット)|(apiキー|api\s*key|シークレット|トークン|環境変数|パスワード)(を|の中身を)?\s*(教えて|見せて|表示|出力|書いて)` +
	`|システムプロンプト|(指示|命令|ルール|プロンプト|ガイド|設定|制約)(は|を|も)?(すべて|全部)?(無視|忘れ)|開発者モード|ガイド以外の知識|管理者より|設定ファイル|隠し(指示|命令)`)

// asksMoney matches a question asking for a price, a cost or pay.
var asksMoney = regexp.MustCompile(`(?i)how much (?:does|do|is|are|will|would|should)\b.{0,60}\b(?:cost|charge|pay|earn|make)\b|\b(?:price|pricing|salary|salaries|wage)\b|値段|費用|料金(?:は|って|プラン|体系|表)|価格(?:は|って|帯)|月額|年収|給料|給与|時給|月給|いくらかか|いくらもら`)

// moneyWords are how documents talk about prices and pay.
var moneyWords = []string{"年収", "給料", "給与", "値段", "費用", "salary", "salaries", "pricing", "dollars", "ドル", "per month", "月額"}

// talksMoney: some document talks about prices or pay.
func (a *Answerer) talksMoney() bool {
	if a.opts.Known == nil {
		return true
	}
	return slices.ContainsFunc(moneyWords, a.opts.Known)
}

// quantityOf matches a Japanese question asking how much or how many of a
// thing, the thing written just before the question word ("いくつか", a
// few, asks for examples instead).
var quantityOf = regexp.MustCompile(`([一-龯々ァ-ヺー]{2,})(?:って|は|が|とか|も)?(?:どれくらい|どのくらい|どれぐらい|どのぐらい|どんくらい|いくら|いくつ(?:$|[^か]))`)

// quantityOfEN is the English "how many <things>" / "how much <stuff>",
// the things up to the verb.
var quantityOfEN = regexp.MustCompile(`\bhow (?:many|much) ((?:[a-z][a-z0-9.+#-]* ){1,3}?)(?:should|do|does|did|are|is|was|were|can|could|will|would|to|in|per|for|of|on)\b`)

// unknownQuantity finds the thing a quantity question asks about when no
// document mentions it and no glossary concept names it.
func (a *Answerer) unknownQuantity(query string) (string, bool) {
	if a.opts.Known == nil {
		return "", false
	}
	norm := retrieval.Normalize(query)
	for _, m := range quantityOfEN.FindAllStringSubmatch(norm, -1) {
		// "how many gunicorn workers should…": every word of the thing
		// counted.
		for _, w := range strings.Fields(m[1]) {
			if len(w) < 3 || isStop(w) || genericUnits[w] || a.knownWord(w) || a.namesConcept(w) {
				continue
			}
			return w, true
		}
	}
	for _, m := range quantityOf.FindAllStringSubmatch(norm, -1) {
		w := m[1]
		if genericUnits[w] || vagueWords[w] || genericKatakana[w] || a.knownWord(w) || a.namesConcept(w) {
			continue
		}
		return w, true
	}
	return "", false
}

// subjectShare: a word in at least this share of the guide's passages is
// its subject ("バックエンド", "developer"), which says nothing about what a
// question asks; offTopicShare: a question whose topic words are at least
// this share unknown is about something else.
const (
	subjectShare  = 0.2
	offTopicShare = 0.75
)

// offTopic finds a question whose telling words the guide never uses: its
// only known words are the guide's subject, or three in four of its words
// are unknown. A word naming a glossary concept is known (the guide covers
// it in other words).
func (a *Answerer) offTopic(query string) ([]string, bool) {
	if a.opts.Known == nil {
		return nil, false
	}
	var novel []string
	total, specific := 0, 0
	for _, w := range topicWords(retrieval.Normalize(query)) {
		total++
		switch {
		case !a.knownWord(w) && !a.namesConcept(w):
			novel = append(novel, w)
		case a.share(w) >= subjectShare:
		default:
			specific++
		}
	}
	switch {
	case len(novel) == 0:
		return nil, false
	case specific == 0 && a.opts.Share != nil:
		return novel, true
	case total >= 3 && float64(len(novel)) >= offTopicShare*float64(total):
		return novel, true
	}
	return nil, false
}

// share is how much of the guide mentions w (0 without Options.Share); a
// katakana compound the guide does not use whole ("バックエンドエンジニア")
// is as common as the more common of its two known halves: "バックエンド"
// plus a role is still the guide's subject.
func (a *Answerer) share(w string) float64 {
	if a.opts.Share == nil {
		return 0
	}
	s := a.opts.Share(w)
	if r := []rune(w); s == 0 && scriptOf(r[0]) == scriptKatakana {
		for i := 3; i+3 <= len(r); i++ {
			if a.opts.Known(string(r[:i])) && a.opts.Known(string(r[i:])) {
				s = max(s, a.opts.Share(string(r[:i])), a.opts.Share(string(r[i:])))
			}
		}
	}
	return s
}

// howTo matches questions that ask how to do or set up something, or how
// something works inside.
var howTo = regexp.MustCompile(`(?i)\bhow\s+(do|does|can|should|would|could)\s+(i|you|we|one)\b|\bhow\s+to\b|\bway\s+to\b|\bhow\s+does\b.*\bwork|\bbest\s+way\s+to\b|\bset\s+up\b|\bconfigure\b` +
	`|方法|やり方|どうやる|どうやって|どうすれば|どう(設定|書|作|実装|分け|組|構成)|使い方|書き方|コツ|手順を?教え`)

// pastTense matches a question about how things were done ("どうやって動的な
// ページ作ってたの", "how did they …"): history the guide tells, not a
// request for instructions.
var pastTense = regexp.MustCompile(`(?i)てた|ていた|でた|だった|でした|ました|かった|\b(did|was|were|used to)\b`)

// asksHowTo: the question asks how to do something now.
func asksHowTo(q string) bool { return howTo.MatchString(q) && !pastTense.MatchString(q) }

// namesSomethingNewHere: w names a thing (namesSomethingNew) that is not a
// glossary form of one the guide knows ("postgres" is PostgreSQL): each
// unknown word of a question is judged on its own, so a known alias among
// them does not vouch for "rotate" and "secrets".
func (a *Answerer) namesSomethingNewHere(w string) bool {
	return namesSomethingNew(w) && !a.namesConcept(w)
}

// namesSomethingNew: an unknown word that names a thing (a latin word, a
// loanword of four or more katakana, a kanji compound), not an everyday
// loanword ("ページ"), a word of time ("最近") or an English verb form.
func namesSomethingNew(w string) bool {
	r := []rune(w)
	switch {
	case len(r) == 0:
		return false
	case vagueWords[w]:
		return false // "最近": when, not what
	case r[0] < utf8.RuneSelf && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")):
		return false // "get noticed": an English verb form, not the name of a thing
	}
	return scriptOf(r[0]) != scriptKatakana || len(r) >= 4
}

// katakanaRun matches a loanword of four or more katakana (shorter ones,
// "ページ", are too often everyday words).
var katakanaRun = regexp.MustCompile(`[ァ-ヺー]{4,}`)

// unknownName finds, in a Japanese question, a latin word or katakana
// loanword (the names of things) that no document mentions. English
// questions are left alone: most of their words are not names.
func (a *Answerer) unknownName(query string) (string, bool) {
	if a.opts.Known == nil {
		return "", false
	}
	if bot.DetectLang(query) != bot.Japanese {
		return a.unknownEnglishName(query)
	}
	norm := retrieval.Normalize(query)
	for _, w := range latinWord.FindAllString(norm, -1) {
		// Two letters are mostly abbreviations ("SE", "PM"), not names.
		w = strings.TrimRight(w, ".-")
		if len(w) < 3 || isStop(w) || genericUnits[w] {
			continue
		}
		if !a.knownWord(w) {
			return w, true
		}
	}
	for _, w := range katakanaRun.FindAllString(norm, -1) {
		if genericUnits[w] || genericKatakana[w] || a.opts.Known(w) || a.knownCompound(w) || a.isGlossaryForm(w) {
			continue
		}
		return w, true
	}
	return "", false
}

func isStop(w string) bool {
	_, ok := stopWords[w]
	return ok
}

// knownCompound: a katakana compound whose two parts the guide mentions
// ("バックエンドエンジニア").
func (a *Answerer) knownCompound(w string) bool {
	r := []rune(w)
	for i := 3; i+3 <= len(r); i++ {
		if a.opts.Known(string(r[:i])) && a.opts.Known(string(r[i:])) {
			return true
		}
	}
	return false
}

// genericKatakana are loanwords of how a question asks, not what about.
var genericKatakana = map[string]bool{"メリット": true, "デメリット": true, "ポイント": true, "ベスト": true, "イメージ": true,
	"ケース": true, "タイミング": true, "パターン": true, "アドバイス": true, "レベル": true, "ステップ": true, "スタート": true,
	"ゴール": true, "ルール": true, "ベストプラクティス": true, "オススメ": true, "メイン": true, "トータル": true,
	"タイプ": true, "ジャンル": true, "カテゴリ": true, "カテゴリー": true, "メジャー": true, "マイナー": true,
	"エピソード": true, "ストーリー": true, "サンプル": true, "アイデア": true, "アイディア": true, "ヒント": true, "キーワード": true,
	"メッセージ": true, "アピール": true, "フルネーム": true, "スペル": true, "ジャンル分け": true,
	"ポジション": true, "ルート": true, "コース": true}

// capitalName matches a capitalised word that is not the first of its
// sentence: in English the names of things ("Helm", "OpenTelemetry").
var capitalName = regexp.MustCompile(`[^.?!\s]\s+([A-Z][A-Za-z0-9+#.]*[A-Za-z0-9+#])`)

// unknownEnglishName finds a capitalised name in an English question that
// no document mentions.
func (a *Answerer) unknownEnglishName(query string) (string, bool) {
	for _, m := range capitalName.FindAllStringSubmatch(query, -1) {
		w := strings.ToLower(strings.TrimSuffix(m[1], "'s"))
		// Two letters are mostly abbreviations ("FE", "PM"), not names.
		if len(w) < 3 || isStop(w) || genericUnits[w] {
			continue
		}
		if !a.knownWord(w) {
			return w, true
		}
	}
	return "", false
}

// aside matches a parenthesised aside: "(mostly React)", "（前職は営業）".
var aside = regexp.MustCompile(`\([^()]*\)|（[^（）]*）`)

// withoutAsides is q without its parenthesised asides: context about the
// asker, not what the question is about, so a name in one is no sign that
// the question is about something the guide does not cover.
func withoutAsides(q string) string { return aside.ReplaceAllString(q, " ") }

// filler matches words that open a chat message without saying what it is
// about ("never mind, …", "ok thanks, …", "ところで…"): counted as the
// question's words, the guide's "never" and "thanks" would lend evidence
// to a question about something else.
var filler = regexp.MustCompile(`(?i)^\s*(?:(?:(?:never\s*mind|nvm|ok(?:ay)?|cool|great|nice|thanks?(?:\s+you)?|thx|ty|btw|by\s+the\s+way|also|anyway|so|hmm+|well|oh|ah|and|but|lol|haha)(?:[\s,.!]+|$))|(?:(?:ところで|ちなみに|そういえば|ありがとう(?:ございます)?|どうも|了解|なるほど|じゃあ|では|ねえ|あと|まあ)[\s、。！!]*))+`)

// withoutFiller is q without the filler that opens it.
func withoutFiller(q string) string {
	if rest := filler.ReplaceAllString(q, ""); strings.TrimSpace(rest) != "" {
		return rest
	}
	return q
}
