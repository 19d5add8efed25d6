package slack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// What the fake models of a real workspace, from Slack's documentation:
//
//   - Membership. conversations.history and conversations.replies answer
//     not_in_channel for a public channel the bot is not in (chat:write.public
//     does not change that); chat.postMessage works in a public channel
//     without joining (chat:write.public) but not in a private one, which
//     is channel_not_found to a non-member (history and replies too).
//     conversations.join joins public channels; on a private channel it is
//     method_not_supported_for_channel_type when the bot is in it, and
//     channel_not_found when it is not (private channels are invisible to
//     non-members, conversations.info included).
//   - Where text lives. A bot message posted with blocks keeps its `text`
//     argument as the message's text: the short notification fallback. The
//     answer itself is only in `blocks`. A streamed message's text is built
//     by chat.startStream/appendStream/stopStream as markdown_text and comes
//     back as a markdown block.
//   - Block Kit limits (invalid_blocks): at most 50 blocks; a section's text
//     at most 3000 characters; markdown blocks at most 12 000 characters in
//     all per message; a context block at most 10 elements; an actions
//     block at most 25 elements; button labels at most 75 characters,
//     action ids 255, values 2000; no message without text or blocks
//     (no_text).
//   - Paging. conversations.history and conversations.replies return at
//     most `limit` messages (history newest first, replies oldest first
//     with the parent), has_more and a next_cursor.
//   - Streaming. chat.startStream needs recipient_user_id and
//     recipient_team_id outside DMs (missing_recipient_user_id,
//     missing_recipient_team_id); appendStream needs markdown_text;
//     appendStream/stopStream on a stopped or unknown stream fail
//     (message_not_in_streaming_state); chat.update on a message still
//     streaming fails (streaming_state_conflict); once the asker stops the
//     stream, appendStream answers stopped_by_user.
//   - Rate limits. updateLimited answers chat.update with 429 + Retry-After;
//     startLimited chat.startStream (Tier 2: about 20 a minute, where
//     chat.appendStream is Tier 4 and chat.update Tier 3).

// Channels of the fake workspace besides testChannel (public, bot in it).
const (
	publicNotJoined = "CPUBLIC" // public, the bot is not in it
	privateMember   = "GMEMBER" // private, the bot was invited
	dmChannel       = "D1"      // the user's DM with the bot
	testTeam        = "T1"
	localeUser      = "UENGLISH" // users.info says en-US
)

type fakeChannel struct {
	private bool
	member  bool
	msgs    []slack.Message // oldest first, thread replies included
	stream  map[string]bool // ts of messages still streaming
}

// channel returns the channel's model; unknown ids are public channels the
// bot is in, so tests that do not care about membership need no setup.
func (f *fakeSlack) channel(id string) *fakeChannel {
	if f.chans == nil {
		f.chans = map[string]*fakeChannel{
			publicNotJoined: {},
			privateChannel:  {private: true},
			privateMember:   {private: true, member: true},
		}
	}
	ch, ok := f.chans[id]
	if !ok {
		ch = &fakeChannel{member: true, private: strings.HasPrefix(id, "D")}
		f.chans[id] = ch
	}
	return ch
}

// workspaceHandlers registers the methods that need the workspace model.
func (f *fakeSlack) workspaceHandlers(c slacktest.Customize) {
	c.Handle("/chat.postMessage", f.postMessage)
	c.Handle("/conversations.history", f.conversationsHistory)
	c.Handle("/conversations.replies", f.conversationsReplies)
	c.Handle("/conversations.join", func(w http.ResponseWriter, r *http.Request) {
		cl := f.record(r, "conversations.join")
		f.mu.Lock()
		defer f.mu.Unlock()
		ch := f.channel(cl.Form.Get("channel"))
		switch {
		case ch.private && ch.member:
			writeJSON(w, map[string]any{"ok": false, "error": "method_not_supported_for_channel_type"})
		case ch.private:
			writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		default:
			ch.member = true
			writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": cl.Form.Get("channel"), "is_member": true}})
		}
	})
	c.Handle("/conversations.info", func(w http.ResponseWriter, r *http.Request) {
		cl := f.record(r, "conversations.info")
		f.mu.Lock()
		defer f.mu.Unlock()
		ch := f.channel(cl.Form.Get("channel"))
		if ch.private && !ch.member {
			writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{
			"id": cl.Form.Get("channel"), "is_private": ch.private, "is_member": ch.member}})
	})
	for _, m := range []string{"chat.startStream", "chat.appendStream", "chat.stopStream"} {
		c.Handle("/"+m, func(w http.ResponseWriter, r *http.Request) { f.streamMethod(w, r, m) })
	}
	for _, m := range []string{"assistant.threads.setStatus", "assistant.threads.setSuggestedPrompts", "assistant.threads.setTitle"} {
		c.Handle("/"+m, func(w http.ResponseWriter, r *http.Request) {
			cl := f.record(r, m)
			if cl.Form.Get("channel_id") == "" || cl.Form.Get("thread_ts") == "" {
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
				return
			}
			if m == "assistant.threads.setStatus" && !validStatus(cl.Form) {
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
				return
			}
			if m == "assistant.threads.setSuggestedPrompts" {
				var prompts []struct{ Title, Message string }
				if json.Unmarshal([]byte(cl.Form.Get("prompts")), &prompts) != nil || len(prompts) == 0 || len(prompts) > 4 {
					writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"}) // "up to four suggested prompts"
					return
				}
			}
			writeJSON(w, map[string]any{"ok": true})
		})
	}
	c.Handle("/views.publish", func(w http.ResponseWriter, r *http.Request) {
		// views.publish takes a JSON body (slack-go posts it so).
		var req struct {
			UserID string          `json:"user_id"`
			View   json.RawMessage `json:"view"`
		}
		body, _ := io.ReadAll(r.Body)
		err := json.Unmarshal(body, &req)
		f.mu.Lock()
		f.calls = append(f.calls, call{Method: "views.publish", Form: url.Values{"user_id": {req.UserID}, "view": {string(req.View)}}, At: time.Now()})
		f.mu.Unlock()
		var v struct {
			Type   string       `json:"type"`
			Blocks slack.Blocks `json:"blocks"`
		}
		if err != nil || json.Unmarshal(req.View, &v) != nil || v.Type != "home" || req.UserID == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
		for _, b := range v.Blocks.BlockSet {
			if b.BlockType() == slack.MBTMarkdown { // markdown blocks are for messages only
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_blocks"})
				return
			}
		}
		if len(v.Blocks.BlockSet) > 100 {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_blocks"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V1", "type": "home"}})
	})
	// users.info (Tier 4, scope users:read): is_admin / is_owner are what a
	// bot can learn about a member's rights, locale (include_locale) their
	// language; an unknown user is {"ok":false,"error":"user_not_found"}.
	c.Handle("/users.info", func(w http.ResponseWriter, r *http.Request) {
		// users.info (Tier 4, scope users:read): is_admin / is_owner are
		// what a bot can learn about a member's rights; an unknown user is
		// {"ok":false,"error":"user_not_found"}.
		cl := f.record(r, "users.info")
		id := cl.Form.Get("user")
		if !strings.HasPrefix(id, "U") {
			writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
			return
		}
		user := map[string]any{"id": id, "name": strings.ToLower(id),
			"is_admin": id == testAdmin, "is_owner": false, "is_primary_owner": false}
		if cl.Form.Get("include_locale") == "true" {
			user["locale"] = "ja-JP"
			if cl.Form.Get("user") == localeUser {
				user["locale"] = "en-US"
			}
		}
		writeJSON(w, map[string]any{"ok": true, "user": user})
	})
}

// postMessage checks membership and Block Kit limits and stores the message
// as Slack would return it later.
func (f *fakeSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	cl := f.record(r, "chat.postMessage")
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.channel(cl.Form.Get("channel"))
	if ch.private && !ch.member {
		// A private channel is invisible to a non-member.
		writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	blocks, problem := checkBlocks(cl.Form.Get("blocks"))
	if problem == "" && cl.Form.Get("text") == "" && len(blocks) == 0 && cl.Form.Get("markdown_text") == "" {
		problem = "no_text"
	}
	if cl.Form.Get("markdown_text") != "" && (cl.Form.Has("text") || cl.Form.Has("blocks")) {
		problem = "markdown_text_conflict" // markdown_text goes alone
	}
	if problem != "" {
		f.rejected = append(f.rejected, problem)
		writeJSON(w, map[string]any{"ok": false, "error": problem})
		return
	}
	m := slack.Message{Msg: slack.Msg{Type: "message", Timestamp: cl.TS, User: testBotUser, BotID: testBotID,
		Text: cl.Form.Get("text"), ThreadTimestamp: cl.Form.Get("thread_ts"), Blocks: slack.Blocks{BlockSet: blocks}}}
	if raw := cl.Form.Get("metadata"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &m.Metadata)
	}
	ch.msgs = append(ch.msgs, m)
	writeJSON(w, map[string]any{"ok": true, "channel": cl.Form.Get("channel"), "ts": cl.TS})
}

// checkBlocks decodes blocks and returns Slack's error for a payload over its limits.
func checkBlocks(raw string) ([]slack.Block, string) {
	if raw == "" {
		return nil, ""
	}
	var b slack.Blocks
	if err := json.Unmarshal([]byte(raw), &b); err != nil {
		return nil, "invalid_blocks_format"
	}
	if len(b.BlockSet) > 50 {
		return nil, "invalid_blocks"
	}
	markdown := 0
	for _, bl := range b.BlockSet {
		switch bl := bl.(type) {
		case *slack.SectionBlock:
			if bl.Text != nil && utf8.RuneCountInString(bl.Text.Text) > 3000 {
				return nil, "invalid_blocks"
			}
		case *slack.MarkdownBlock:
			markdown += utf8.RuneCountInString(bl.Text)
		case *slack.ContextBlock:
			if len(bl.ContextElements.Elements) > 10 {
				return nil, "invalid_blocks"
			}
		case *slack.ActionBlock:
			if len(bl.Elements.ElementSet) > 25 {
				return nil, "invalid_blocks"
			}
			for _, e := range bl.Elements.ElementSet {
				btn, ok := e.(*slack.ButtonBlockElement)
				if ok && (utf8.RuneCountInString(btn.Text.Text) > 75 || len(btn.ActionID) > 255 || len(btn.Value) > 2000) {
					return nil, "invalid_blocks" // label 75, action_id 255, value 2000 characters
				}
			}
		}
	}
	if markdown > 12000 {
		return nil, "invalid_blocks"
	}
	return b.BlockSet, ""
}

// conversationsHistory returns top-level messages newest first, paged.
func (f *fakeSlack) conversationsHistory(w http.ResponseWriter, r *http.Request) {
	cl := f.record(r, "conversations.history")
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.channel(cl.Form.Get("channel"))
	if !ch.member {
		writeJSON(w, map[string]any{"ok": false, "error": notMemberError(ch)})
		return
	}
	var top []slack.Message
	for _, m := range ch.msgs {
		if m.ThreadTimestamp == "" || m.ThreadTimestamp == m.Timestamp {
			top = append(top, m)
		}
	}
	top = append(top, f.history...)
	if v := cl.Form.Get("include_all_metadata"); v != "1" && v != "true" {
		for i := range top {
			top[i].Metadata = slack.SlackMetadata{} // metadata comes only when asked for
		}
	}
	sort.SliceStable(top, func(i, j int) bool { return top[i].Timestamp > top[j].Timestamp })
	writePage(w, top, cl.Form, 999)
}

// conversationsReplies returns a thread oldest first, parent included, paged.
func (f *fakeSlack) conversationsReplies(w http.ResponseWriter, r *http.Request) {
	cl := f.record(r, "conversations.replies")
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.channel(cl.Form.Get("channel"))
	if !ch.member {
		writeJSON(w, map[string]any{"ok": false, "error": notMemberError(ch)})
		return
	}
	ts := cl.Form.Get("ts")
	thread := append([]slack.Message(nil), f.replies[ts]...)
	for _, m := range ch.msgs {
		if m.Timestamp == ts || m.ThreadTimestamp == ts {
			thread = append(thread, m)
		}
	}
	sort.SliceStable(thread, func(i, j int) bool { return thread[i].Timestamp < thread[j].Timestamp })
	if latest := cl.Form.Get("latest"); latest != "" {
		n := 0
		for _, m := range thread {
			if m.Timestamp < latest || m.Timestamp == latest && cl.Form.Get("inclusive") == "1" {
				thread[n] = m
				n++
			}
		}
		thread = thread[:n]
	}
	writePage(w, thread, cl.Form, 1000)
}

// writePage writes msgs[cursor:cursor+limit] with has_more and next_cursor.
func writePage(w http.ResponseWriter, msgs []slack.Message, form url.Values, max int) {
	limit, _ := strconv.Atoi(form.Get("limit"))
	if limit <= 0 || limit > max {
		limit = max
	}
	start, _ := strconv.Atoi(strings.TrimPrefix(form.Get("cursor"), "c"))
	start = min(start, len(msgs))
	end := min(start+limit, len(msgs))
	resp := map[string]any{"ok": true, "messages": msgs[start:end], "has_more": end < len(msgs)}
	if end < len(msgs) {
		resp["response_metadata"] = map[string]any{"next_cursor": fmt.Sprintf("c%d", end)}
	}
	writeJSON(w, resp)
}

// streamMethod models chat.startStream/appendStream/stopStream: the
// message's markdown grows with each call and ends as one markdown block
// (plus the blocks given to stopStream).
func (f *fakeSlack) streamMethod(w http.ResponseWriter, r *http.Request, method string) {
	cl := f.record(r, method)
	f.mu.Lock()
	defer f.mu.Unlock()
	if method == "chat.startStream" && f.startLimited > 0 {
		f.startLimited--
		f.calls[len(f.calls)-1].Method = "chat.startStream(429)"
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	channel := cl.Form.Get("channel")
	ch := f.channel(channel)
	if !ch.member {
		writeJSON(w, map[string]any{"ok": false, "error": notMemberError(ch)})
		return
	}
	if ch.stream == nil {
		ch.stream = map[string]bool{}
	}
	text := cl.Form.Get("markdown_text")
	if utf8.RuneCountInString(text) > 12000 {
		writeJSON(w, map[string]any{"ok": false, "error": "msg_too_long"})
		return
	}
	if method == "chat.startStream" {
		if !strings.HasPrefix(channel, "D") && cl.Form.Get("recipient_user_id") == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "missing_recipient_user_id"})
			return
		}
		if !strings.HasPrefix(channel, "D") && cl.Form.Get("recipient_team_id") == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "missing_recipient_team_id"})
			return
		}
		f.seq++
		ts := fmt.Sprintf("1700000000.%06d", f.seq)
		f.calls[len(f.calls)-1].TS = ts
		ch.msgs = append(ch.msgs, slack.Message{Msg: slack.Msg{Type: "message", Timestamp: ts, User: testBotUser, BotID: testBotID,
			ThreadTimestamp: cl.Form.Get("thread_ts"), Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewMarkdownBlock("", text)}}}})
		ch.stream[ts] = true
		writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts})
		return
	}
	ts := cl.Form.Get("ts")
	if !ch.stream[ts] {
		writeJSON(w, map[string]any{"ok": false, "error": "message_not_in_streaming_state"})
		return
	}
	if method == "chat.appendStream" && text == "" {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"}) // markdown_text is required
		return
	}
	if method == "chat.appendStream" && f.stopByUser {
		delete(ch.stream, ts)
		writeJSON(w, map[string]any{"ok": false, "error": "stopped_by_user"})
		return
	}
	for i := range ch.msgs {
		m := &ch.msgs[i]
		if m.Timestamp != ts {
			continue
		}
		md, ok := firstMarkdown(m.Blocks.BlockSet)
		if !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "message_not_in_streaming_state"})
			return
		}
		if utf8.RuneCountInString(md.Text+text) > 12000 {
			writeJSON(w, map[string]any{"ok": false, "error": "msg_too_long"})
			return
		}
		md.Text += text
		if method == "chat.stopStream" {
			blocks, problem := checkBlocks(cl.Form.Get("blocks"))
			if problem != "" {
				writeJSON(w, map[string]any{"ok": false, "error": problem})
				return
			}
			m.Blocks.BlockSet = append(m.Blocks.BlockSet, blocks...)
			m.Text = summaryOf(md.Text)
			delete(ch.stream, ts)
		}
	}
	writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts})
}

// summaryOf is the short text Slack keeps beside a streamed message's blocks.
func summaryOf(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:100]) + "…"
	}
	return s
}

// messages returns what the fake stores for a channel (oldest first).
func (f *fakeSlack) messages(channel string) []slack.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]slack.Message(nil), f.channel(channel).msgs...)
}

// applyUpdate replaces a stored message's text and blocks (chat.update).
func (f *fakeSlack) applyUpdate(cl call) {
	blocks, _ := checkBlocks(cl.Form.Get("blocks"))
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := f.channel(cl.Form.Get("channel"))
	for i := range ch.msgs {
		if ch.msgs[i].Timestamp == cl.Form.Get("ts") {
			ch.msgs[i].Text = cl.Form.Get("text")
			ch.msgs[i].Blocks = slack.Blocks{BlockSet: blocks}
		}
	}
}

// streamedText is the markdown of a streamed message as Slack stores it.
func streamedText(f *fakeSlack, channel, ts string) string {
	for _, m := range f.messages(channel) {
		if m.Timestamp == ts {
			return answerFromBlocks(m.Blocks.BlockSet)
		}
	}
	return ""
}

func firstMarkdown(blocks []slack.Block) (*slack.MarkdownBlock, bool) {
	if len(blocks) == 0 {
		return nil, false
	}
	md, ok := blocks[0].(*slack.MarkdownBlock)
	return md, ok
}

// notMemberError is what Slack answers a bot reading a channel it is not in.
func notMemberError(ch *fakeChannel) string {
	if ch.private {
		return "channel_not_found"
	}
	return "not_in_channel"
}

// validStatus checks assistant.threads.setStatus's arguments: status is
// required (empty clears it); loading_messages holds 1 to 10 messages of
// 1 to 50 characters.
func validStatus(form url.Values) bool {
	if !form.Has("status") {
		return false
	}
	raw := form.Get("loading_messages")
	if raw == "" {
		return true
	}
	var msgs []string
	if json.Unmarshal([]byte(raw), &msgs) != nil {
		// slack-go sends the list comma-separated.
		msgs = strings.Split(raw, ",")
	}
	if len(msgs) < 1 || len(msgs) > 10 {
		return false
	}
	for _, m := range msgs {
		if n := utf8.RuneCountInString(m); n < 1 || n > 50 {
			return false
		}
	}
	return true
}
