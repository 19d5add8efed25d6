package answer

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"strconv"
	"strings"
)

// This file renders the prompt templates (prompts/*.tmpl) with a small
// subset of text/template's syntax: {{.Field}}, {{$var.Field}}, {{.}},
// {{if X}}…{{else}}…{{end}}, {{range X}}, {{range $i, $a := X}} (with
// {{else}} for an empty list), the functions add, len, eq and not, integer
// and "string" arguments (without spaces), {{/* comments */}} and the
// {{- -}} trim markers. text/template itself is not
// used because its method calls by name make the linker keep every
// exported method of every type in the binary (about 4.5 MB here).

// promptSet is the parsed templates by file name; read-only after parsing.
type promptSet map[string][]tnode

func parsePrompts(fsys fs.FS, pattern string) (promptSet, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	set := promptSet{}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		nodes, err := parseTemplate(string(src))
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		set[path.Base(name)] = nodes
	}
	return set, nil
}

func (s promptSet) execute(b *strings.Builder, name string, data any) error {
	nodes, ok := s[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	return execNodes(b, nodes, scope{dot: reflect.ValueOf(data)})
}

// tnode is one piece of a template: text, an action to print, or a block.
type tnode struct {
	kind  string // "text", "print", "if", "range"
	text  string
	pipe  []string // words of the action
	vars  []string // range variables: [$a] or [$i $a]
	body  []tnode
	other []tnode // the {{else}} part
}

// parseTemplate splits src into nodes, nesting if and range blocks.
func parseTemplate(src string) ([]tnode, error) {
	var tokens []tnode
	for {
		i := strings.Index(src, "{{")
		if i < 0 {
			tokens = append(tokens, tnode{kind: "text", text: src})
			break
		}
		j := strings.Index(src[i:], "}}")
		if j < 0 {
			return nil, fmt.Errorf("unclosed action")
		}
		text, action, rest := src[:i], src[i+2:i+j], src[i+j+2:]
		if strings.HasPrefix(action, "- ") {
			text, action = strings.TrimRight(text, " \t\r\n"), action[2:]
		}
		if strings.HasSuffix(action, " -") {
			rest, action = strings.TrimLeft(rest, " \t\r\n"), action[:len(action)-2]
		}
		tokens = append(tokens, tnode{kind: "text", text: text})
		if a := strings.TrimSpace(action); !strings.HasPrefix(a, "/*") {
			tokens = append(tokens, tnode{kind: "action", pipe: strings.Fields(a)})
		}
		src = rest
	}
	nodes, rest, end, err := nest(tokens)
	if err != nil {
		return nil, err
	}
	if end != "" || len(rest) > 0 {
		return nil, fmt.Errorf("unexpected {{%s}}", end)
	}
	return nodes, nil
}

// nest builds nodes until {{else}} or {{end}}, which it returns as end.
func nest(tokens []tnode) (nodes, rest []tnode, end string, err error) {
	for len(tokens) > 0 {
		t := tokens[0]
		tokens = tokens[1:]
		if t.kind == "text" {
			if t.text != "" {
				nodes = append(nodes, t)
			}
			continue
		}
		if len(t.pipe) == 0 {
			return nil, nil, "", fmt.Errorf("empty action")
		}
		switch t.pipe[0] {
		case "else", "end":
			return nodes, tokens, t.pipe[0], nil
		case "if", "range":
			block := tnode{kind: t.pipe[0], pipe: t.pipe[1:]}
			if block.kind == "range" {
				block.vars, block.pipe = rangeVars(block.pipe)
			}
			if len(block.pipe) == 0 {
				return nil, nil, "", fmt.Errorf("%s without a value", block.kind)
			}
			var stop string
			block.body, tokens, stop, err = nest(tokens)
			if err == nil && stop == "else" {
				block.other, tokens, stop, err = nest(tokens)
			}
			if err != nil {
				return nil, nil, "", err
			}
			if stop != "end" {
				return nil, nil, "", fmt.Errorf("{{%s}} without {{end}}", block.kind)
			}
			nodes = append(nodes, block)
		default:
			nodes = append(nodes, tnode{kind: "print", pipe: t.pipe})
		}
	}
	return nodes, nil, "", nil
}

// rangeVars splits "$i, $a := .List" into [$i $a] and [.List].
func rangeVars(words []string) (vars, pipe []string) {
	for k, w := range words {
		if w == ":=" {
			for _, v := range words[:k] {
				vars = append(vars, strings.TrimSuffix(v, ","))
			}
			return vars, words[k+1:]
		}
	}
	return nil, words
}

// scope is what an action sees: dot and the range variables.
type scope struct {
	dot  reflect.Value
	vars map[string]reflect.Value
}

func (s scope) with(dot reflect.Value, names []string, values ...reflect.Value) scope {
	vars := make(map[string]reflect.Value, len(s.vars)+len(names))
	for k, v := range s.vars {
		vars[k] = v
	}
	// One variable takes the element; two take index and element.
	for i, n := range names {
		vars[n] = values[len(values)-len(names)+i]
	}
	return scope{dot: dot, vars: vars}
}

func execNodes(b *strings.Builder, nodes []tnode, s scope) error {
	for _, n := range nodes {
		switch n.kind {
		case "text":
			b.WriteString(n.text)
		case "print":
			v, err := s.eval(n.pipe)
			if err != nil {
				return err
			}
			if !v.IsValid() {
				b.WriteString("<no value>") // text/template's text for a missing key
				continue
			}
			fmt.Fprint(b, v.Interface())
		case "if":
			v, err := s.eval(n.pipe)
			if err != nil {
				return err
			}
			body := n.other
			if truth(v) {
				body = n.body
			}
			if err := execNodes(b, body, s); err != nil {
				return err
			}
		case "range":
			v, err := s.eval(n.pipe)
			if err != nil {
				return err
			}
			if err := execRange(b, n, v, s); err != nil {
				return err
			}
		}
	}
	return nil
}

func execRange(b *strings.Builder, n tnode, v reflect.Value, s scope) error {
	v = indirect(v)
	if !v.IsValid() || v.Kind() != reflect.Slice && v.Kind() != reflect.Array || v.Len() == 0 {
		if v.IsValid() && v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return fmt.Errorf("range over %s", v.Kind())
		}
		return execNodes(b, n.other, s)
	}
	for i := range v.Len() {
		el := v.Index(i)
		if err := execNodes(b, n.body, s.with(el, n.vars, reflect.ValueOf(i), el)); err != nil {
			return err
		}
	}
	return nil
}

// eval computes an action: one term, or a function and its arguments.
func (s scope) eval(words []string) (reflect.Value, error) {
	args := make([]reflect.Value, 0, len(words))
	for _, w := range words[min(1, len(words)):] {
		v, err := s.term(w)
		if err != nil {
			return reflect.Value{}, err
		}
		args = append(args, v)
	}
	switch words[0] {
	case "add":
		if len(args) != 2 || !isInt(args[0]) || !isInt(args[1]) {
			return reflect.Value{}, fmt.Errorf("add takes two integers")
		}
		return reflect.ValueOf(int(indirect(args[0]).Int() + indirect(args[1]).Int())), nil
	case "len":
		if len(args) != 1 {
			return reflect.Value{}, fmt.Errorf("len takes one value")
		}
		switch v := indirect(args[0]); v.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map, reflect.String:
			return reflect.ValueOf(v.Len()), nil
		}
		return reflect.Value{}, fmt.Errorf("len of %s", indirect(args[0]).Kind())
	case "eq":
		if len(args) != 2 {
			return reflect.Value{}, fmt.Errorf("eq takes two values")
		}
		x, y := indirect(args[0]), indirect(args[1])
		return reflect.ValueOf(x.IsValid() && y.IsValid() && fmt.Sprint(x.Interface()) == fmt.Sprint(y.Interface())), nil
	case "not":
		if len(args) != 1 {
			return reflect.Value{}, fmt.Errorf("not takes one value")
		}
		return reflect.ValueOf(!truth(args[0])), nil
	}
	if len(words) != 1 {
		return reflect.Value{}, fmt.Errorf("unknown function %q", words[0])
	}
	return s.term(words[0])
}

// term is ".", ".A.B", "$x", "$x.A", an integer or a "string" without
// spaces.
func (s scope) term(w string) (reflect.Value, error) {
	if n, err := strconv.Atoi(w); err == nil {
		return reflect.ValueOf(n), nil
	}
	if strings.HasPrefix(w, `"`) {
		str, err := strconv.Unquote(w)
		if err != nil {
			return reflect.Value{}, fmt.Errorf("string %s: %w", w, err)
		}
		return reflect.ValueOf(str), nil
	}
	v := s.dot
	path := w
	if strings.HasPrefix(w, "$") {
		name, rest, _ := strings.Cut(w, ".")
		var ok bool
		if v, ok = s.vars[name]; !ok {
			return reflect.Value{}, fmt.Errorf("undefined variable %s", name)
		}
		path = "." + rest
		if rest == "" {
			return v, nil
		}
	} else if !strings.HasPrefix(w, ".") {
		return reflect.Value{}, fmt.Errorf("unknown function %q", w)
	}
	if path == "." {
		return v, nil
	}
	for _, field := range strings.Split(path[1:], ".") {
		v = indirect(v)
		switch v.Kind() {
		case reflect.Map:
			v = v.MapIndex(reflect.ValueOf(field))
		case reflect.Struct:
			v = v.FieldByName(field)
			if !v.IsValid() {
				return reflect.Value{}, fmt.Errorf("no field %s", field)
			}
		default:
			// A missing map key or a nil value prints nothing, as with
			// text/template's maps.
			return reflect.Value{}, nil
		}
	}
	return v, nil
}

func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

func isInt(v reflect.Value) bool {
	switch indirect(v).Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

// truth is text/template's: false, 0, "", nil and empty collections are false.
func truth(v reflect.Value) bool {
	v = indirect(v)
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.String:
		return v.Len() > 0
	}
	return !v.IsZero()
}

func (s promptSet) render(name string, data any) (string, error) {
	var b strings.Builder
	err := s.execute(&b, name, data)
	return b.String(), err
}
