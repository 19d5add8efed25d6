package main

import "github.com/backend-tip/backend-tip/bot"

// OWNER: answer helper (issue 3). Stub until then.
func (a *app) buildAnswerer() bot.Answerer { return nil }
