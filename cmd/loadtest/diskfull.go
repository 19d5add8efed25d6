package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // integrity check of the bot's database
)

// errNoTmpfs means a tmpfs could not be mounted (not root, or no mount
// permission in this container).
var errNoTmpfs = errors.New("mount a 16 MiB tmpfs (needs root)")

// runDiskFull fills the bot's data volume (a small tmpfs) while it serves
// Slack mentions, asks and `quiz daily` commands, then frees it. Every
// request must get exactly one reply (an apology is allowed while the disk
// is full), the bot must stay up and log the cause, and afterwards the
// database must pass an integrity check and take writes again.
func runDiskFull(ctx context.Context, o options, out io.Writer) (bool, error) {
	dir, err := os.MkdirTemp("", "backend-tip-full-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	if msg, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir).CombinedOutput(); err != nil {
		return false, fmt.Errorf("%w: %v %s", errNoTmpfs, err, strings.TrimSpace(string(msg)))
	}
	defer exec.Command("umount", dir).Run()

	led := newLedger()
	slackFake := newSlackLedger(led, 0)
	llm := &fakeLLM{delay: time.Millisecond}
	slackSrv, llmSrv := slackFake.start(), llm.start()
	defer slackSrv.Close()
	defer llmSrv.Close()
	const secret = "disk-full-signing-secret"
	addr, err := freeAddr()
	if err != nil {
		return false, err
	}
	env := append(os.Environ(), "BACKEND_TIP_HTTP_ADDR="+addr, "BACKEND_TIP_DATA_DIR="+dir,
		"BACKEND_TIP_LOG_FORMAT=json", "BACKEND_TIP_EMBEDDER=local", "OPENAI_BASE_URL="+llmSrv.URL+"/v1", "OPENAI_API_KEY=sk-fake",
		"BACKEND_TIP_USER_RATE=0", "BACKEND_TIP_CHANNEL_RATE=0",
		"SLACK_BOT_TOKEN=xoxb-disk-full", "SLACK_SIGNING_SECRET="+secret, "SLACK_API_URL="+slackSrv.URL())
	logs := newLogTail()
	b, err := startBot(ctx, o.bin, addr, env, logs)
	if err != nil {
		return false, err
	}
	defer b.stop(30 * time.Second)

	filler := filepath.Join(dir, "filler")
	filled, err := fill(filler)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "disk full: tmpfs of 16 MiB filled with %.1f MiB\n", float64(filled)/(1<<20))

	client := &http.Client{Timeout: 30 * time.Second}
	var tags []string
	send := func(i int, kind string) error {
		tag := fmt.Sprintf("lt-%06d", i)
		tags = append(tags, tag)
		var path string
		var body []byte
		switch kind {
		case "mention":
			ts := fmt.Sprintf("1800000000.%06d", i)
			slackFake.expectThread(ts, tag)
			ev, _ := json.Marshal(map[string]any{"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
				"event_id": "Ev" + tag, "event_time": time.Now().Unix(),
				"event": map[string]any{"type": "app_mention", "user": fmt.Sprintf("U%d", i), "channel": "C1", "ts": ts, "event_ts": ts,
					"text": "<@UBOT> " + questions[i%len(questions)]}})
			path, body = "/slack/events", ev
		default:
			text := "ask " + questions[i%len(questions)] + " " + tag
			// a quiz confirmation may be a channel message without the tag
			slackFake.expectThread("channel:"+fmt.Sprintf("C%03d", i), tag)
			if kind == "quiz" {
				text = fmt.Sprintf("quiz daily %02d:%02d Asia/Tokyo", 6+i%12, (i*5)%60)
			}
			form := url.Values{"team_id": {"T1"}, "channel_id": {fmt.Sprintf("C%03d", i)}, "user_id": {fmt.Sprintf("U%d", i)},
				"user_name": {"u"}, "command": {"/backend-tip"}, "text": {text},
				"response_url": {slackSrv.ResponseURL(tag)}, "trigger_id": {tag}}
			path, body = "/slack/commands", []byte(form.Encode())
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.base+path, bytes.NewReader(body))
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte("v0:" + ts + ":"))
		mac.Write(body)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s %s: status %d", kind, tag, resp.StatusCode)
		}
		return nil
	}
	kinds := []string{"mention", "quiz", "ask"}
	sendErrs := 0
	for i := range o.n {
		if err := send(i, kinds[i%len(kinds)]); err != nil {
			sendErrs++
			fmt.Fprintf(out, "  send: %v\n", err)
		}
	}
	waitAnswers(led, len(tags), o.answerWait)
	once, missing, twice, apologies := led.counts(tags)
	code, _ := get(b.base + "/healthz")
	fullLines := logs.matching("full", 3)
	fmt.Fprintf(out, "  while full: %d requests (mentions, quiz daily, ask), ack errors %d; answered exactly once %d, missing %d, twice %d, apologies %d; /healthz %d\n",
		len(tags), sendErrs, once, missing, twice, apologies, code)
	for _, l := range fullLines {
		fmt.Fprintf(out, "    log: %s\n", truncate(l, 260))
	}

	// Free the disk: writes work again.
	if err := os.Remove(filler); err != nil {
		return false, err
	}
	afterTags := len(tags)
	for i := o.n; i < o.n+6; i++ {
		if err := send(i, "quiz"); err != nil {
			sendErrs++
		}
	}
	waitAnswers(led, len(tags), o.answerWait)
	_, missingAfter, twiceAfter, apologiesAfter := led.counts(tags[afterTags:])
	exit, stopErr := b.stop(30 * time.Second)
	integrity, subs, err := checkDatabase(filepath.Join(dir, "backend-tip.db"))
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "  after freeing: 6 quiz daily commands, missing %d, twice %d, apologies %d; exit %d; integrity_check %q, %d schedules stored\n",
		missingAfter, twiceAfter, apologiesAfter, exit, integrity, subs)
	ok := sendErrs == 0 && missing == 0 && twice == 0 && code == http.StatusOK && len(fullLines) > 0 &&
		missingAfter == 0 && twiceAfter == 0 && apologiesAfter == 0 && stopErr == nil && exit == 0 && integrity == "ok"
	return ok, nil
}

// fill writes zeros to path until the file system is full.
func fill(path string) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	var n int64
	for {
		k, err := f.Write(buf)
		n += int64(k)
		if errors.Is(err, syscall.ENOSPC) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

func waitAnswers(led *ledger, want int, wait time.Duration) {
	deadline := time.Now().Add(wait)
	for led.total() < want && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
}

func get(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// checkDatabase runs SQLite's integrity check on the bot's database and
// counts the stored schedules.
func checkDatabase(path string) (string, int, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return "", 0, err
	}
	defer db.Close()
	var result string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&result); err != nil {
		return "", 0, fmt.Errorf("integrity check: %w", err)
	}
	var subs int
	if err := db.QueryRow(`SELECT COUNT(*) FROM subscriptions`).Scan(&subs); err != nil {
		return result, 0, fmt.Errorf("count schedules: %w", err)
	}
	return strings.TrimSpace(result), subs, nil
}
