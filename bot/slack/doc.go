// Package slack is backend-tip's Slack adapter. It receives slash commands,
// app mentions and button presses either over Socket Mode (SLACK_APP_TOKEN)
// or as signed HTTP requests (SLACK_SIGNING_SECRET), acknowledges them at
// once, runs them through the platform-neutral router in the background and
// renders the replies as Block Kit messages that stream in with chat.update.
// Every text that leaves the adapter is escaped and has its broadcast
// mentions defused, so nothing a user or a model writes can ping a channel.
package slack
