package content

import "strings"

// Document is one markdown file: the embedded guide or a team's own note.
type Document struct {
	Source   string // file name: "backend_developer_guide.md"
	Title    string
	Slug     string
	Lang     string // "ja" or "en": front matter "lang", a ".en.md" name, or the text's script
	Tags     []string
	Sections []Section
	Chunks   []Chunk
}

// Section is a heading of a document with the text directly under it.
type Section struct {
	Path   []string // cleaned headings from the top: ["面接はこう準備しよう！", "システム設計 (System Design)"]
	Title  string   // display heading path: Path joined with " > "
	Anchor string   // stable anchor, unique within the document
	Level  int      // markdown heading level
	Body   string   // markdown body directly under the heading
}

// Chunk is the unit of retrieval: a heading path plus one paragraph or list
// block of at most about 600 characters.
type Chunk struct {
	ID      string // stable: derived from source and content
	Source  string // document file name
	Section string // display heading path
	Anchor  string // section anchor; the guide's editions share it between twins
	Lang    string // "ja" or "en": the document's language
	Block   int    // which block (paragraph, list, quote) of the section, from 0; a long block gives several chunks with the same Block
	Twin    string // "slug#anchor/block": the same in both editions of the guide, so a passage and its translation are known as one
	Text    string // body text, markup cleaned
	Order   int    // position in the document
}

// SectionKey names the chunk's section across the guide's editions
// ("slug#anchor"): a Japanese passage and its English twin have the same
// key, so a list of sources can name the section once.
func (c Chunk) SectionKey() string {
	if i := strings.LastIndex(c.Twin, "/"); i >= 0 {
		return c.Twin[:i]
	}
	return c.Source + "#" + c.Anchor
}
