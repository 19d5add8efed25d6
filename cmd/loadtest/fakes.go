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

	"github.com/backend-tip/backend-tip/internal/fakeopenai"
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

// fakeSlack is the Slack Web API and the response_url endpoint. Every
// every429-th chat.* call is answered 429 Retry-After: 1 when every429 > 0.
type fakeSlack struct {
	ledger   *ledger
	every429 int64
	calls    atomic.Int64
	limited  atomic.Int64
	nextTS   atomic.Int64
	mu       sync.Mutex
	tagOfTS  map[string]string
	// threadTag maps a mention's ts to its request tag: answers to
	// mentions go into the mention's thread and do not repeat the question.
	threadTag map[string]string
}

func (f *fakeSlack) expectThread(ts, tag string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.threadTag == nil {
		f.threadTag = map[string]string{}
	}
	f.threadTag[ts] = tag
}

func (f *fakeSlack) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"ok": true, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "backend-tip", "team": "load"})
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		method := strings.TrimPrefix(r.URL.Path, "/api/")
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if strings.HasPrefix(method, "chat.") && f.every429 > 0 && f.calls.Add(1)%f.every429 == 0 {
			f.limited.Add(1)
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			writeJSON(w, map[string]any{"ok": false, "error": "ratelimited"})
			return
		}
		switch method {
		case "chat.postMessage", "chat.postEphemeral":
			ts := fmt.Sprintf("1700000000.%06d", f.nextTS.Add(1))
			tag := tagPattern.FindString(r.Form.Get("blocks") + r.Form.Get("text"))
			f.mu.Lock()
			if tag == "" {
				tag = f.threadTag[r.Form.Get("thread_ts")]
			}
			if tag == "" {
				tag = f.threadTag["channel:"+r.Form.Get("channel")]
			}
			f.tagOfTS[ts] = tag
			f.mu.Unlock()
			if tag != "" && method == "chat.postMessage" {
				f.ledger.message(tag)
			}
			if tag != "" && isFinalSlack(r.Form) {
				f.ledger.final(tag, r.Form.Get("text")+r.Form.Get("blocks"))
			}
			writeJSON(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": ts, "message_ts": ts})
		case "chat.update":
			ts := r.Form.Get("ts")
			f.mu.Lock()
			tag := f.tagOfTS[ts]
			f.mu.Unlock()
			if tag != "" && isFinalSlack(r.Form) {
				f.ledger.final(tag, r.Form.Get("text")+r.Form.Get("blocks"))
			}
			writeJSON(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": ts})
		case "chat.startStream":
			// Native streaming (mentions): the answer is final at chat.stopStream.
			ts := fmt.Sprintf("1700000000.%06d", f.nextTS.Add(1))
			f.mu.Lock()
			tag := f.threadTag[r.Form.Get("thread_ts")]
			f.tagOfTS[ts] = tag
			f.mu.Unlock()
			if tag != "" {
				f.ledger.message(tag)
			}
			writeJSON(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": ts})
		case "chat.appendStream", "chat.stopStream":
			ts := r.Form.Get("ts")
			if method == "chat.stopStream" {
				f.mu.Lock()
				tag := f.tagOfTS[ts]
				f.tagOfTS[ts] = "" // a later chat.update of the same message is not another answer
				f.mu.Unlock()
				if tag != "" {
					f.ledger.final(tag, r.Form.Get("markdown_text")+r.Form.Get("blocks"))
				}
			}
			writeJSON(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": ts})
		case "conversations.history", "conversations.replies":
			writeJSON(w, map[string]any{"ok": true, "messages": []any{}})
		default: // chat.delete, assistant.threads.*, conversations.join
			writeJSON(w, map[string]any{"ok": true})
		}
	})
	mux.HandleFunc("POST /response/{tag}", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var msg struct {
			Text   string          `json:"text"`
			Blocks json.RawMessage `json:"blocks"`
		}
		_ = json.Unmarshal(body, &msg)
		f.ledger.message(r.PathValue("tag"))
		form := url.Values{"text": {msg.Text}, "blocks": {string(msg.Blocks)}}
		if isFinalSlack(form) {
			f.ledger.final(r.PathValue("tag"), string(body))
		}
		w.Write([]byte("ok"))
	})
	return mux
}

// isFinalSlack tells a final reply from the "working" placeholder and the
// streamed partial texts (which end in a cursor).
func isFinalSlack(form url.Values) bool {
	blocks := form.Get("blocks")
	return !strings.Contains(blocks, `"block_id":"working"`) && !strings.Contains(blocks, "▍")
}

// fakeDiscord is the Discord REST API for interaction webhooks.
type fakeDiscord struct {
	ledger *ledger
	nextID atomic.Int64
}

func (f *fakeDiscord) handler() http.Handler {
	mux := http.NewServeMux()
	message := func(w http.ResponseWriter, content string) {
		writeJSON(w, map[string]any{"id": fmt.Sprint(900000 + f.nextID.Add(1)), "channel_id": "C1", "content": content, "type": 0})
	}
	record := func(r *http.Request) (string, bool) {
		body, _ := io.ReadAll(r.Body)
		var m map[string]json.RawMessage
		_ = json.Unmarshal(body, &m)
		_, hasEmbeds := m["embeds"]
		var content string
		_ = json.Unmarshal(m["content"], &content)
		if tag := tagPattern.FindString(r.PathValue("token")); tag != "" && hasEmbeds {
			f.ledger.final(tag, content)
		}
		return content, hasEmbeds
	}
	var originals sync.Map // tokens whose original response was edited
	mux.HandleFunc("PATCH /webhooks/{app}/{token}/messages/@original", func(w http.ResponseWriter, r *http.Request) {
		if tag := tagPattern.FindString(r.PathValue("token")); tag != "" {
			if _, seen := originals.LoadOrStore(tag, true); !seen {
				f.ledger.message(tag) // the original response is one message
			}
		}
		content, _ := record(r)
		message(w, content)
	})
	mux.HandleFunc("POST /webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		if tag := tagPattern.FindString(r.PathValue("token")); tag != "" {
			f.ledger.message(tag) // a follow-up; the original response is one more
		}
		content, _ := record(r)
		message(w, content)
	})
	mux.HandleFunc("DELETE /webhooks/{app}/{token}/messages/@original", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"message":"not in the fake","code":0}`, http.StatusNotFound)
	})
	return mux
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

func writeJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	_ = json.NewEncoder(w).Encode(v)
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
