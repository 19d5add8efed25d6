package study

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// A mock interview runs where it was started:
//   - a slash command in a channel posts the first question there and the
//     session lives in that post's thread (Slack: answers are replies in
//     the thread that mention the bot, since the bot hears only mentions
//     in channels; Discord: a public thread is started on the post and
//     every question has an Answer button that opens a form, as the bot
//     reads no messages without the privileged MESSAGE_CONTENT intent);
//   - a mention goes on in the mention's thread;
//   - a DM or assistant thread, and the console, take plain messages.
//
// One member has one session. Its row carries a version: a turn saves
// only over the version it read, so two answers at once (two replicas,
// two messages) never grade the same question twice; the loser takes
// its turn again on the fresh state.

// InterviewPrefix starts the ActionID of an interview question's Answer
// button: "iv:<session>:<question index>".
const InterviewPrefix = "iv:"

// maxInterviewAnswer bounds an answer sent with the Answer form (runes).
const maxInterviewAnswer = 3000

// turnTries bounds how often a turn is taken again after losing a race.
const turnTries = 4

// session is a member's open mock interview, stored as JSON so that it
// survives restarts.
type session struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Lang    bot.Lang `json:"lang"`
	Items   []string `json:"items"`
	Pos     int      `json:"pos"`
	Results []result `json:"results"`
	// DM: the session takes plain messages (a DM, the console).
	DM bool `json:"dm,omitempty"`
	// Post is the message the service posted for the current question
	// (the opener, or a question in the thread): once the question is
	// answered its Answer button is disabled there.
	Post *postRef `json:"post,omitempty"`
}

// postRef is a posted question.
type postRef struct {
	Channel string `json:"channel"`
	Message string `json:"message"`
	Opener  bool   `json:"opener,omitempty"` // the first post, with the intro
}

type result struct {
	ItemID  string          `json:"item"`
	Covered []string        `json:"covered"`
	Missing []string        `json:"missing"`
	STAR    map[string]bool `json:"star,omitempty"`
	Section string          `json:"section"`
}

// open is a loaded session with the row it came from.
type open struct {
	sess session
	row  store.InterviewSession
}

// platform is the platform key of the session's channel.
func (o open) platform() string {
	p, _, _ := strings.Cut(o.row.Channel, ":")
	return p
}

// HandleInterview answers `interview [technical|design|behavioral]` and
// `interview stop`.
func (s *Service) HandleInterview(ctx context.Context, req bot.Request, args string, st bot.Stream) error {
	lang := req.Lang
	word := strings.ToLower(strings.TrimSpace(args))
	if word == "stop" || word == "end" || word == "終了" {
		return s.stopInterview(ctx, req, st)
	}
	kind, ok := kindAliases[word]
	if !ok {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			"使い方: `/backend-tip interview [technical|design|behavioral]` · `interview stop`",
			"Usage: `/backend-tip interview [technical|design|behavioral]` · `interview stop`")})
		return nil
	}
	who := learner(req.Platform, req.UserID)
	if o, err := s.load(ctx, who); err == nil {
		st.Done(s.stillOpen(o))
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	items := s.interviewItems(kind)
	if len(items) == 0 {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick("この種類の面接問題がありません。", "There are no questions of this kind.")})
		return nil
	}
	inChannel := req.Kind == bot.KindCommand && !req.DM
	var memberErr error
	if inChannel {
		memberErr = s.ensureMember(ctx, req)
		if errors.Is(memberErr, bot.ErrPeopleDM) {
			// The bot sees no message of a DM between people: an
			// interview there could never take an answer.
			st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
				"人どうしの DM では模擬面接ができません（私には回答が見えません）。ボットとの DM（アプリの「メッセージ」タブ）かチャンネルで `interview` を実行してください。",
				"I can't hold an interview in a DM between people: I don't see the answers there. Run `interview` in my Messages tab (a DM with me) or in a channel.")})
			return nil
		}
	}
	sess := session{ID: s.opts.NewID(), Kind: kind, Lang: lang, Items: items, DM: req.DM}
	row := store.InterviewSession{Learner: who, Channel: req.ChannelKey(), UpdatedAt: s.opts.Clock()}
	if !req.DM {
		row.Thread = req.ThreadID // a mention goes on in its thread
	}
	o, err := s.start(ctx, row, sess)
	if errors.Is(err, store.ErrConflict) { // started at the same moment elsewhere
		if o, err := s.load(ctx, who); err == nil {
			st.Done(s.stillOpen(o))
			return nil
		}
	}
	if err != nil {
		return err
	}
	if inChannel && memberErr == nil {
		if posted, ok := s.openThread(ctx, req, o); ok {
			st.Done(posted)
			return nil
		}
	}
	first := s.askItem(o)
	first.Text = s.intro(sess, len(items)) + "\n" + first.Text
	st.Done(first)
	return nil
}

// pendingThread stands for the thread of a post not made yet, so that the
// first question already says to answer in the thread.
const pendingThread = "pending"

// start stores a new session.
func (s *Service) start(ctx context.Context, row store.InterviewSession, sess session) (open, error) {
	data, err := json.Marshal(sess)
	if err != nil {
		return open{}, fmt.Errorf("encode interview: %w", err)
	}
	row.State = string(data)
	row, err = s.store.StartInterview(ctx, row)
	return open{sess: sess, row: row}, err
}

// ensureMember makes sure the bot can post in the command's channel
// (Slack: joins a public one); nil before the platforms are set.
func (s *Service) ensureMember(ctx context.Context, req bot.Request) error {
	pl := s.Platform(req.Platform)
	if pl == nil {
		return nil
	}
	err := pl.EnsureMember(ctx, req.ChannelID)
	if err != nil {
		s.log.Info("interview not posted: the bot is not in the channel", "channel", req.ChannelKey(), "err", err)
	}
	return err
}

// openThread posts the first question to the channel with a thread on it
// and moves the session into that thread; the command's own reply then
// only says where the interview is. False when the platform cannot post
// there or start a thread there (Discord: the command was run inside a
// thread): the command's reply asks the question instead. The caller made
// sure the bot is in the channel (ensureMember).
func (s *Service) openThread(ctx context.Context, req bot.Request, o open) (bot.Reply, bool) {
	pl := s.Platform(req.Platform)
	if pl == nil {
		return bot.Reply{}, false
	}
	if !pl.CanStartThread(ctx, req.ChannelID) {
		// Run inside a thread (or where threads cannot start): no thread
		// of its own; the command's reply asks, the session stays here.
		return bot.Reply{}, false
	}
	lang := o.sess.Lang
	o.row.Thread = pendingThread
	first := s.askItem(o)
	first.Text = s.intro(o.sess, len(o.sess.Items)) + "\n" + first.Text
	names := kindNames[o.sess.Kind]
	who := req.UserName
	if who == "" {
		who = req.UserID
	}
	first.ThreadName = lang.Pick("模擬面接（"+names[0]+"）· "+who, "Mock interview ("+names[1]+") · "+who)
	msgID, err := pl.Post(ctx, req.ChannelID, first)
	if err != nil {
		s.log.Warn("interview post failed, asking in the command's reply", "channel", req.ChannelKey(), "err", err)
		return bot.Reply{}, false
	}
	o.row.Thread = msgID
	o.sess.Post = &postRef{Channel: req.ChannelID, Message: msgID, Opener: true}
	if _, err := s.save(ctx, o); err != nil {
		// The question is out but the session stays channel-wide: answers
		// are still taken, just not only from the thread.
		s.log.Warn("interview thread not recorded", "learner", o.row.Learner, "err", err)
	}
	where := lang.Pick("このチャンネルの投稿のスレッド", "the thread of the post in this channel")
	if s.forms(req.Platform) {
		where = "<#" + msgID + ">" // Discord links a thread by its channel mention
	}
	return bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
		"模擬面接を"+where+"で始めました。"+s.answerHint(o),
		"Your mock interview is in "+where+". "+s.answerHint(o))}, true
}

// intro opens a session.
func (s *Service) intro(sess session, n int) string {
	lang := sess.Lang
	names := kindNames[sess.Kind]
	intro := lang.Pick(
		fmt.Sprintf("**模擬面接（%s）** 全%d問。1問ずつ、面接のつもりで答えてください。回答ごとにガイドに基づいてフィードバックします。終了: `/backend-tip interview stop`\n", names[0], n),
		fmt.Sprintf("**Mock interview (%s)**, %d questions. Answer each one as you would in an interview; every answer gets feedback from the guide. End with `/backend-tip interview stop`.\n", names[1], n))
	switch sess.Kind {
	case "behavioral":
		intro += lang.Pick("STAR（状況・課題・行動・結果）で答えると伝わりやすくなります。\n", "Answer with STAR: Situation, Task, Action, Result.\n")
	case "design":
		intro += lang.Pick("決まった正解はありません。要件定義 → 概算見積もり → ハイレベルな設計 → 詳細設計の順に考えを組み立ててください。\n",
			"There is no single right answer: build yours from requirements, a rough estimate, a high-level design, then the details.\n")
	}
	return intro
}

// stillOpen answers a new `interview` while one is open: the current
// question again.
func (s *Service) stillOpen(o open) bot.Reply {
	r := s.askItem(o)
	r.Ephemeral = true
	where := ""
	if s.forms(o.platform()) && o.row.Thread != "" {
		where = " <#" + o.row.Thread + ">" // Discord links the thread
	}
	r.Text = o.sess.Lang.Pick("模擬面接の途中です"+where+"（終了: `/backend-tip interview stop`）。\n\n",
		"You are in a mock interview"+where+" (end it with `/backend-tip interview stop`).\n\n") + r.Text
	return r
}

// askItem renders the session's current question, with an Answer button
// where the platform shows forms.
func (s *Service) askItem(o open) bot.Reply {
	lang := o.sess.Lang
	q := s.byID[o.sess.Items[o.sess.Pos]]
	r := bot.Reply{Lang: lang, Text: lang.Pick(
		fmt.Sprintf("**質問 %d/%d**\n%s\n%s", o.sess.Pos+1, len(o.sess.Items), pick(lang, q.Question), s.answerHint(o)),
		fmt.Sprintf("**Question %d/%d**\n%s\n%s", o.sess.Pos+1, len(o.sess.Items), pick(lang, q.Question), s.answerHint(o)))}
	if s.forms(o.platform()) {
		r.Buttons = []bot.Button{{ActionID: answerAction(o.sess.ID, o.sess.Pos), Label: lang.Pick("✍️ 回答する", "✍️ Answer")}}
	}
	return r
}

// answerHint says how to answer where the session runs.
func (s *Service) answerHint(o open) string {
	lang := o.sess.Lang
	switch {
	case s.forms(o.platform()):
		return lang.Pick("（「✍️ 回答する」を押すと回答欄が開きます）", "(Press ✍️ Answer to write your answer.)")
	case o.sess.DM:
		return lang.Pick("（このまま回答を書いてください）", "(Type your answer as your next message.)")
	case o.row.Thread != "":
		return lang.Pick("（このスレッドで私にメンションして回答してください）", "(Reply in this thread and mention me with your answer.)")
	}
	return lang.Pick("（このチャンネルで私にメンションして回答してください）", "(Mention me in this channel with your answer.)")
}

func (s *Service) forms(platform string) bool { return s.formPlatforms[platform] }

func answerAction(sessionID string, pos int) string {
	return InterviewPrefix + sessionID + ":" + strconv.Itoa(pos)
}

// load reads and decodes a member's session. A session that cannot be
// read any more is dropped and reported as not found.
func (s *Service) load(ctx context.Context, who string) (open, error) {
	row, err := s.store.Interview(ctx, who)
	if err != nil {
		return open{}, err
	}
	var sess session
	if err := json.Unmarshal([]byte(row.State), &sess); err != nil || sess.Pos >= len(sess.Items) || sess.Pos < 0 {
		s.log.Warn("broken interview session dropped", "learner", who, "err", err)
		if _, err := s.store.EndInterview(ctx, who, row.Version); err != nil {
			return open{}, err
		}
		return open{}, store.ErrNotFound
	}
	if sess.Lang == "" {
		sess.Lang = bot.Japanese
	}
	return open{sess: sess, row: row}, nil
}

// save writes the session over the version it was read at.
func (s *Service) save(ctx context.Context, o open) (open, error) {
	data, err := json.Marshal(o.sess)
	if err != nil {
		return o, fmt.Errorf("encode interview: %w", err)
	}
	o.row.State, o.row.UpdatedAt = string(data), s.opts.Clock()
	o.row, err = s.store.UpdateInterview(ctx, o.row)
	return o, err
}

// Claim takes a member's free text as their interview answer when it is
// written where their session runs: its thread (on Discord the thread is a
// channel of its own), or anywhere in a DM session's channel. Anything
// else is left to the router (a question for the guide).
func (s *Service) Claim(ctx context.Context, req bot.Request) (bot.Handler, bool) {
	if req.Kind != bot.KindMention || strings.TrimSpace(req.Text) == "" {
		return nil, false
	}
	row, err := s.store.Interview(ctx, learner(req.Platform, req.UserID))
	if err != nil {
		return nil, false
	}
	inChannel := row.Channel == req.ChannelKey() && (row.Thread == "" || row.Thread == req.ThreadID)
	threadChannel := row.Thread != "" && row.Thread == req.ChannelID && strings.HasPrefix(row.Channel, req.Platform+":")
	if !inChannel && !threadChannel {
		return nil, false
	}
	return s.answerInterview, true
}

// answerInterview takes a mention or a message as the answer to the
// current question and replies with the feedback and the next question
// (or the summary).
func (s *Service) answerInterview(ctx context.Context, req bot.Request, answer string, st bot.Stream) error {
	t, err := s.turn(ctx, learner(req.Platform, req.UserID), req.UserName, -1, answer)
	if err != nil {
		return err
	}
	if t.gone {
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick("模擬面接はもう終わっています。`/backend-tip interview` で新しく始められます。",
			"Your mock interview has ended. Start a new one with `/backend-tip interview`.")})
		return nil
	}
	if t.done {
		st.Done(bot.Reply{Lang: t.sess.Lang, Text: strings.TrimSpace(t.feedback + "\n\n" + s.summary(t.sess))})
		return nil
	}
	next := s.askItem(t.open)
	next.Text = strings.TrimSpace(t.feedback + "\n\n" + next.Text)
	st.Done(next)
	return nil
}

// InterviewClick answers an interview question's Answer button: the click
// opens the form (where the platform has none, the text says how to
// answer); the form's submission is the member's answer, whose feedback
// comes back privately while the next question is posted in the thread.
func (s *Service) InterviewClick(ctx context.Context, c bot.Click) (bot.Reply, error) {
	id, posText, _ := strings.Cut(strings.TrimPrefix(c.ActionID, InterviewPrefix), ":")
	pos, err := strconv.Atoi(posText)
	if err != nil || id == "" || c.UserID == "" {
		return bot.Reply{Ephemeral: true, Text: "This button is no longer active. / このボタンは無効です。"}, nil
	}
	who := learner(c.Platform, c.UserID)
	o, err := s.load(ctx, who)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return bot.Reply{}, err
	}
	if err != nil || o.sess.ID != id {
		return bot.Reply{Ephemeral: true, Text: "この質問はほかの人の模擬面接か、終わった面接のものです。自分の面接は `/backend-tip interview` で始められます。\n" +
			"This question belongs to someone else's mock interview or to one that has ended. Start your own with `/backend-tip interview`."}, nil
	}
	if pos != o.sess.Pos {
		r := s.askItem(o)
		r.Ephemeral = true
		r.Text = o.sess.Lang.Pick("その質問にはもう答えています。今の質問はこちらです。\n\n", "You have answered that question already. Here is the current one.\n\n") + r.Text
		return r, nil
	}
	if strings.TrimSpace(c.Text) == "" {
		lang := o.sess.Lang
		q := s.byID[o.sess.Items[o.sess.Pos]]
		return bot.Reply{Ephemeral: true, Lang: lang, Text: s.answerHint(o),
			Form: &bot.Form{ActionID: c.ActionID, Title: lang.Pick(fmt.Sprintf("模擬面接 質問 %d/%d", pos+1, len(o.sess.Items)), fmt.Sprintf("Mock interview %d/%d", pos+1, len(o.sess.Items))),
				Label:       bot.Truncate(pick(lang, q.Question), 45),
				Placeholder: lang.Pick("面接で話すつもりで書いてください", "Answer as you would in the interview"),
				MaxLength:   maxInterviewAnswer}}, nil
	}
	t, err := s.turn(ctx, who, c.UserName, pos, bot.Truncate(strings.TrimSpace(c.Text), maxInterviewAnswer))
	if err != nil {
		return bot.Reply{}, err
	}
	lang := t.sess.Lang
	switch {
	case t.gone:
		return bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick("模擬面接はもう終わっています。", "Your mock interview has ended.")}, nil
	case t.stale:
		r := s.askItem(t.open)
		r.Ephemeral = true
		r.Text = lang.Pick("その質問にはもう答えています。今の質問はこちらです。\n\n", "You have answered that question already. Here is the current one.\n\n") + r.Text
		return r, nil
	case t.done:
		_, _ = s.postInThread(ctx, t.open, bot.Reply{Lang: lang, Text: lang.Pick(
			fmt.Sprintf("模擬面接が終わりました（%d問回答）。新しく始めるには `/backend-tip interview`。", len(t.sess.Results)),
			fmt.Sprintf("The mock interview is over (%d answer%s). Start another with `/backend-tip interview`.", len(t.sess.Results), plural(len(t.sess.Results))))})
		return bot.Reply{Ephemeral: true, Lang: lang, Text: strings.TrimSpace(t.feedback + "\n\n" + s.summary(t.sess))}, nil
	}
	next := s.askItem(t.open)
	if msgID, ok := s.postInThread(ctx, t.open, next); ok {
		s.rememberPost(ctx, t.open, &postRef{Channel: t.row.Thread, Message: msgID})
		return bot.Reply{Ephemeral: true, Lang: lang, Text: t.feedback + "\n\n" + lang.Pick(
			fmt.Sprintf("次の質問（%d/%d）をスレッドに投稿しました。", t.sess.Pos+1, len(t.sess.Items)),
			fmt.Sprintf("Question %d/%d is in the thread.", t.sess.Pos+1, len(t.sess.Items)))}, nil
	}
	next.Ephemeral = true
	next.Text = t.feedback + "\n\n" + next.Text
	return next, nil
}

// postInThread posts r in the session's thread, which on platforms with
// forms (Discord) is a channel of its own with the opening post's id.
func (s *Service) postInThread(ctx context.Context, o open, r bot.Reply) (string, bool) {
	pl := s.Platform(o.platform())
	if pl == nil || o.row.Thread == "" || !s.forms(o.platform()) {
		return "", false
	}
	msgID, err := pl.Post(ctx, o.row.Thread, r)
	if err != nil {
		s.log.Warn("interview question not posted in its thread", "learner", o.row.Learner, "err", err)
		return "", false
	}
	return msgID, true
}

// rememberPost records the message that asks the current question. A turn
// taken meanwhile wins: the post then simply keeps its button, and a
// click on it is answered as stale.
func (s *Service) rememberPost(ctx context.Context, o open, p *postRef) {
	o.sess.Post = p
	if _, err := s.save(ctx, o); err != nil {
		s.log.Info("interview question post not recorded", "learner", o.row.Learner, "err", err)
	}
}

// closeQuestion edits the post of an answered question: its Answer button
// disabled, marked as answered.
func (s *Service) closeQuestion(ctx context.Context, answered open, p *postRef) {
	pl := s.Platform(answered.platform())
	if pl == nil || p == nil {
		return
	}
	r := s.askItem(answered)
	lang := answered.sess.Lang
	if p.Opener {
		r.Text = s.intro(answered.sess, len(answered.sess.Items)) + "\n" + r.Text
	}
	r.Text += "\n" + lang.Pick("✅ 回答済み", "✅ Answered")
	for i := range r.Buttons {
		r.Buttons[i].Disabled = true
	}
	if err := pl.Edit(ctx, p.Channel, p.Message, r); err != nil {
		s.log.Warn("answered interview question not closed", "learner", answered.row.Learner, "err", err)
	}
}

// turnResult is one answered question.
type turnResult struct {
	open
	feedback string
	done     bool // that was the last question: the session has ended
	gone     bool // there is no session (any more)
	stale    bool // the answer was for a question already answered
}

// turn grades answer against the member's current question (pos: the
// question it answers, -1 for whichever is current), records it in the
// review schedule and moves the session on. Turns of one member are
// serialised in this process by a lock and across replicas by the row's
// version: a turn that lost the race is taken again on the fresh state.
func (s *Service) turn(ctx context.Context, who, userName string, pos int, answer string) (turnResult, error) {
	defer s.lockSession(who)()
	for range turnTries {
		o, err := s.load(ctx, who)
		if errors.Is(err, store.ErrNotFound) {
			return turnResult{gone: true}, nil
		}
		if err != nil {
			return turnResult{}, err
		}
		if pos >= 0 && pos != o.sess.Pos {
			return turnResult{open: o, stale: true}, nil
		}
		t, err := s.answerCurrent(ctx, o, userName, answer)
		if errors.Is(err, store.ErrConflict) {
			continue // another replica took a turn meanwhile
		}
		return t, err
	}
	return turnResult{}, fmt.Errorf("interview turn of %s: %w after %d tries", who, store.ErrConflict, turnTries)
}

// answerCurrent grades one answer and saves the session one question on.
func (s *Service) answerCurrent(ctx context.Context, o open, userName, answer string) (turnResult, error) {
	lang := o.sess.Lang
	at := o.sess.Pos
	answered, asked := o, o.sess.Post // the question as it was asked, and its post
	o.sess.Post = nil                 // the next question's post is not made yet
	q, ok := s.byID[o.sess.Items[at]]
	var g Grade
	if ok {
		g = s.grade(ctx, q, answer, o.sess.Kind == "behavioral", lang)
		g.Section = s.sectionTitle(g.Section, lang) // shown in the member's edition
		o.sess.Results = append(o.sess.Results, result{ItemID: q.ID, Covered: g.Covered, Missing: g.Missing, STAR: g.STAR, Section: g.Section})
	} // else the bank changed since the session started: skip the item
	o.sess.Pos++
	t := turnResult{open: o, done: o.sess.Pos >= len(o.sess.Items)}
	if t.done {
		ended, err := s.store.EndInterview(ctx, o.row.Learner, o.row.Version)
		if err != nil {
			return t, err
		}
		if !ended {
			return t, store.ErrConflict
		}
	} else {
		saved, err := s.save(ctx, o)
		if err != nil {
			return t, err
		}
		t.open = saved
	}
	s.closeQuestion(ctx, answered, asked)
	if !ok {
		return t, nil
	}
	right := len(g.Covered)*2 >= len(g.Covered)+len(g.Missing)
	if g.STAR != nil {
		right = right && allTrue(g.STAR)
	}
	err := s.store.RecordStudy(ctx, store.StudyAnswer{Learner: o.row.Learner, Ref: fmt.Sprintf("iv:%s:%d", o.sess.ID, at), Channel: o.row.Channel,
		ItemID: q.ID, Source: store.SourceInterview, UserName: userName, Correct: right, At: s.opts.Clock()})
	if err != nil {
		// The turn is taken; only the review schedule misses this answer.
		s.log.Warn("interview answer not scheduled for review", "learner", o.row.Learner, "err", err)
	}
	t.feedback = feedbackText(g, at+1, len(o.sess.Items), lang)
	return t, nil
}

func (s *Service) stopInterview(ctx context.Context, req bot.Request, st bot.Stream) error {
	who := learner(req.Platform, req.UserID)
	row, err := s.store.Interview(ctx, who)
	if errors.Is(err, store.ErrNotFound) {
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick("進行中の模擬面接はありません。", "You have no mock interview open.")})
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := s.store.EndInterview(ctx, who, 0); err != nil {
		return err
	}
	var sess session
	_ = json.Unmarshal([]byte(row.State), &sess) // a broken session just ends
	if sess.Lang == "" {
		sess.Lang = req.Lang
	}
	st.Done(bot.Reply{Lang: sess.Lang, Text: sess.Lang.Pick("模擬面接を終了しました。\n\n", "Mock interview ended.\n\n") + s.summary(sess)})
	return nil
}
