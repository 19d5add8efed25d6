package bot

import "context"

// ThreadStarter is a platform that can start a discussion thread on a post
// (Reply.ThreadName) in some channels only. Discord starts a thread from
// a message in text and announcement channels, not inside a thread (a
// forum or media post is one), nor in a DM. Platforms without it thread
// every post (Slack: every message has a thread).
type ThreadStarter interface {
	// CanStartThread reports whether a post in channelID can get a thread.
	CanStartThread(ctx context.Context, channelID string) bool
}

// CanStartThread reports whether a post that pl makes in channelID can get
// a discussion thread: callers that link the thread or promise one in the
// text ask first, and leave ThreadName empty when not.
func CanStartThread(ctx context.Context, pl Platform, channelID string) bool {
	if ts, ok := pl.(ThreadStarter); ok {
		return ts.CanStartThread(ctx, channelID)
	}
	return pl != nil
}
