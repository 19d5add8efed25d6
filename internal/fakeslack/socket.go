package fakeslack

import (
	"net/http"

	"github.com/gorilla/websocket"
)

// socket is the Socket Mode websocket: hello, then queued envelopes; acks
// are read back into Acks.
func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }} // slack-go sends Origin: https://api.slack.com
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	if err := conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1}); err != nil {
		return
	}
	go func() {
		for {
			var ack struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if err := conn.ReadJSON(&ack); err != nil {
				return
			}
			s.Acks <- ack.EnvelopeID
		}
	}()
	for {
		select {
		case <-r.Context().Done():
			return
		case env := <-s.Envelopes:
			switch env {
			case DropConnection:
				return
			case RefreshConnection:
				_ = conn.WriteJSON(map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fake-slack"}})
				return
			}
			if err := conn.WriteMessage(websocket.TextMessage, []byte(env)); err != nil {
				return
			}
		}
	}
}
