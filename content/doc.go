// Package content holds backend-tip's knowledge: the embedded Japanese
// backend-developer guide (and any extra markdown a team adds), parsed into
// sections and retrieval chunks. It only reads through fs.FS, so the embedded
// guide, a folder on disk and test fixtures are treated the same way.
package content
