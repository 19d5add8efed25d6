package main

import (
	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/limit"
	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/metrics"
)

// ops is what running in production adds around the bot: metrics and
// abuse limits. Work in flight is the platform runtime's (app.runtime).
type ops struct {
	metrics *metrics.Metrics
	limiter *limit.Limiter
}

func newOps(cfg config.Config, clock bot.Clock) ops {
	m := metrics.New()
	return ops{
		metrics: m,
		limiter: limit.New(limit.Options{
			UserPerMin: cfg.UserRatePerMin, UserBurst: cfg.UserBurst,
			ChannelPerMin: cfg.ChannelRatePerMin, ChannelBurst: cfg.ChannelBurst,
			Clock: clock, OnRefused: m.Refused,
		}),
	}
}
