package quiz

import (
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

func TestModeratorPolicy(t *testing.T) {
	m := NewModerators([]string{"UBOSS", "99"})
	owned := &store.Subscription{Channel: "slack:C1", Owner: "U1"}
	tests := []struct {
		name string
		req  bot.Request
		sub  *store.Subscription
		want bool
	}{
		{"console always", bot.Request{Origin: bot.Origin{Platform: "console", UserID: "x"}}, owned, true},
		{"slack: anyone subscribes a free channel", bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "U2"}}, nil, true},
		{"slack: the owner changes it", bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "U1"}}, owned, true},
		{"slack: another member may not", bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "U2"}}, owned, false},
		{"slack: workspace admin", bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "U3"}, Role: bot.RoleWorkspaceAdmin}, owned, true},
		{"slack: BACKEND_TIP_ADMINS", bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "UBOSS"}}, owned, true},
		{"discord: Manage Channels", bot.Request{Origin: bot.Origin{Platform: "discord", UserID: "1"}, Role: bot.RoleChannelManager}, nil, true},
		{"discord: member, free channel", bot.Request{Origin: bot.Origin{Platform: "discord", UserID: "1"}}, nil, false},
		{"discord: owner without the permission", bot.Request{Origin: bot.Origin{Platform: "discord", UserID: "U1"}}, owned, false},
		{"discord: BACKEND_TIP_ADMINS", bot.Request{Origin: bot.Origin{Platform: "discord", UserID: "99"}}, nil, true},
		{"empty user id is nobody's admin", bot.Request{Origin: bot.Origin{Platform: "slack", UserID: ""}}, owned, false},
	}
	for _, tt := range tests {
		if got := m.MayChange(tt.req, tt.sub); got != tt.want {
			t.Errorf("%s: MayChange = %v, want %v", tt.name, got, tt.want)
		}
		if !tt.want {
			if r := m.Refusal(tt.req, tt.sub); !r.Ephemeral || r.Text == "" {
				t.Errorf("%s: refusal %+v is not a private explanation", tt.name, r)
			}
		}
	}
}
