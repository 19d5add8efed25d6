package content

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed guides/*.md
var guides embed.FS

// Source names of the embedded guide's two editions. The Japanese one is the
// original; the English one is its section-by-section translation, each
// heading carrying the same "{#anchor}" as its Japanese twin.
const (
	GuideName   = "backend_developer_guide.md"
	GuideNameEN = "backend_developer_guide.en.md"
)

// Guide returns the embedded guide folder: one markdown file per edition.
func Guide() fs.FS {
	sub, err := fs.Sub(guides, "guides")
	if err != nil { // cannot happen: the directory is embedded at build time
		panic(err)
	}
	return sub
}

// LoadGuide parses the embedded guide: the Japanese edition first, then the
// English one. Code that wants one edition picks it with Edition.
func LoadGuide() ([]Document, error) {
	var docs []Document
	for _, name := range []string{GuideName, GuideNameEN} {
		doc, err := loadFile(Guide(), name, Parse)
		if err != nil {
			return nil, fmt.Errorf("embedded guide: %w", err)
		}
		docs = append(docs, doc)
	}
	return docs, nil
}

// Edition returns the document of docs with the given slug and language, for
// example the English edition of the guide; ok is false when there is none.
func Edition(docs []Document, slug, lang string) (Document, bool) {
	for _, d := range docs {
		if d.Slug == slug && d.Lang == lang {
			return d, true
		}
	}
	return Document{}, false
}
