package fakediscord

import (
	"fmt"
	"strings"
)

// What Discord refuses in the message-carrying calls the bot makes, from
// its documentation (Receiving and Responding, Message resource, Components
// reference) and the OpenAPI spec (discord/discord-api-spec): the fake
// answers these with 400 Invalid Form Body (code 50035), 50006 (empty
// message) or 40060 (interaction already acknowledged), and fails the test,
// so a payload it accepts is one Discord accepts.

// Interaction types (the request) and callback types (the response).
const (
	InteractionPing         = 1
	InteractionCommand      = 2
	InteractionComponent    = 3
	InteractionAutocomplete = 4
	InteractionModalSubmit  = 5
)

// callbackAllowed lists the response types Discord accepts per interaction
// type: PONG only for PING, type 8 only for autocomplete (which takes
// nothing else), 6 and 7 only for components (and modals sent from one),
// a modal (9) for neither a PING nor a modal submission.
var callbackAllowed = map[int]map[int]bool{
	InteractionPing:         {1: true},
	InteractionCommand:      {4: true, 5: true, 9: true},
	InteractionComponent:    {4: true, 5: true, 6: true, 7: true, 9: true},
	InteractionAutocomplete: {8: true},
	InteractionModalSubmit:  {4: true, 5: true, 6: true, 7: true},
}

// CallbackRules checks an interaction response body for an interaction of
// type itype (0: unknown, only the body is checked).
func CallbackRules(itype int, body map[string]any) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	typ := int(num(body["type"]))
	data, _ := body["data"].(map[string]any)
	if ok := callbackAllowed[itype]; itype != 0 && !ok[typ] {
		bad("callback type %d is not a response to interaction type %d", typ, itype)
	}
	switch typ {
	case 1, 6:
	case 4, 7:
		if data == nil && typ == 4 {
			bad("type 4 without data")
		}
		errs = append(errs, messageRules(data, typ == 4)...)
		if flags := int(num(data["flags"])); flags&^(4|64|1<<12|1<<13|1<<15) != 0 {
			bad("message flags %d: only SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, IS_COMPONENTS_V2", flags)
		}
	case 5:
		if flags := int(num(data["flags"])); flags&^64 != 0 {
			bad("deferred response flags %d: only EPHEMERAL", flags)
		}
	case 8:
		if data == nil {
			bad("type 8 without data")
		}
		choices, _ := data["choices"].([]any)
		if len(choices) > 25 {
			bad("%d autocomplete choices, max 25", len(choices))
		}
		for _, c := range choices {
			ch, _ := c.(map[string]any)
			name, _ := ch["name"].(string)
			if runes(name) < 1 || runes(name) > 100 {
				bad("autocomplete choice name %q: 1-100 characters", name)
			}
			if v, ok := ch["value"].(string); ok && runes(v) > 100 {
				bad("autocomplete choice value %q: max 100 characters", v)
			}
		}
	case 9:
		errs = append(errs, modalRules(data)...)
	default:
		bad("callback type %d", typ)
	}
	return errs
}

// modalRules checks a modal (callback type 9): custom_id 1-100, title
// 1-45, 1-5 top-level components, each a Label (type 18: label 1-45,
// description up to 100, one child) around a text input, or the older
// action row (type 1) holding one text input that then carries its own
// label. Text inputs: custom_id 1-100, style 1 or 2, lengths within 0-4000
// (max at least 1 and not below min), placeholder up to 100.
func modalRules(data map[string]any) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if data == nil {
		return []string{"modal without data"}
	}
	id, _ := data["custom_id"].(string)
	title, _ := data["title"].(string)
	if len(id) < 1 || runes(id) > 100 {
		bad("modal custom_id %q: 1-100 characters", id)
	}
	if runes(title) < 1 || runes(title) > 45 {
		bad("modal title %q: 1-45 characters", title)
	}
	comps, _ := data["components"].([]any)
	if len(comps) < 1 || len(comps) > 5 {
		bad("modal has %d components, want 1-5", len(comps))
	}
	seen := map[string]bool{}
	input := func(in map[string]any, wantLabel bool) {
		if num(in["type"]) != 4 {
			bad("modal child of type %v: only a text input is used here", in["type"])
			return
		}
		cid, _ := in["custom_id"].(string)
		if len(cid) < 1 || runes(cid) > 100 || seen[cid] {
			bad("text input custom_id %q: 1-100 characters, unique", cid)
		}
		seen[cid] = true
		if s := num(in["style"]); s != 1 && s != 2 {
			bad("text input style %v", in["style"])
		}
		label, hasLabel := in["label"].(string)
		if wantLabel && (runes(label) < 1 || runes(label) > 45) {
			bad("text input in an action row needs a label of 1-45 characters, got %q", label)
		}
		if hasLabel && !wantLabel && (runes(label) < 1 || runes(label) > 45) {
			bad("text input label %q: 1-45 characters", label)
		}
		_, hasMin := in["min_length"]
		_, hasMax := in["max_length"]
		minL, maxL := num(in["min_length"]), num(in["max_length"])
		if hasMin && (minL < 0 || minL > 4000) || hasMax && (maxL < 1 || maxL > 4000) || hasMin && hasMax && minL > maxL {
			bad("text input lengths %v..%v", in["min_length"], in["max_length"])
		}
		if p, _ := in["placeholder"].(string); runes(p) > 100 {
			bad("text input placeholder over 100 characters")
		}
		if v, _ := in["value"].(string); runes(v) > 4000 {
			bad("text input value over 4000 characters")
		}
	}
	for _, c := range comps {
		m, _ := c.(map[string]any)
		switch num(m["type"]) {
		case 18:
			label, _ := m["label"].(string)
			if runes(label) < 1 || runes(label) > 45 {
				bad("label %q: 1-45 characters", label)
			}
			if d, ok := m["description"].(string); ok && (runes(d) < 1 || runes(d) > 100) {
				bad("label description %q: 1-100 characters", d)
			}
			child, _ := m["component"].(map[string]any)
			if child == nil {
				bad("label without a component")
				continue
			}
			input(child, false)
		case 1:
			row, _ := m["components"].([]any)
			if len(row) != 1 {
				bad("modal action row with %d components, want one text input", len(row))
			}
			for _, in := range row {
				im, _ := in.(map[string]any)
				input(im, true)
			}
		default:
			bad("modal component type %v: a label (18) or an action row (1)", m["type"])
		}
	}
	return errs
}

// messageRules checks a message body (create, edit, webhook or interaction
// response data). create: the result must not be empty (50006), which an
// edit that sets nothing does not risk.
func messageRules(m map[string]any, create bool) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	content, _ := m["content"].(string)
	if runes(content) > 2000 {
		bad("content is %d characters, max 2000", runes(content))
	}
	embeds, _ := m["embeds"].([]any)
	rows, _ := m["components"].([]any)
	_, hasContent := m["content"]
	_, hasEmbeds := m["embeds"]
	_, hasRows := m["components"]
	empty := strings.TrimSpace(content) == "" && len(embeds) == 0 && len(rows) == 0
	if empty && (create || hasContent && hasEmbeds && hasRows) {
		bad("empty message (50006: Cannot send an empty message)")
	}
	if n, ok := m["nonce"].(string); ok && runes(n) > 25 {
		bad("nonce %q over 25 characters", n)
	}
	if am, ok := m["allowed_mentions"].(map[string]any); ok {
		parse, _ := am["parse"].([]any)
		for _, p := range parse {
			if s, _ := p.(string); s != "roles" && s != "users" && s != "everyone" {
				bad("allowed_mentions.parse value %v", p)
			}
			if p == "users" && am["users"] != nil || p == "roles" && am["roles"] != nil {
				bad("allowed_mentions: parse %v and a %v list are mutually exclusive", p, p)
			}
		}
	}
	errs = append(errs, embedRules(embeds)...)
	errs = append(errs, componentRules(rows, int(num(m["flags"]))&(1<<15) != 0)...)
	return errs
}

// embedRules: at most 10 embeds; title 256, description 4096, 25 fields of
// name 1-256 and value 1-1024, footer 2048, author name 256, and 6000
// characters over all the embeds of the message.
func embedRules(embeds []any) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if len(embeds) > 10 {
		bad("%d embeds, max 10", len(embeds))
	}
	total := 0
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	for _, e := range embeds {
		em, _ := e.(map[string]any)
		title, desc := str(em, "title"), str(em, "description")
		if runes(title) > 256 {
			bad("embed title %d characters, max 256", runes(title))
		}
		if runes(desc) > 4096 {
			bad("embed description %d characters, max 4096", runes(desc))
		}
		total += runes(title) + runes(desc)
		if f, ok := em["footer"].(map[string]any); ok {
			if n := runes(str(f, "text")); n > 2048 {
				bad("embed footer %d characters, max 2048", n)
			}
			total += runes(str(f, "text"))
		}
		if a, ok := em["author"].(map[string]any); ok {
			if n := runes(str(a, "name")); n > 256 {
				bad("embed author %d characters, max 256", n)
			}
			total += runes(str(a, "name"))
		}
		fields, _ := em["fields"].([]any)
		if len(fields) > 25 {
			bad("%d embed fields, max 25", len(fields))
		}
		for _, f := range fields {
			fm, _ := f.(map[string]any)
			name, value := str(fm, "name"), str(fm, "value")
			if runes(name) < 1 || runes(name) > 256 || runes(value) < 1 || runes(value) > 1024 {
				bad("embed field %q: name 1-256 and value 1-1024 characters (%d, %d)", name, runes(name), runes(value))
			}
			total += runes(name) + runes(value)
		}
	}
	if total > 6000 {
		bad("embeds total %d characters, max 6000", total)
	}
	return errs
}

// componentRules: without IS_COMPONENTS_V2, at most 5 action rows of 1-5
// buttons. A button has a style 1-6; a link button (5) a url and no
// custom_id, the others a custom_id of 1-100 characters, unique in the
// message; a label (max 80) or an emoji.
func componentRules(rows []any, v2 bool) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if v2 {
		return nil // not used by the bot; not modelled
	}
	if len(rows) > 5 {
		bad("%d action rows, max 5", len(rows))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		if num(row["type"]) != 1 {
			bad("top-level component of type %v: an action row (1) without IS_COMPONENTS_V2", row["type"])
			continue
		}
		comps, _ := row["components"].([]any)
		if len(comps) < 1 || len(comps) > 5 {
			bad("action row with %d components, want 1-5", len(comps))
		}
		for _, c := range comps {
			b, _ := c.(map[string]any)
			if num(b["type"]) != 2 {
				continue // selects are not used by the bot
			}
			style := int(num(b["style"]))
			id, _ := b["custom_id"].(string)
			url, _ := b["url"].(string)
			label, _ := b["label"].(string)
			switch {
			case style < 1 || style > 6:
				bad("button style %d", style)
			case style == 5 && (url == "" || id != ""):
				bad("link button needs a url and no custom_id")
			case style != 5 && style != 6 && (len(id) < 1 || runes(id) > 100):
				bad("button custom_id %q: 1-100 characters", id)
			}
			if id != "" && seen[id] {
				bad("duplicate custom_id %q in one message", id)
			}
			seen[id] = true
			if runes(label) > 80 {
				bad("button label %q over 80 characters", label)
			}
			if label == "" && b["emoji"] == nil && style != 6 {
				bad("button without a label or an emoji")
			}
		}
	}
	return errs
}

// ThreadRules checks POST /channels/{c}/messages/{m}/threads: a name of
// 1-100 characters and, when given, an auto_archive_duration of 60, 1440,
// 4320 or 10080 minutes.
func ThreadRules(body map[string]any) []string {
	var errs []string
	name, _ := body["name"].(string)
	if runes(name) < 1 || runes(name) > 100 {
		errs = append(errs, fmt.Sprintf("thread name %q: 1-100 characters", name))
	}
	if d, ok := body["auto_archive_duration"]; ok && d != nil {
		switch num(d) {
		case 60, 1440, 4320, 10080:
		default:
			errs = append(errs, fmt.Sprintf("auto_archive_duration %v: 60, 1440, 4320 or 10080", d))
		}
	}
	if r, ok := body["rate_limit_per_user"]; ok && r != nil && (num(r) < 0 || num(r) > 21600) {
		errs = append(errs, fmt.Sprintf("rate_limit_per_user %v: 0-21600", r))
	}
	return errs
}

// num reads a JSON number (float64 once decoded; int in a test's own
// literal bodies).
func num(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}

// CommandLimits adds to CommandRules what the OpenAPI spec bounds besides
// names and descriptions: integration_types and contexts non-empty and
// without repeats when given; string options' min_length 0-6000 and
// max_length 1-6000 (not below min_length), on string options only.
func CommandLimits(c map[string]any) []string {
	var errs []string
	name, _ := c["name"].(string)
	for _, key := range []string{"integration_types", "contexts"} {
		v, ok := c[key]
		if !ok || v == nil {
			continue
		}
		list, _ := v.([]any)
		seen := map[float64]bool{}
		for _, x := range list {
			if seen[num(x)] {
				errs = append(errs, fmt.Sprintf("command %q: %s repeats %v", name, key, x))
			}
			seen[num(x)] = true
		}
		if len(list) == 0 {
			errs = append(errs, fmt.Sprintf("command %q: %s is empty (omit it instead)", name, key))
		}
	}
	var walk func(where string, opts []any)
	walk = func(where string, opts []any) {
		for _, raw := range opts {
			o, _ := raw.(map[string]any)
			oname, _ := o["name"].(string)
			sub, _ := o["options"].([]any)
			walk(where+" "+oname, sub)
			_, hasMin := o["min_length"]
			_, hasMax := o["max_length"]
			if !hasMin && !hasMax {
				continue
			}
			minL, maxL := num(o["min_length"]), num(o["max_length"])
			switch {
			case num(o["type"]) != 3:
				errs = append(errs, fmt.Sprintf("%s %s: min_length/max_length on a non-string option", where, oname))
			case hasMin && (minL < 0 || minL > 6000), hasMax && (maxL < 1 || maxL > 6000), hasMin && hasMax && minL > maxL:
				errs = append(errs, fmt.Sprintf("%s %s: lengths %v..%v", where, oname, o["min_length"], o["max_length"]))
			}
		}
	}
	opts, _ := c["options"].([]any)
	walk(name, opts)
	return errs
}
