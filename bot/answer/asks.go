package answer

import (
	"regexp"
	"strings"

	"github.com/backend-tip/backend-tip/retrieval"
)

// Some questions ask for a kind of answer rather than a topic: who made
// something, which version is the latest, a piece of code. Retrieval finds
// passages about the topic ("JavaScript" in the list of languages) whether
// or not they hold that kind of answer, so the kind is checked in the
// passages themselves: a sentence that names the subject and says who made it,
// a version number. Without one the guide is silent on the question, however
// well its topic matched. These checks read the retrieved text, not a list
// of what the guide covers, so team notes that do state a version or a
// creator are answered from.

// asksCreator matches a question about who made, founded or proposed
// something.
var asksCreator = regexp.MustCompile(`(?i)\bwho\b[^?.!]{0,40}\b(invented|created|made|founded|developed|designed|wrote|built|started|launched|came\s+up\s+with|coined|proposed)\b` +
	`|\b(creator|inventor|founder|father)s?\s+of\b` +
	`|(作った|作りました|つくった|創った|開発した|考えた|考案した|発明した|生み出した|始めた|提唱した)(人|の|のは|人は|人って)?(は|って)?\s*(誰|だれ|何者)` +
	`|(作った|つくった|創った|開発した|考えた|考案した|発明した|生み出した|始めた|提唱した)(人|の)(は|って)?\s*[?？]*\s*$` +
	`|(誰|だれ)が(作|つく|創|開発|考案|発明|提唱|始め)` +
	`|創始者|生みの親|作者|発明者|考案者|提唱者|創造主|創設者`)

// creatorEvidence matches a sentence that says who made something.
var creatorEvidence = regexp.MustCompile(`(?i)\b(creator|inventor|founder|created|invented|founded|developed\s+by|designed\s+by|proposed|launched|coined|released\s+as\s+open\s+source)\b` +
	`|生みの親|創始者|創造主|創設者|作者|発明|考案|提唱|生み出|が開発|によって開発|[A-Za-z]\s*開発[。、]|開発しました|開発元|開始し|として公開`)

// asksVersion matches a question about a version number.
var asksVersion = regexp.MustCompile(`(?i)\b(latest|newest|current|recent)\s+(stable\s+)?(version|release)s?\b|\bwhat\s+version\b|\bversion\s+number` +
	`|最新(の)?(バージョン|版|リリース)|バージョン(番号)?(は|って|が)?\s*(いくつ|何|なに|どれ)`)

// versionNumber matches "3.12", "v18", "バージョン2".
var versionNumber = regexp.MustCompile(`(?i)\b\d+\.\d+(\.\d+)?\b|\bv\d+\b|(version|バージョン)\s*\d`)

// dottedVersion is a release number after a name ("Go 1.23").
var dottedVersion = regexp.MustCompile(`(?i)\b[a-z][a-z+#.]*\s+v?(\d+\.\d+(?:\.\d+)?)\b`)

// asksRelease matches a question about what a release brings or changes.
var asksRelease = regexp.MustCompile(`(?i)\bnew\s+in\b|what'?s\s+new|\bchang(?:e|es|ed)\b|\breleased?\b|\bfeatures?\b|\bdeprecat|\bupgrad|\bmigrat|新機能|変更点|変わった|リリース`)

// namesVersion: the question asks what a release it names brings ("What's
// new in Go 1.23?") and no passage mentions that release: the passages
// about the language do not describe it. "Is OAuth 2.0 worth learning?"
// asks about OAuth.
func namesVersion(query string, hits []retrieval.Hit) bool {
	if !asksRelease.MatchString(query) {
		return false
	}
	for _, m := range dottedVersion.FindAllStringSubmatch(query, -1) {
		v := m[1]
		if !anyLine(hits, func(line string) bool { return strings.Contains(line, v) }) {
			return true
		}
	}
	return false
}

// capitalsWord is a word of two or more capitals ("PR", "CI/CD", "VPoE").
var capitalsWord = regexp.MustCompile(`\b[A-Z][A-Za-z/]*[A-Z][A-Za-z]*\b`)

// spelledOut: the question names no abbreviation in capitals, or a passage
// spells one out ("PR (pull request)", "(CI/CD: …)").
func spelledOut(query string, hits []retrieval.Hit) bool {
	words := capitalsWord.FindAllString(query, -1)
	if len(words) == 0 {
		return true
	}
	for _, w := range words {
		if anyLine(hits, func(line string) bool { return definesWord(line, w) }) {
			return true
		}
	}
	return false
}

// definesWord: line has w right before an opening bracket or a colon ("PR
// (pull request)"), or right inside a bracket ("pull request (PR)").
func definesWord(line, w string) bool {
	for rest := line; ; {
		i := strings.Index(rest, w)
		if i < 0 {
			return false
		}
		before, after := strings.TrimRight(rest[:i], " "), strings.TrimLeft(rest[i+len(w):], " ")
		if strings.HasPrefix(after, "(") || strings.HasPrefix(after, "（") || strings.HasPrefix(after, ":") || strings.HasPrefix(after, "：") ||
			(strings.HasSuffix(before, "(") || strings.HasSuffix(before, "（")) && (strings.HasPrefix(after, ")") || strings.HasPrefix(after, "）")) {
			return true
		}
		rest = rest[i+len(w):]
	}
}

// asksCertification matches a certification, asked about or mentioned: a
// vendor's cert or exam, not a TLS cert or a coding exam.
var asksCertification = regexp.MustCompile(`(?i)\bcertifications?\b|\bcertified\b|\b(?:aws|gcp|google\s+cloud|azure|cloud|kubernetes|cka|ckad|oracle|java|linux|lpic)\b[^?.!]{0,40}\b(?:certs?|exams?)\b|資格|認定試験|検定`)

// asksForCode matches a request to write code ("write me a Python
// function", "コード書いて"), which the guide does not hold: it teaches what
// to learn, it has no snippets to give. The request opens the message:
// "should I learn to write a Dockerfile?" asks what to learn.
var asksForCode = regexp.MustCompile(`(?i)^\s*(?:(?:please|pls|can\s+you|could\s+you|now|ok|so)[\s,]+)*(?:write|give|generate)\s+(me\s+)?(a|an|the|some)?\s*([a-z+#.-]+\s+){0,3}(function|code|script|program|snippet|regex|one-liner|implementation|class|module|query|dockerfile|manifest|component)\b` +
	`|(コード|関数|スクリプト|プログラム|クエリ|正規表現|SQL|ソース)(を|も)?\s*(書いて|かいて|作って|つくって|生成して)(ください|下さい|くれ|ほしい|欲しい|ちょうだい|\s*$|\s*[!！?？。])`)

// asksDrawbacks matches a question about something's drawbacks.
var asksDrawbacks = regexp.MustCompile(`(?i)\b(drawbacks?|downsides?|disadvantages?|weakness(?:es)?|weak\s+points?|pitfalls?|cons)\b|デメリット|欠点|短所|弱点|問題点|マイナス面`)

// drawbackEvidence matches a sentence that names a drawback or a caveat
// ("The learning cost is high, but …", "学習コストは高いが、…"). A sentence
// that only praises ("brings many benefits") answers no question about
// drawbacks, however well it matches the topic.
var drawbackEvidence = regexp.MustCompile(`(?i)\b(drawbacks?|downsides?|disadvantages?|weakness(?:es)?|limitations?|pitfalls?|trade-?offs?|costly|expensive|steep|harder|difficult|complex(?:ity)?|learning\s+(?:cost|curve)|however|but)\b` +
	`|デメリット|欠点|短所|弱点|問題点|限界|難し|複雑|コストは高|コストが高|高いが|ただし|しかし|一方で`)

// kindMissing says which kind of answer query asks for that no line of
// hits holds, if any.
func kindMissing(query string, hits []retrieval.Hit) (string, bool) {
	switch {
	case asksForCode.MatchString(query):
		return "code", true
	case asksVersion.MatchString(query) && !anyLine(hits, versionNumber.MatchString):
		return "version", true
	case namesVersion(query, hits):
		return "version", true
	case asksCertification.MatchString(query) && !anyLine(hits, asksCertification.MatchString):
		return "certification", true
	case reAbbrev.MatchString(strings.ToLower(query)) && !spelledOut(query, hits):
		// "What's the full form of PR?": the guide's abbreviations are
		// answered from facts before this; no passage spells this one out.
		return "abbreviation", true
	case asksDrawbacks.MatchString(query):
		subject := namedThings(query, asksDrawbacks)
		says := func(line string) bool {
			return drawbackEvidence.MatchString(line) && (len(subject) == 0 || containsAnyName(retrieval.Normalize(line), subject))
		}
		// A line, not a sentence: a list item's caveat follows its head
		// ("- Rust: 安全性…。学習コストは高いが、…").
		if !anyLine(hits, says) {
			return "drawbacks", true
		}
	case asksCreator.MatchString(query):
		subject := namedThings(query, asksCreator)
		if len(subject) == 0 {
			return "", false // "誰が作ったの？": the follow-up's topic decides
		}
		says := func(line string) bool {
			return creatorEvidence.MatchString(line) && containsAnyName(retrieval.Normalize(line), subject)
		}
		if !anySentence(hits, says) {
			return "creator", true
		}
	}
	return "", false
}

// namedThings are the names in a question: latin words and katakana
// loanwords, without the words of asking (asking: "who created",
// "drawbacks").
func namedThings(query string, asking *regexp.Regexp) []string {
	norm := retrieval.Normalize(asking.ReplaceAllString(query, " "))
	var out []string
	for _, w := range latinWord.FindAllString(norm, -1) {
		w = strings.TrimRight(w, ".-")
		if len(w) < 2 || isStop(w) || genericUnits[w] {
			continue
		}
		out = append(out, w)
	}
	for _, w := range katakanaRun.FindAllString(norm, -1) {
		if !genericKatakana[w] {
			out = append(out, w)
		}
	}
	return out
}

func containsAnyName(line string, names []string) bool {
	for _, n := range names {
		if containsUnit(line, n) {
			return true
		}
	}
	return false
}

// sentenceEnd ends a sentence in either language.
var sentenceEnd = regexp.MustCompile(`[。！？!?\n]|\.\s`)

// continuation is a line break after a line that ends no sentence: a list
// item's head ("- ソロモン・ハイクス (Solomon Hykes)") and the line under it
// ("Dockerの創始者。") are one.
var continuation = regexp.MustCompile(`([^。.!?！？:：\s])[ \t]*\n[ \t]*`)

// anySentence: some sentence of some hit satisfies ok ("LAMP (Linux, …)
// took over the world." and "…gave rise to WordPress." are two). A list
// item's head and the first sentence under it are one: the name and what
// it made.
func anySentence(hits []retrieval.Hit, ok func(string) bool) bool {
	for _, h := range hits {
		for _, s := range sentenceEnd.Split(continuation.ReplaceAllString(h.Chunk.Text, "$1 "), -1) {
			if ok(s) {
				return true
			}
		}
	}
	return false
}

// anyLine: some line of some hit satisfies ok.
func anyLine(hits []retrieval.Hit, ok func(string) bool) bool {
	for _, h := range hits {
		for line := range strings.SplitSeq(h.Chunk.Text, "\n") {
			if ok(line) {
				return true
			}
		}
	}
	return false
}
