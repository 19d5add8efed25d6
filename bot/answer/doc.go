// Package answer is backend-tip's grounded answerer. It retrieves numbered
// passages from the guide, asks a chat model (any OpenAI-compatible server,
// through go-openai) to answer from them with inline citations, streams the
// answer in throttled updates, and maps the citations back to sources. With no
// model, or when the model fails in any way, it answers extractively from the
// passages, so a user always gets an answer. It is platform-neutral: it speaks
// only bot.Question, bot.Stream and bot.Reply.
package answer
