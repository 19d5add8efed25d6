package content

// Document is one markdown file: the embedded guide or a team's own note.
type Document struct {
	Source   string // file name: "backend_developer_guide.md"
	Title    string
	Slug     string
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
	Anchor  string // section anchor
	Text    string // body text, markup cleaned
	Order   int    // position in the document
}
