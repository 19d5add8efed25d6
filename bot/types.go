package bot

import (
	"context"
	"time"
)

// Lang is the language a reply is written in.
type Lang string

// Supported reply languages.
const (
	Japanese Lang = "ja"
	English  Lang = "en"
)

// Kind says how a request reached the bot; it decides what free text means.
type Kind int

const (
	// KindCommand is a slash command: unknown words get help.
	KindCommand Kind = iota
	// KindMention is a mention or a console line: free text is a question.
	KindMention
)

// Role is what the platform tells about a member's rights where they
// wrote. Adapters fill it from platform facts (Discord: the member's
// permissions in the channel; Slack: users.info); the quiz's moderator
// policy reads it. The zero value is an ordinary member.
type Role int

const (
	// RoleMember is an ordinary member (or nothing is known).
	RoleMember Role = iota
	// RoleChannelManager may manage the channel (Discord: Manage Channels).
	RoleChannelManager
	// RoleWorkspaceAdmin is a workspace admin or owner (Slack).
	RoleWorkspaceAdmin
	// RoleOperator runs the bot itself (the console).
	RoleOperator
)

// Turn is one earlier message of a conversation thread.
type Turn struct {
	// FromBot is true for the bot's own earlier answers.
	FromBot bool
	// Author is the platform user id of a person's message ("" when not
	// known). Messages of people other than the asker are quoted to a model
	// as context, never passed as the asker's own turns; thread answers to
	// an open quiz question feed their author's review schedule.
	Author string
	Text   string
}

// Origin is who sent a request or click, and where. Adapters build it once
// per platform object and embed it in both Request and Click, so its fields
// read as req.ChannelID, click.UserID.
type Origin struct {
	ID        string // request, event or interaction id, for logs
	Platform  string // "slack", "discord", "console"
	TeamID    string
	ChannelID string
	UserID    string
	UserName  string
}

// ChannelKey identifies a channel across platforms ("slack:C123").
func (o Origin) ChannelKey() string { return o.Platform + ":" + o.ChannelID }

// Request is one thing a user asked of the bot, on any platform.
type Request struct {
	Origin
	ThreadID string
	Text     string // the command text without the slash command or the mention
	Kind     Kind
	Lang     Lang   // empty: detected from Text by the router
	History  []Turn // earlier turns of the thread, oldest first
	Role     Role   // the member's rights here, as the platform says
	// DM is true in a one-to-one conversation with the bot (a Slack DM or
	// assistant thread, a Discord DM, the console): every message there is
	// meant for the bot, so a session there takes plain messages.
	DM bool
}

// Source is a guide passage an answer rests on.
type Source struct {
	Section  string // heading path for display: "面接はこう準備しよう！ > システム設計"
	Anchor   string // stable anchor of the section
	Document string // source file ("backend_developer_guide.md" or a team note)
	Excerpt  string // the passage text, possibly trimmed
}

// Button is an action a user can click (Slack buttons, Discord components,
// numbered choices in the console). ActionID routes the click; it is at most
// 100 bytes so that it fits a Discord custom_id.
type Button struct {
	ActionID string
	Label    string
	Style    string // "", "primary", "danger"
	// Disabled shows the button greyed out (a revealed quiz's options).
	Disabled bool
}

// Form asks the member who clicked for one piece of text, privately
// (Discord: a modal). The submitted text comes back as a Click with the
// form's ActionID and Text set.
type Form struct {
	ActionID    string // at most 100 bytes
	Title       string // at most 45 characters
	Label       string // the field's label, at most 45 characters
	Placeholder string
	MaxLength   int // 1..4000
}

// Usage is what an answer cost, for metrics and logs.
type Usage struct {
	Model            string
	PromptTokens     int
	CompletionTokens int
	Latency          time.Duration
	Fallback         bool // the LLM failed or was busy, and the extractive answer was used
	// Busy: the fallback came from a full model queue (load shed before
	// any call), not from a failing model.
	Busy bool
}

// Reply is what the bot says back: markdown-ish text plus structure that
// adapters render in their platform's own way.
type Reply struct {
	Text      string
	Sources   []Source
	Buttons   []Button
	Ephemeral bool // only the asking user should see it
	Lang      Lang
	Usage     Usage
	// Answer is set on replies to a question.
	Answer *AnswerMeta
	// IdempotencyKey, when set, makes Platform.Post safe to repeat: the
	// adapter posts at most one message per key (Discord: nonce with
	// enforce_nonce; Slack: message metadata looked up in recent history).
	// Scheduled quiz posts use it to survive a crash between posting and
	// recording the post.
	IdempotencyKey string
	// Form, on the reply to a click, asks the clicker for text instead:
	// platforms with forms show the form and not the reply's text; others
	// show the text, which should say how else to answer.
	Form *Form
	// ThreadName, on a posted message, asks for a discussion thread on it
	// (Discord: a public thread started from the message; Slack threads
	// exist on every message).
	ThreadName string
}

// Click is a button press routed back to the bot.
type Click struct {
	Origin    // ChannelID is the clicked message's channel
	MessageID string
	ActionID  string
	// Text is what the member wrote in the button's Form; empty for a
	// plain click.
	Text string
}

// Stream receives an answer as it is produced. Update carries the whole text
// so far (not a delta) and may be called any number of times, including zero;
// Done is called exactly once with the final reply.
type Stream interface {
	Update(partial string)
	Done(final Reply)
}

// Question is what the answerer needs to answer one user question.
type Question struct {
	Text    string
	Lang    Lang
	History []Turn
	// Asker is the asking user's platform id, to tell their own earlier
	// turns from other people's in History.
	Asker string
}

// AnswerMeta describes a reply that answers a question; other replies
// (quiz, help, errors) have none.
type AnswerMeta struct {
	Question string
	// Covered is false when the guide does not answer the question.
	Covered bool
	// Mode is how the answer was made: "llm", "extractive", or "fallback"
	// (a model is configured but failed or was busy, so the answer quotes
	// the guide).
	Mode string
}

// Answerer answers a question grounded in the guide, streaming into s and
// always ending with s.Done, even when it returns an error.
type Answerer interface {
	Answer(ctx context.Context, q Question, s Stream) error
}

// Clock tells the time; tests inject a fake one.
type Clock func() time.Time

// Platform is a chat platform the bot runs on.
type Platform interface {
	// Name is the platform key used in Request.Platform ("slack").
	Name() string
	// Run connects and serves until ctx is cancelled.
	Run(ctx context.Context) error
	// Post sends a message to a channel outside any request (scheduled quiz
	// posts) and returns the posted message's id.
	Post(ctx context.Context, channelID string, r Reply) (string, error)
	// ThreadReplies returns up to limit replies to a posted message, oldest
	// first (the quiz reads open answers there).
	ThreadReplies(ctx context.Context, channelID, messageID string, limit int) ([]Turn, error)
	// Edit replaces a posted message's text and buttons (a revealed quiz
	// post: its buttons disabled, the tally shown).
	Edit(ctx context.Context, channelID, messageID string, r Reply) error
	// Ready reports whether the platform can reach the bot now (/readyz).
	Ready() bool
	// DirectMessenger sends a member a private message (review reminders).
	DirectMessenger
	// Member makes sure the bot can post in a channel before a daily quiz
	// promises posts there (Slack joins public channels; elsewhere the bot
	// is always a member or finds out when it posts).
	Member
	// ThreadStarter tells where a post can get a discussion thread.
	ThreadStarter
}

// Feedback is a 👍/👎 on an answer.
type Feedback struct {
	Platform  string
	ChannelID string
	MessageID string
	UserID    string
	Positive  bool
	At        time.Time
}

// DirectMessenger is a platform that can message a member privately
// outside a request (the opt-in review reminders). Slack: conversations.open
// then chat.postMessage; Discord: POST /users/@me/channels then a message.
type DirectMessenger interface {
	DirectMessage(ctx context.Context, userID string, r Reply) error
}
