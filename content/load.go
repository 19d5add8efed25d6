package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxDocumentBytes bounds one markdown file: a stray dump in the content
// folder must not blow up memory or start-up time.
const MaxDocumentBytes = 4 << 20

// Load parses every markdown file (*.md, *.markdown) under fsys, in name
// order, with the path inside fsys as the document's source. Files that fail
// are left out and reported in the joined error; the documents that parsed
// are returned either way, so one broken note never hides the rest.
func Load(fsys fs.FS) ([]Document, error) { return load(fsys, Parse) }

func load(fsys fs.FS, parseFile func(source string, data []byte) (Document, error)) ([]Document, error) {
	files, walkErr := visibleFiles(fsys)
	if walkErr != nil {
		return nil, fmt.Errorf("list markdown: %w (%w)", ErrNoDir, walkErr)
	}
	var names []string
	for _, p := range files {
		if ext := strings.ToLower(path.Ext(p)); ext == ".md" || ext == ".markdown" {
			names = append(names, p)
		}
	}
	var docs []Document
	var errs []error
	for _, name := range names {
		doc, err := loadFile(fsys, name, parseFile)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, doc)
	}
	return docs, errors.Join(errs...)
}

// ErrNoDir wraps the error of a content folder that cannot be listed at
// all (missing, not a directory, unreadable), as opposed to single files
// that failed to parse.
var ErrNoDir = errors.New("not a readable directory")

// LoadDir parses the markdown files of a folder on disk
// (BACKEND_TIP_CONTENT_DIR) as team notes (ParseNote).
func LoadDir(dir string) ([]Document, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("content dir %s: %w (%w)", dir, ErrNoDir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("content dir %s: %w", dir, ErrNoDir)
	}
	docs, err := load(os.DirFS(dir), ParseNote)
	if err != nil {
		return docs, fmt.Errorf("content dir %s: %w", dir, err)
	}
	return docs, nil
}

func loadFile(fsys fs.FS, name string, parseFile func(source string, data []byte) (Document, error)) (Document, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return Document{}, fmt.Errorf("read %s: %w", name, err)
	}
	if fi.Size() > MaxDocumentBytes {
		return Document{}, fmt.Errorf("read %s: %d bytes is over the %d byte limit", name, fi.Size(), MaxDocumentBytes)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Document{}, fmt.Errorf("read %s: %w", name, err)
	}
	doc, err := parseFile(name, data)
	if err != nil {
		return Document{}, fmt.Errorf("parse %s: %w", name, err)
	}
	return doc, nil
}

// Parse turns one markdown file into a document: front matter, sections and
// chunks. source names the document in chunks and citations.
func Parse(source string, data []byte) (Document, error) {
	return parse(source, data, parseSections)
}

// parse is Parse with the way headings are found: parseSections for the
// embedded guide, noteSections (notes.go) for team notes.
func parse(source string, data []byte, sectionsOf func(body string) ([]Section, string)) (Document, error) {
	text := string(data)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = strings.ReplaceAll(strings.TrimPrefix(text, "\uFEFF"), "\r\n", "\n")
	meta, body, err := splitFrontMatter(text)
	if err != nil {
		return Document{}, err
	}
	doc := Document{Source: source, Title: meta.Title, Slug: meta.Slug, Tags: meta.Tags}
	sections, h1 := sectionsOf(body)
	doc.Lang = documentLang(meta.Lang, source, body)
	if doc.Title == "" {
		doc.Title = h1
	}
	base := strings.TrimSuffix(path.Base(source), path.Ext(source))
	base = strings.TrimSuffix(base, "."+doc.Lang) // "guide.en.md" is the English "guide"
	if doc.Title == "" {
		doc.Title = base
	}
	if doc.Slug == "" {
		doc.Slug = base
	}
	for i := range sections {
		if len(sections[i].Path) == 0 {
			sections[i].Title = CleanHeading(doc.Title)
		}
	}
	doc.Sections = sections
	doc.Chunks = chunkSections(source, doc.Lang, sections)
	for i := range doc.Chunks {
		c := &doc.Chunks[i]
		c.Twin = fmt.Sprintf("%s#%s/%d", doc.Slug, c.Anchor, c.Block)
	}
	return doc, nil
}

// SectionByTitle finds a section by its display heading path ("A > B").
// Spacing differences are forgiven so hand-written references still match.
func (d Document) SectionByTitle(title string) (Section, bool) {
	want := collapseSpaces(title)
	for _, s := range d.Sections {
		if s.Title == title || collapseSpaces(s.Title) == want {
			return s, true
		}
	}
	return Section{}, false
}

// SectionByAnchor finds a section by its anchor; in the guide, the same
// anchor names a section's twin in the other edition.
func (d Document) SectionByAnchor(anchor string) (Section, bool) {
	for _, s := range d.Sections {
		if s.Anchor == anchor {
			return s, true
		}
	}
	return Section{}, false
}

// visibleFiles lists the files under fsys in name order, leaving out
// hidden ones and everything in hidden folders (".git", editors' backups).
func visibleFiles(fsys fs.FS) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p != "." && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
		case !d.IsDir():
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	return names, err
}
