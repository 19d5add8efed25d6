package content

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// frontMatter is the part of a document's YAML header backend-tip uses.
type frontMatter struct {
	Title string   `yaml:"title"`
	Slug  string   `yaml:"slug"`
	Lang  string   `yaml:"lang"`
	Tags  []string `yaml:"tags"`
}

// splitFrontMatter separates a leading "---" YAML block from the markdown.
// A document without one is all body.
func splitFrontMatter(text string) (frontMatter, string, error) {
	var fm frontMatter
	if !strings.HasPrefix(text, "---\n") {
		return fm, text, nil
	}
	rest := text[len("---\n"):]
	end := strings.Index(rest, "\n---\n")
	var header, body string
	switch {
	case end >= 0:
		header, body = rest[:end], rest[end+len("\n---\n"):]
	case strings.HasSuffix(rest, "\n---"):
		header, body = strings.TrimSuffix(rest, "\n---"), ""
	default:
		// An opening rule with no closing one is a horizontal rule, not a header.
		return fm, text, nil
	}
	if err := yaml.Unmarshal([]byte(header), &fm); err != nil {
		return fm, "", fmt.Errorf("front matter: %w", err)
	}
	fm.Title = strings.TrimSpace(fm.Title)
	fm.Slug = strings.TrimSpace(fm.Slug)
	fm.Lang = strings.ToLower(strings.TrimSpace(fm.Lang))
	return fm, body, nil
}
