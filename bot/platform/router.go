package platform

import (
	"context"

	"github.com/backend-tip/backend-tip/bot"
)

// Router is what every adapter needs from *bot.Router: run a command with
// its streamed reply, and route a button press.
type Router interface {
	Handle(ctx context.Context, req bot.Request, s bot.Stream)
	Click(ctx context.Context, c bot.Click) bot.Reply
}

var _ Router = (*bot.Router)(nil)
