package answer

import (
	"fmt"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
)

// User-facing sentences, in both languages. They live together so a
// translator finds them in one place.

func emptyQuestionText(l bot.Lang) string {
	return l.Pick("質問を書いてください。例: N+1問題とは？", "Please write a question, e.g. What is the N+1 problem?")
}

func waitingText(l bot.Lang) string {
	return l.Pick("⏳ 順番待ちです。まもなくお答えします…", "⏳ Your question is queued; answering shortly…")
}

func unavailableLine(l bot.Lang) string {
	return l.Pick("_（AIモデルが利用できなかったため、ガイドの該当箇所から直接お答えしています。）_",
		"_(The language model was unavailable, so this answer quotes the guide directly.)_")
}

func busyLine(l bot.Lang) string {
	return l.Pick("_（AIモデルが混み合っているため、ガイドの該当箇所から直接お答えしています。）_",
		"_(The language model is busy right now, so this answer quotes the guide directly.)_")
}

func cancelledText(l bot.Lang) string {
	return l.Pick("質問の処理が中断されました。もう一度お試しください。", "Answering was interrupted. Please ask again.")
}

func searchFailedText(l bot.Lang) string {
	return l.Pick("すみません、ガイドの検索に失敗しました。少し待ってからもう一度お試しください。",
		"Sorry, searching the guide failed. Please try again in a moment.")
}

// notCoveredText says the guide does not cover the question and offers the
// closest sections instead of an invented answer.
func notCoveredText(l bot.Lang, closest []passage) string {
	var b strings.Builder
	b.WriteString(l.Pick("ガイドにはこの質問に答える内容が見つかりませんでした。",
		"The guide does not seem to cover this question."))
	if len(closest) > 0 {
		b.WriteString(l.Pick("\n近いセクション:", "\nThe closest sections are:"))
		for _, p := range closest {
			fmt.Fprintf(&b, "\n• %s", p.Section)
		}
	}
	return b.String()
}

func ungroundedLine(l bot.Lang) string {
	return l.Pick("_（この回答はガイドの特定の箇所を引用していません。）_",
		"_(This answer does not cite a passage of the guide.)_")
}

func partNotCoveredText(l bot.Lang) string {
	return l.Pick("ガイドにはこの点についての記述が見つかりませんでした。", "The guide does not cover this part.")
}
