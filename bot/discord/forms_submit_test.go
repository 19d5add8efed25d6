package discord

import (
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// A modal submission's text is read whichever way Discord wraps the input:
// a Label (type 18, what the bot sends today) or the older action row.
func TestModalSubmissionTextInEitherWrapper(t *testing.T) {
	tests := []struct {
		name, components string
	}{
		{"label", `[{"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"text","value":" an index "}}]`},
		{"action row", `[{"type":1,"id":1,"components":[{"type":4,"id":2,"custom_id":"text","value":" an index "}]}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := `{"id":"I1","application_id":"111","type":5,"token":"t","channel_id":"C1","guild_id":"G1","version":1,
				"member":{"user":{"id":"U1","username":"alice"},"permissions":"0"},"message":{"id":"M1","channel_id":"C1"},
				"data":{"custom_id":"q:p1:w","components":` + tc.components + `}}`
			var i discordgo.Interaction
			if err := json.Unmarshal([]byte(raw), &i); err != nil {
				t.Fatal(err)
			}
			c := formClick(&i)
			if c.Text != "an index" || c.ActionID != "q:p1:w" || c.MessageID != "M1" || c.UserID != "U1" {
				t.Errorf("click = %+v", c)
			}
		})
	}
}
