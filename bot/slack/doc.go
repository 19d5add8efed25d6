// Package slack is backend-tip's Slack adapter. It receives slash commands,
// app mentions, DMs, assistant threads, Home tab opens, shortcuts and
// button presses either over Socket Mode (SLACK_APP_TOKEN) or as signed
// HTTP requests (SLACK_SIGNING_SECRET), acknowledges them at once, runs
// them through the platform-neutral router in the background and renders
// the replies as Block Kit messages with the answer in markdown blocks.
// Answers in threads stream with Slack's own streaming methods
// (chat.startStream/appendStream/stopStream); slash-command answers stream
// into their placeholder with chat.update, within a workspace-wide budget.
// Every text that leaves the adapter is escaped and has its broadcast
// mentions defused, so nothing a user or a model writes can ping a channel.
package slack
