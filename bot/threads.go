package bot

import "context"

// ThreadStarter tells whether a post can get a discussion thread
// (Reply.ThreadName). Discord starts a thread from a message in text and
// announcement channels only: not inside a thread (a forum or media post is
// one), nor in a DM. On Slack every message has a thread.
type ThreadStarter interface {
	// CanStartThread reports whether a post in channelID can get a thread.
	// Callers that link the thread or promise one in the text ask first,
	// and leave ThreadName empty when not.
	CanStartThread(ctx context.Context, channelID string) bool
}
