package fakeslack

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
)

// Channel is the fake's model of one conversation.
type Channel struct {
	Private bool
	Member  bool
	GroupDM bool            // a multi-person DM (mpim)
	Msgs    []slack.Message // oldest first, thread replies included
	stream  map[string]bool // ts of messages still streaming
}

// Channel returns the model of channel id, creating it on first use; hold
// the lock.
func (s *Server) Channel(id string) *Channel {
	if s.chans == nil {
		s.chans = map[string]*Channel{
			PublicNotJoined: {},
			PrivateChannel:  {Private: true},
			PrivateMember:   {Private: true, Member: true},
			GroupDM:         {Private: true, GroupDM: true},
		}
	}
	ch, ok := s.chans[id]
	if !ok {
		// A D… channel is the bot's DM only when it is D+<user>, what
		// conversations.open returns; any other is a DM between people.
		dm := strings.HasPrefix(id, "D")
		ch = &Channel{Member: !dm || BotDM(id), Private: dm}
		s.chans[id] = ch
	}
	return ch
}

// DMWith is the bot's DM with user: what conversations.open returns for it.
func DMWith(user string) string { return "D" + user }

// BotDM reports whether channel is one of the bot's own DMs (D+<user>).
func BotDM(channel string) bool {
	user, ok := strings.CutPrefix(channel, "D")
	return ok && (strings.HasPrefix(user, "U") || strings.HasPrefix(user, "W")) && !strings.Contains(user, ",")
}

// inChannel answers a method on a conversation: with the lock held, answer
// gets the model of the call's channel.
func (s *Server) inChannel(answer func(Call, *Channel) any) func(Call) any {
	return func(cl Call) any {
		s.Lock()
		defer s.Unlock()
		return answer(cl, s.Channel(cl.Form.Get("channel")))
	}
}

// Messages returns what the fake stores for a channel (oldest first).
func (s *Server) Messages(channel string) []slack.Message {
	s.Lock()
	defer s.Unlock()
	return append([]slack.Message(nil), s.Channel(channel).Msgs...)
}

// postMessage checks membership and Block Kit limits and stores the message
// as Slack would return it later.
func (s *Server) postMessage(cl Call, ch *Channel) any {
	if ch.Private && !ch.Member {
		return slackError("channel_not_found") // a private channel is invisible to a non-member
	}
	blocks, problem := CheckBlocks(cl.Form.Get("blocks"))
	if problem == "" && cl.Form.Get("text") == "" && len(blocks) == 0 && cl.Form.Get("markdown_text") == "" {
		problem = "no_text"
	}
	if cl.Form.Get("markdown_text") != "" && (cl.Form.Has("text") || cl.Form.Has("blocks")) {
		problem = "markdown_text_conflict" // markdown_text goes alone
	}
	if problem != "" {
		s.Rejected = append(s.Rejected, problem)
		return slackError(problem)
	}
	m := slack.Message{Msg: slack.Msg{Type: "message", Timestamp: cl.TS, User: BotUser, BotID: BotID,
		Text: cl.Form.Get("text"), ThreadTimestamp: cl.Form.Get("thread_ts"), Blocks: slack.Blocks{BlockSet: blocks}}}
	if raw := cl.Form.Get("metadata"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &m.Metadata)
	}
	ch.Msgs = append(ch.Msgs, m)
	return map[string]any{"ok": true, "channel": cl.Form.Get("channel"), "ts": cl.TS}
}

// update is chat.update: the stored message's text and blocks are replaced.
func (s *Server) update(cl Call, ch *Channel) any {
	failure := s.UpdateError
	if ch.stream[cl.Form.Get("ts")] {
		failure = "streaming_state_conflict" // a streaming message is changed by the stream methods only
	}
	blocks, problem := CheckBlocks(cl.Form.Get("blocks"))
	if failure == "" {
		failure = problem
	}
	if failure != "" {
		return slackError(failure)
	}
	for i := range ch.Msgs {
		if ch.Msgs[i].Timestamp == cl.Form.Get("ts") {
			ch.Msgs[i].Text = cl.Form.Get("text")
			ch.Msgs[i].Blocks = slack.Blocks{BlockSet: blocks}
		}
	}
	return map[string]any{"ok": true, "channel": cl.Form.Get("channel"), "ts": cl.Form.Get("ts")}
}

// CheckBlocks decodes blocks and returns Slack's error for a payload over its limits.
func CheckBlocks(raw string) ([]slack.Block, string) {
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
		if md, ok := bl.(*slack.MarkdownBlock); ok {
			markdown += utf8.RuneCountInString(md.Text)
		}
		if !withinLimits(bl) {
			return nil, "invalid_blocks"
		}
	}
	if markdown > 12000 {
		return nil, "invalid_blocks"
	}
	return b.BlockSet, ""
}

// withinLimits checks one block against Block Kit's limits.
func withinLimits(bl slack.Block) bool {
	switch bl := bl.(type) {
	case *slack.SectionBlock:
		return bl.Text == nil || utf8.RuneCountInString(bl.Text.Text) <= 3000
	case *slack.ContextBlock:
		return len(bl.ContextElements.Elements) <= 10
	case *slack.ActionBlock:
		if len(bl.Elements.ElementSet) > 25 {
			return false
		}
		for _, e := range bl.Elements.ElementSet {
			btn, ok := e.(*slack.ButtonBlockElement)
			if ok && (utf8.RuneCountInString(btn.Text.Text) > 75 || len(btn.ActionID) > 255 || len(btn.Value) > 2000) {
				return false // label 75, action_id 255, value 2000 characters
			}
		}
	}
	return true
}

// conversationsHistory returns top-level messages newest first, paged.
func (s *Server) conversationsHistory(cl Call, ch *Channel) any {
	if !ch.Member {
		return slackError(notMemberError(ch))
	}
	var top []slack.Message
	for _, m := range ch.Msgs {
		if m.ThreadTimestamp == "" || m.ThreadTimestamp == m.Timestamp {
			top = append(top, m)
		}
	}
	top = append(top, s.History...)
	if v := cl.Form.Get("include_all_metadata"); v != "1" && v != "true" {
		for i := range top {
			top[i].Metadata = slack.SlackMetadata{} // metadata comes only when asked for
		}
	}
	sort.SliceStable(top, func(i, j int) bool { return top[i].Timestamp > top[j].Timestamp })
	return page(top, cl.Form, 999)
}

// conversationsReplies returns a thread oldest first, parent included, paged.
func (s *Server) conversationsReplies(cl Call, ch *Channel) any {
	if !ch.Member {
		return slackError(notMemberError(ch))
	}
	ts := cl.Form.Get("ts")
	thread := append([]slack.Message(nil), s.Replies[ts]...)
	for _, m := range ch.Msgs {
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
	return page(thread, cl.Form, 1000)
}

// page is msgs[cursor:cursor+limit] with has_more and next_cursor.
func page(msgs []slack.Message, form url.Values, most int) map[string]any {
	limit, _ := strconv.Atoi(form.Get("limit"))
	if limit <= 0 || limit > most {
		limit = most
	}
	start, _ := strconv.Atoi(strings.TrimPrefix(form.Get("cursor"), "c"))
	start = min(start, len(msgs))
	end := min(start+limit, len(msgs))
	resp := map[string]any{"ok": true, "messages": msgs[start:end], "has_more": end < len(msgs)}
	if end < len(msgs) {
		resp["response_metadata"] = map[string]any{"next_cursor": fmt.Sprintf("c%d", end)}
	}
	return resp
}

func (s *Server) conversationsJoin(cl Call, ch *Channel) any {
	switch {
	case ch.Private && ch.Member, ch.GroupDM:
		return slackError("method_not_supported_for_channel_type")
	case ch.Private:
		return slackError("channel_not_found")
	}
	ch.Member = true
	return map[string]any{"ok": true, "channel": map[string]any{"id": cl.Form.Get("channel"), "is_member": true}}
}

func (s *Server) conversationsInfo(cl Call, ch *Channel) any {
	if ch.GroupDM {
		return map[string]any{"ok": false, "error": "missing_scope", "needed": "mpim:read"}
	}
	if ch.Private && !ch.Member {
		return slackError("channel_not_found")
	}
	return map[string]any{"ok": true, "channel": map[string]any{
		"id": cl.Form.Get("channel"), "is_private": ch.Private, "is_member": ch.Member}}
}

// conversationsOpen returns the bot's DM with one user (users=<user>),
// the same id every time, or resumes a DM by id (channel=<id>): only the
// bot's own; anyone else's DM is channel_not_found to it. Several users
// would open a group DM, which needs mpim:write (not granted).
func conversationsOpen(cl Call) any {
	if channel := cl.Form.Get("channel"); channel != "" {
		if !BotDM(channel) {
			return slackError("channel_not_found")
		}
		return map[string]any{"ok": true, "channel": map[string]any{"id": channel, "is_im": true, "user": strings.TrimPrefix(channel, "D")}}
	}
	users := cl.Form.Get("users")
	switch {
	case strings.Contains(users, ","):
		return map[string]any{"ok": false, "error": "missing_scope", "needed": "mpim:write"}
	case !strings.HasPrefix(users, "U") && !strings.HasPrefix(users, "W"):
		return slackError("user_not_found")
	}
	return map[string]any{"ok": true, "channel": map[string]any{"id": DMWith(users), "is_im": true, "user": users}}
}

// usersInfo tells a member's rights (Admin is a workspace admin) and, with
// include_locale, their locale (LocaleUser: en-US, others ja-JP).
func usersInfo(cl Call) any {
	id := cl.Form.Get("user")
	if !strings.HasPrefix(id, "U") {
		return slackError("user_not_found")
	}
	user := map[string]any{"id": id, "name": strings.ToLower(id),
		"is_admin": id == Admin, "is_owner": false, "is_primary_owner": false}
	if cl.Form.Get("include_locale") == "true" {
		user["locale"] = "ja-JP"
		if id == LocaleUser {
			user["locale"] = "en-US"
		}
	}
	return map[string]any{"ok": true, "user": user}
}

// assistantMethod answers assistant.threads.*: channel_id and thread_ts are
// required; at most four suggested prompts.
func assistantMethod(cl Call) any {
	if cl.Form.Get("channel_id") == "" || cl.Form.Get("thread_ts") == "" {
		return slackError("invalid_arguments")
	}
	if cl.Method == "assistant.threads.setStatus" && !validStatus(cl.Form) {
		return slackError("invalid_arguments")
	}
	if cl.Method == "assistant.threads.setSuggestedPrompts" {
		var prompts []struct{ Title, Message string }
		if json.Unmarshal([]byte(cl.Form.Get("prompts")), &prompts) != nil || len(prompts) == 0 || len(prompts) > 4 {
			return slackError("invalid_arguments") // "up to four suggested prompts"
		}
	}
	return map[string]any{"ok": true}
}

// viewsPublish takes a JSON body (slack-go posts it so): a home view of at
// most 100 blocks, none of them markdown blocks (those are for messages).
func (s *Server) viewsPublish(w http.ResponseWriter, r *http.Request) {
	var req struct {
		UserID string          `json:"user_id"`
		View   json.RawMessage `json:"view"`
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away mid-request: Slack acts on no half a body
	}
	err = json.Unmarshal(body, &req)
	cl := Call{Method: "views.publish", Form: url.Values{"user_id": {req.UserID}, "view": {string(req.View)}}, Path: r.URL.Path, At: time.Now()}
	var v struct {
		Type   string       `json:"type"`
		Blocks slack.Blocks `json:"blocks"`
	}
	answer := map[string]any{"ok": true, "view": map[string]any{"id": "V1", "type": "home"}}
	if err != nil || json.Unmarshal(req.View, &v) != nil || v.Type != "home" || req.UserID == "" || len(v.Blocks.BlockSet) > 100 {
		answer = slackError("invalid_arguments")
	}
	for _, b := range v.Blocks.BlockSet {
		if b.BlockType() == slack.MBTMarkdown {
			answer = slackError("invalid_blocks")
		}
	}
	s.finish(w, cl, answer)
}

// streamMethod models chat.startStream/appendStream/stopStream: the
// message's markdown grows with each call and ends as one markdown block
// (plus the blocks given to stopStream).
func (s *Server) streamMethod(cl Call, ch *Channel) any {
	channel := cl.Form.Get("channel")
	if !ch.Member {
		return slackError(notMemberError(ch))
	}
	if ch.stream == nil {
		ch.stream = map[string]bool{}
	}
	text := cl.Form.Get("markdown_text")
	if utf8.RuneCountInString(text) > 12000 {
		return slackError("msg_too_long")
	}
	if cl.Method == "chat.startStream" {
		if !strings.HasPrefix(channel, "D") && cl.Form.Get("recipient_user_id") == "" {
			return slackError("missing_recipient_user_id")
		}
		if !strings.HasPrefix(channel, "D") && cl.Form.Get("recipient_team_id") == "" {
			return slackError("missing_recipient_team_id")
		}
		ch.Msgs = append(ch.Msgs, slack.Message{Msg: slack.Msg{Type: "message", Timestamp: cl.TS, User: BotUser, BotID: BotID,
			ThreadTimestamp: cl.Form.Get("thread_ts"), Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewMarkdownBlock("", text)}}}})
		ch.stream[cl.TS] = true
		return map[string]any{"ok": true, "channel": channel, "ts": cl.TS}
	}
	ts := cl.Form.Get("ts")
	if !ch.stream[ts] {
		return slackError("message_not_in_streaming_state")
	}
	if cl.Method == "chat.appendStream" && text == "" {
		return slackError("invalid_arguments") // markdown_text is required
	}
	if cl.Method == "chat.appendStream" && s.StopByUser {
		delete(ch.stream, ts)
		return slackError("stopped_by_user")
	}
	for i := range ch.Msgs {
		if ch.Msgs[i].Timestamp == ts {
			if problem := ch.appendStream(i, text, cl); problem != "" {
				return slackError(problem)
			}
		}
	}
	return map[string]any{"ok": true, "channel": channel, "ts": ts}
}

// appendStream adds text to the streamed message Msgs[i]; stopStream also
// adds its blocks and ends the stream. It returns Slack's error, if any.
func (ch *Channel) appendStream(i int, text string, cl Call) string {
	m := &ch.Msgs[i]
	md, ok := firstMarkdown(m.Blocks.BlockSet)
	if !ok {
		return "message_not_in_streaming_state"
	}
	if utf8.RuneCountInString(md.Text+text) > 12000 {
		return "msg_too_long"
	}
	md.Text += text
	if cl.Method == "chat.stopStream" {
		blocks, problem := CheckBlocks(cl.Form.Get("blocks"))
		if problem != "" {
			return problem
		}
		m.Blocks.BlockSet = append(m.Blocks.BlockSet, blocks...)
		m.Text = summaryOf(md.Text)
		delete(ch.stream, m.Timestamp)
	}
	return ""
}

// summaryOf is the short text Slack keeps beside a streamed message's blocks.
func summaryOf(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:100]) + "…"
	}
	return s
}

func firstMarkdown(blocks []slack.Block) (*slack.MarkdownBlock, bool) {
	if len(blocks) == 0 {
		return nil, false
	}
	md, ok := blocks[0].(*slack.MarkdownBlock)
	return md, ok
}

// notMemberError is what Slack answers a bot reading a channel it is not in.
func notMemberError(ch *Channel) string {
	if ch.Private {
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
