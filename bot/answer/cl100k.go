package answer

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/base64"
	"fmt"
	"io"
	"path"
	"strconv"
)

// cl100kGz is the cl100k_base rank file, gzipped (tokenizer/README.md).
//
//go:embed tokenizer/cl100k_base.tiktoken.gz
var cl100kGz []byte

const cl100kFile = "cl100k_base.tiktoken"

// cl100kLoader is a tiktoken.BpeLoader that serves cl100k_base from the
// binary and refuses every other encoding, so counting tokens never
// downloads anything.
type cl100kLoader struct{}

func (cl100kLoader) LoadTiktokenBpe(file string) (map[string]int, error) {
	if path.Base(file) != cl100kFile {
		return nil, fmt.Errorf("tokenizer %s: only %s is embedded", path.Base(file), cl100kFile)
	}
	raw, err := cl100kRaw()
	if err != nil {
		return nil, err
	}
	return parseRanks(raw)
}

func cl100kRaw() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(cl100kGz))
	if err != nil {
		return nil, fmt.Errorf("tokenizer %s: %w", cl100kFile, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("tokenizer %s: %w", cl100kFile, err)
	}
	return raw, nil
}

// parseRanks reads tiktoken's format: one "base64(token) rank" per line.
func parseRanks(raw []byte) (map[string]int, error) {
	ranks := make(map[string]int, 100_300)
	for n, line := range bytes.Split(raw, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		tok, rank, ok := bytes.Cut(line, []byte(" "))
		if !ok {
			return nil, fmt.Errorf("tokenizer line %d: no rank", n+1)
		}
		b, err := base64.StdEncoding.DecodeString(string(tok))
		if err != nil {
			return nil, fmt.Errorf("tokenizer line %d: %w", n+1, err)
		}
		r, err := strconv.Atoi(string(rank))
		if err != nil {
			return nil, fmt.Errorf("tokenizer line %d: %w", n+1, err)
		}
		ranks[string(b)] = r
	}
	return ranks, nil
}
