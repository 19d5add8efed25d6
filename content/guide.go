package content

import (
	"embed"
	"io/fs"
)

//go:embed guides/*.md
var guides embed.FS

// GuideName is the source name of the embedded guide.
const GuideName = "backend_developer_guide.md"

// Guide returns the embedded guide folder: one markdown file per guide.
func Guide() fs.FS {
	sub, err := fs.Sub(guides, "guides")
	if err != nil { // cannot happen: the directory is embedded at build time
		panic(err)
	}
	return sub
}

// LoadGuide parses the embedded guide.
func LoadGuide() ([]Document, error) { return Load(Guide()) }
