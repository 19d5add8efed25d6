package fakediscord

import (
	"fmt"
	"regexp"
	"unicode"
	"unicode/utf8"
)

// What Discord rejects in a bulk overwrite of application commands (400
// Invalid Form Body, code 50035), from its application commands reference:
// the fake refuses the same so that a definition it accepts registers.

// chatName is the rule for chat input command, subcommand and option names
// (and their localizations): 1–32 letters, digits, - _ ' (Devanagari and
// Thai included), lower case where the letter has one.
var chatName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// locales are Discord's locale keys for name_ and description_localizations.
var locales = map[string]bool{"id": true, "da": true, "de": true, "en-GB": true, "en-US": true, "es-ES": true,
	"es-419": true, "fr": true, "hr": true, "it": true, "lt": true, "hu": true, "nl": true, "no": true, "pl": true,
	"pt-BR": true, "ro": true, "fi": true, "sv-SE": true, "vi": true, "tr": true, "cs": true, "el": true, "bg": true,
	"ru": true, "uk": true, "hi": true, "th": true, "zh-CN": true, "ja": true, "zh-TW": true, "ko": true}

func validChatName(s string) bool {
	if !chatName.MatchString(s) {
		return false
	}
	for _, r := range s {
		if unicode.ToLower(r) != r {
			return false
		}
	}
	return true
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// CommandRules returns what is wrong with one command of a bulk overwrite.
func CommandRules(c map[string]any) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	typ := 1
	if t, ok := c["type"].(float64); ok {
		typ = int(t)
	}
	name, _ := c["name"].(string)
	desc, _ := c["description"].(string)
	total := runes(name) + runes(desc)
	switch typ {
	case 1:
		if !validChatName(name) {
			bad("command name %q", name)
		}
		if runes(desc) < 1 || runes(desc) > 100 {
			bad("command %q: description must be 1-100 characters", name)
		}
	case 2, 3:
		if runes(name) < 1 || runes(name) > 32 {
			bad("context menu name %q: 1-32 characters", name)
		}
		if desc != "" {
			bad("context menu %q: description must be empty", name)
		}
		if c["options"] != nil {
			if o, _ := c["options"].([]any); len(o) > 0 {
				bad("context menu %q: no options", name)
			}
		}
	default:
		bad("command %q: type %d", name, typ)
	}
	errs = append(errs, localizations(name, c, typ == 1)...)
	for _, key := range []string{"integration_types", "contexts"} {
		if v, ok := c[key]; ok && v != nil {
			list, _ := v.([]any)
			for _, x := range list {
				n, _ := x.(float64)
				if max := map[string]float64{"integration_types": 1, "contexts": 2}[key]; n < 0 || n > max || n != float64(int(n)) {
					bad("command %q: %s value %v", name, key, x)
				}
			}
		}
	}
	if opts, _ := c["options"].([]any); len(opts) > 0 {
		n, more := optionRules(name, opts, 0)
		total += n
		errs = append(errs, more...)
	}
	if total > 8000 {
		bad("command %q: names, descriptions and values total %d characters, over 8000", name, total)
	}
	return errs
}

// localizations checks name_ and description_localizations of one object.
func localizations(where string, m map[string]any, chat bool) []string {
	var errs []string
	for _, key := range []string{"name_localizations", "description_localizations"} {
		loc, _ := m[key].(map[string]any)
		for k, v := range loc {
			s, _ := v.(string)
			switch {
			case !locales[k]:
				errs = append(errs, fmt.Sprintf("%s: %s key %q is not a Discord locale", where, key, k))
			case key == "name_localizations" && chat && !validChatName(s):
				errs = append(errs, fmt.Sprintf("%s: localized name %q", where, s))
			case key == "name_localizations" && (runes(s) < 1 || runes(s) > 32):
				errs = append(errs, fmt.Sprintf("%s: localized name %q: 1-32 characters", where, s))
			case key == "description_localizations" && (runes(s) < 1 || runes(s) > 100):
				errs = append(errs, fmt.Sprintf("%s: localized description %q: 1-100 characters", where, s))
			}
		}
	}
	return errs
}

// optionRules checks one level of options; depth 0 is the command's.
func optionRules(parent string, opts []any, depth int) (int, []string) {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if len(opts) > 25 {
		bad("%s: %d options, max 25", parent, len(opts))
	}
	total, seen, optional := 0, map[string]bool{}, false
	for _, raw := range opts {
		o, _ := raw.(map[string]any)
		name, _ := o["name"].(string)
		desc, _ := o["description"].(string)
		where := parent + " " + name
		total += runes(name) + runes(desc)
		typ, _ := o["type"].(float64)
		if !validChatName(name) {
			bad("%s: option name %q", parent, name)
		}
		if seen[name] {
			bad("%s: duplicate option %q", parent, name)
		}
		seen[name] = true
		if runes(desc) < 1 || runes(desc) > 100 {
			bad("%s: description must be 1-100 characters", where)
		}
		errs = append(errs, localizations(where, o, true)...)
		switch int(typ) {
		case 1, 2: // subcommand, group
			if int(typ) == 2 && depth > 0 || int(typ) == 1 && depth > 1 {
				bad("%s: nested too deep", where)
			}
			sub, _ := o["options"].([]any)
			n, more := optionRules(where, sub, depth+1)
			total += n
			errs = append(errs, more...)
			continue
		case 3, 4, 5, 6, 7, 8, 9, 10, 11:
		default:
			bad("%s: option type %v", where, typ)
		}
		req, _ := o["required"].(bool)
		if req && optional {
			bad("%s: required options must come before optional ones", where)
		}
		optional = optional || !req
		choices, _ := o["choices"].([]any)
		auto, _ := o["autocomplete"].(bool)
		if auto && len(choices) > 0 {
			bad("%s: autocomplete may not be set with choices", where)
		}
		if auto && typ != 3 && typ != 4 && typ != 10 {
			bad("%s: autocomplete only on string, integer and number options", where)
		}
		if len(choices) > 25 {
			bad("%s: %d choices, max 25", where, len(choices))
		}
		for _, rc := range choices {
			ch, _ := rc.(map[string]any)
			cn, _ := ch["name"].(string)
			if runes(cn) < 1 || runes(cn) > 100 {
				bad("%s: choice name %q: 1-100 characters", where, cn)
			}
			if v, ok := ch["value"].(string); ok {
				if runes(v) > 100 {
					bad("%s: choice value %q over 100 characters", where, v)
				}
				total += runes(v)
			} else if typ == 3 {
				bad("%s: string option with a non-string choice %v", where, ch["value"])
			}
			if loc, _ := ch["name_localizations"].(map[string]any); loc != nil {
				for k, v := range loc {
					s, _ := v.(string)
					if !locales[k] || runes(s) < 1 || runes(s) > 100 {
						bad("%s: choice localization %s=%q", where, k, s)
					}
				}
			}
		}
	}
	return total, errs
}
