package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway speaks enough of the gateway protocol for discordgo:
// HELLO, IDENTIFY/RESUME, READY or RESUMED, heartbeats, then events from
// Dispatch.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	s.Lock()
	interval := s.HeartbeatMS
	s.Unlock()
	if interval == 0 {
		interval = 45000
	}
	s.send(conn, map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": interval}})
	for {
		_, raw, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var msg struct {
			Op int            `json:"op"`
			D  map[string]any `json:"d"`
		}
		if json.Unmarshal(raw, &msg) != nil {
			continue
		}
		switch msg.Op {
		case 1:
			s.Lock()
			zombie := s.NoAcks
			s.Unlock()
			if !zombie {
				s.send(conn, map[string]any{"op": 11})
			}
		case 2, 6:
			if !s.start(conn, r.URL.Path, msg.Op, msg.D) {
				return
			}
		}
	}
}

// Resume is one RESUME the fake received.
type Resume struct {
	Path      string // "/ws/" or "/resume": where the client connected
	SessionID string
	Seq       int
}

// start answers IDENTIFY (op 2) with READY and RESUME (op 6) with RESUMED,
// as Discord does: a RESUME never gets READY; one for an unknown or
// invalidated session gets op 9 (not resumable); one whose seq was never
// sent is closed with 4007 (Invalid seq), as is every RESUME when
// ResumeClose says so (4007, or 4009 Session timed out: both mean "start a
// new session"). It reports whether the
// connection stays open.
func (s *Server) start(conn *websocket.Conn, path string, op int, d map[string]any) bool {
	s.Lock()
	code := s.CloseCode
	session := "sess" + strconv.Itoa(s.Sessions)
	if op == 2 {
		s.Identifies = append(s.Identifies, d)
		s.Sessions++
		session = "sess" + strconv.Itoa(s.Sessions)
		s.Invalid = false
	}
	var r Resume
	if op == 6 {
		seq, _ := d["seq"].(float64)
		r = Resume{Path: path, SessionID: fmt.Sprint(d["session_id"]), Seq: int(seq)}
		s.Resumes = append(s.Resumes, r)
		if s.ResumeClose != 0 {
			code = s.ResumeClose
		}
	}
	resumable := op == 6 && r.SessionID == session && !s.Invalid && s.Sessions > 0
	s.Unlock()
	if op == 6 && code == 0 {
		s.connMu.Lock()
		sent := s.seq
		s.connMu.Unlock()
		if r.Seq > sent {
			code = 4007 // Invalid seq: never sent; Discord says start a new session
		}
	}
	if code != 0 {
		s.connMu.Lock()
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "closing"), time.Now().Add(time.Second))
		s.connMu.Unlock()
		return false
	}
	if op == 6 && !resumable {
		s.send(conn, map[string]any{"op": 9, "d": false})
		return true // the client closes and identifies afresh
	}
	s.connMu.Lock()
	s.conn = conn
	s.connMu.Unlock()
	if op == 6 {
		s.Dispatch("RESUMED", map[string]any{})
	} else {
		s.Dispatch("READY", map[string]any{"v": 10, "session_id": session,
			"resume_gateway_url": "ws" + strings.TrimPrefix(s.URL, "http") + "/resume",
			"user":               map[string]any{"id": Bot, "username": "backend-tip", "bot": true}, "guilds": []any{}})
	}
	select {
	case s.Ready <- struct{}{}:
	default: // nobody is counting
	}
	return true
}

// Handshakes returns the IDENTIFY payloads and the RESUMEs received so far.
func (s *Server) Handshakes() (identifies []map[string]any, resumes []Resume) {
	s.Lock()
	defer s.Unlock()
	return append([]map[string]any(nil), s.Identifies...), append([]Resume(nil), s.Resumes...)
}

// Opcode sends a bare gateway opcode on the current connection: 7
// (Reconnect) or 9 (Invalid Session, d = resumable).
func (s *Server) Opcode(op int, d any) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	if s.conn == nil {
		s.tb.Fatalf("op %d: no gateway connection", op)
	}
	_ = s.conn.WriteJSON(map[string]any{"op": op, "d": d})
	if op == 9 {
		s.Lock()
		s.Invalid = s.Invalid || d == false
		s.Unlock()
	}
}

func (s *Server) send(conn *websocket.Conn, v any) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	_ = conn.WriteJSON(v)
}

// Drop closes the current gateway connection with code, as Discord does
// when it restarts or resets a session.
func (s *Server) Drop(code int) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	_ = s.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "bye"), time.Now().Add(time.Second))
	s.conn.Close()
	s.conn = nil
}

// Dispatch sends a gateway event (op 0) on the current connection.
func (s *Server) Dispatch(event string, d any) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	s.seq++
	if s.conn == nil {
		s.tb.Fatalf("dispatch %s: no gateway connection", event)
	}
	if event == "INTERACTION_CREATE" {
		d = s.noteInteraction(d)
	}
	_ = s.conn.WriteJSON(map[string]any{"op": 0, "t": event, "s": s.seq, "d": d})
}
