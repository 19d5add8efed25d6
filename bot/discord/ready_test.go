package discord

import (
	"context"
	"testing"

	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func TestReadyFollowsTheGateway(t *testing.T) {
	f := fakediscord.New(t)
	a := testAdapter(t, f, &fakeRouter{}, nil)
	if a.Ready() {
		t.Fatal("ready before the gateway connected")
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- a.Run(ctx) }()
	waitReady(t, f)
	testkit.WaitFor(t, "Ready() after READY", a.Ready)
	cancel()
	<-errc
	if a.Ready() {
		t.Error("still ready after the gateway closed")
	}
}

func TestReadyWithoutGatewayNeedsThePublicKey(t *testing.T) {
	f := fakediscord.New(t)
	tests := []struct {
		name string
		mod  func(*Options)
		want bool
	}{
		{"http endpoint", func(o *Options) { o.Gateway = false; o.PublicKey = hexKey(newKeys(t)) }, true},
		{"nothing to serve", func(o *Options) { o.Gateway = false; o.PublicKey = "" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := testAdapter(t, f, &fakeRouter{}, tc.mod).Ready(); got != tc.want {
				t.Errorf("Ready() = %v, want %v", got, tc.want)
			}
		})
	}
}
