package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/fakeopenai"
	"github.com/backend-tip/backend-tip/internal/fakeslack"
)

// tagPattern finds the request tag the load tool puts in every question.
var tagPattern = regexp.MustCompile(`lt-[0-9]{6}`)

// apologyTexts are the router's and adapters' "something went wrong"
// replies: an answer with one of them counts as an error.
var apologyTexts = []string{"Sorry, something went wrong", "うまく処理できませんでした"}

// ledger records, per request tag, the final answers the fakes received.
type ledger struct {
	mu        sync.Mutex
	finals    map[string]int
	apologies map[string]int
	messages  map[string]int // new messages posted for the tag's answer
	firstAt   time.Time
	lastAt    time.Time
}

func newLedger() *ledger {
	return &ledger{finals: map[string]int{}, apologies: map[string]int{}, messages: map[string]int{}}
}

// message records one new message posted for tag (not an edit).
func (l *ledger) message(tag string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.messages[tag]++
}

// messagesPerAnswer is the most and the mean of new messages per tag.
func (l *ledger) messagesPerAnswer(tags []string) (most int, mean float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	total := 0
	for _, t := range tags {
		most = max(most, l.messages[t])
		total += l.messages[t]
	}
	if len(tags) > 0 {
		mean = float64(total) / float64(len(tags))
	}
	return most, mean
}

func (l *ledger) final(tag, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.finals[tag]++
	for _, a := range apologyTexts {
		if strings.Contains(text, a) {
			l.apologies[tag]++
		}
	}
	now := time.Now()
	if l.firstAt.IsZero() {
		l.firstAt = now
	}
	l.lastAt = now
}

// counts returns how many tags got exactly one final, none, more than one,
// and how many finals were apologies.
func (l *ledger) counts(tags []string) (once, missing, twice, apologies int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range tags {
		switch n := l.finals[t]; {
		case n == 0:
			missing++
		case n == 1:
			once++
		default:
			twice++
		}
		if l.apologies[t] > 0 {
			apologies++
		}
	}
	return
}

func (l *ledger) total() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.finals {
		n += c
	}
	return n
}

// slackLedger tells the ledger what the shared fake Slack
// (internal/fakeslack) receives; every every429-th chat.* call is answered
// 429 Retry-After: 1 when every429 > 0.
type slackLedger struct {
	ledger   *ledger
	every429 int64
	calls    atomic.Int64
	limited  atomic.Int64
	mu       sync.Mutex
	tagOfTS  map[string]string
	// threadTag maps a mention's ts to its request tag: answers to
	// mentions go into the mention's thread and do not repeat the question.
	threadTag map[string]string
}

func newSlackLedger(led *ledger, every429 int) *slackLedger {
	return &slackLedger{ledger: led, every429: int64(every429), tagOfTS: map[string]string{}, threadTag: map[string]string{}}
}

func (f *slackLedger) expectThread(ts, tag string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.threadTag[ts] = tag
}

// start starts the fake Slack, counting into the ledger.
func (f *slackLedger) start() *fakeslack.Server {
	limit := func(method string) bool {
		if strings.HasPrefix(method, "chat.") && f.every429 > 0 && f.calls.Add(1)%f.every429 == 0 {
			f.limited.Add(1)
			return true
		}
		return false
	}
	return fakeslack.StartWith(fakeslack.Options{OnCall: f.observe, Limit: limit, Forget: true})
}

// observe records one call: new messages and final answers per tag.
func (f *slackLedger) observe(c fakeslack.Call) {
	form := c.Form
	switch c.Method {
	case "chat.postMessage", "chat.postEphemeral":
		f.mu.Lock()
		tag := tagPattern.FindString(form.Get("blocks") + form.Get("text"))
		if tag == "" {
			tag = f.threadTag[form.Get("thread_ts")]
		}
		if tag == "" {
			tag = f.threadTag["channel:"+form.Get("channel")]
		}
		f.tagOfTS[c.TS] = tag
		f.mu.Unlock()
		if tag != "" && c.Method == "chat.postMessage" {
			f.ledger.message(tag)
		}
		f.final(tag, form)
	case "chat.update":
		f.final(f.tagOf(form.Get("ts"), false), form)
	case "chat.startStream":
		// Native streaming (mentions): the answer is final at chat.stopStream.
		f.mu.Lock()
		tag := f.threadTag[form.Get("thread_ts")]
		f.tagOfTS[c.TS] = tag
		f.mu.Unlock()
		if tag != "" {
			f.ledger.message(tag)
		}
	case "chat.stopStream":
		// A later chat.update of the same message is not another answer.
		if tag := f.tagOf(form.Get("ts"), true); tag != "" {
			f.ledger.final(tag, form.Get("markdown_text")+form.Get("blocks"))
		}
	case "response_url":
		tag := strings.TrimPrefix(c.Path, "/response/")
		blocks, _ := json.Marshal(c.Webhook.Blocks)
		f.ledger.message(tag)
		f.final(tag, url.Values{"text": {c.Webhook.Text}, "blocks": {string(blocks)}})
	}
}

// tagOf is the tag of the message ts, forgotten when forget is set.
func (f *slackLedger) tagOf(ts string, forget bool) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	tag := f.tagOfTS[ts]
	if forget {
		f.tagOfTS[ts] = ""
	}
	return tag
}

// final records a final reply for tag; the "working" placeholder and the
// streamed partial texts (which end in a cursor) are not final.
func (f *slackLedger) final(tag string, form url.Values) {
	blocks := form.Get("blocks")
	if tag != "" && !strings.Contains(blocks, `"block_id":"working"`) && !strings.Contains(blocks, "▍") {
		f.ledger.final(tag, form.Get("text")+blocks)
	}
}

// discordLedger tells the ledger what the shared fake Discord
// (internal/fakediscord) receives on the interaction webhooks.
type discordLedger struct {
	ledger    *ledger
	originals sync.Map // tags whose original response was edited
}

// start starts the fake Discord, counting into the ledger.
func (f *discordLedger) start() *fakediscord.Server {
	return fakediscord.StartWith(fakediscord.Options{OnCall: f.observe, Forget: true})
}

// observe records edits of the original response and follow-ups: each is
// final when it carries embeds.
func (f *discordLedger) observe(c fakediscord.Call, _ int) {
	parts := strings.Split(strings.Trim(c.Path, "/"), "/")
	if len(parts) < 3 || parts[0] != "webhooks" || c.Method == http.MethodDelete {
		return
	}
	tag := tagPattern.FindString(parts[2])
	if tag == "" {
		return
	}
	switch {
	case c.Method == http.MethodPatch && strings.HasSuffix(c.Path, "/messages/@original"):
		if _, seen := f.originals.LoadOrStore(tag, true); !seen {
			f.ledger.message(tag) // the original response is one message
		}
	case c.Method == http.MethodPost && len(parts) == 3:
		f.ledger.message(tag) // a follow-up; the original response is one more
	default:
		return
	}
	if _, hasEmbeds := c.Body["embeds"]; hasEmbeds {
		content, _ := c.Body["content"].(string)
		f.ledger.final(tag, content)
	}
}

// fakeLLM is an OpenAI-compatible chat completions endpoint that streams a
// short grounded answer; every failEvery-th call fails with 500 when
// failEvery > 0.
type fakeLLM struct {
	failEvery   int64
	answerBytes int           // stream an answer this long instead of the short one
	lineBytes   int           // send one SSE line this long
	delay       time.Duration // between streamed chunks
	calls       atomic.Int64
	failed      atomic.Int64
}

// start serves the fake model on loopback: the shared OpenAI-compatible
// fake (internal/fakeopenai), answering as the options say.
func (f *fakeLLM) start() *fakeopenai.Server {
	parts := []string{"N+1問題は、一覧を取得した後に", "各行ごとに追加のクエリを発行してしまう問題です [1]。", "JOINや事前読み込みで防ぎます [1]。"}
	srv := fakeopenai.Start()
	srv.Complete = func(w http.ResponseWriter, _ *http.Request, _ int) {
		if !f.fail(w) {
			fakeopenai.Completion(w, strings.Join(parts, ""))
		}
	}
	srv.Stream = func(w http.ResponseWriter, r *http.Request, _ int) {
		if f.fail(w) {
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		if f.answerBytes > 0 || f.lineBytes > 0 {
			f.runaway(w, r)
			return
		}
		for _, p := range parts {
			fakeopenai.Chunk(w, p)
			time.Sleep(f.delay)
		}
		fakeopenai.End(w)
	}
	return srv
}

// fail answers every failEvery-th call with 500.
func (f *fakeLLM) fail(w http.ResponseWriter) bool {
	if n := f.calls.Add(1); f.failEvery > 0 && n%f.failEvery == 0 {
		f.failed.Add(1)
		fakeopenai.APIError(w, http.StatusInternalServerError)
		return true
	}
	return false
}

// runaway streams what a hostile or broken model sends: an answer of
// answerBytes in 4 KiB chunks, or one SSE line of lineBytes, until the bot
// hangs up.
func (f *fakeLLM) runaway(w http.ResponseWriter, r *http.Request) {
	para := strings.Repeat("N+1問題は一覧の各行で追加のクエリを出す問題です [1]。JOINで防ぎます。\n\n", 40)
	for sent := 0; sent < f.answerBytes && r.Context().Err() == nil; sent += len(para) {
		fakeopenai.Chunk(w, para)
	}
	if f.lineBytes > 0 {
		fakeopenai.Chunk(w, "N+1問題は追加クエリの問題です [1]。")
		fmt.Fprint(w, `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"`)
		piece := strings.Repeat("x", 64<<10)
		for sent := 0; sent < f.lineBytes && r.Context().Err() == nil; sent += len(piece) {
			if _, err := io.WriteString(w, piece); err != nil {
				return
			}
		}
		fmt.Fprint(w, "\"}}]}\n\n")
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}
