package answer

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"path"
	"sync"
	"testing"

	"github.com/pkoukk/tiktoken-go"
)

// cl100kGz holds the cl100k_base tokens in rank order, each a uvarint
// length and its bytes, gzipped (testdata/cl100k_README.md). Only tests use
// it: they hold estimateTokens to the real tokenizer.
//
//go:embed testdata/cl100k_base.bin.gz
var cl100kGz []byte

const cl100kFile = "cl100k_base.tiktoken"

// cl100kLoader is a tiktoken.BpeLoader that serves cl100k_base from the
// test binary and refuses every other encoding, so tests never download.
type cl100kLoader struct{}

func (cl100kLoader) LoadTiktokenBpe(file string) (map[string]int, error) {
	if path.Base(file) != cl100kFile {
		return nil, fmt.Errorf("tokenizer %s: only %s is embedded", path.Base(file), cl100kFile)
	}
	tokens, err := cl100kTokens()
	if err != nil {
		return nil, err
	}
	ranks := make(map[string]int, len(tokens))
	for rank, tok := range tokens {
		ranks[tok] = rank
	}
	return ranks, nil
}

// cl100kTokens decodes the embedded tokens; a token's rank is its index.
func cl100kTokens() ([]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(cl100kGz))
	if err != nil {
		return nil, fmt.Errorf("tokenizer %s: %w", cl100kFile, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("tokenizer %s: %w", cl100kFile, err)
	}
	tokens := make([]string, 0, 100_256)
	for len(raw) > 0 {
		n, w := binary.Uvarint(raw)
		if w <= 0 || uint64(len(raw)-w) < n {
			return nil, fmt.Errorf("tokenizer %s: truncated at token %d", cl100kFile, len(tokens))
		}
		tokens = append(tokens, string(raw[w:w+int(n)]))
		raw = raw[w+int(n):]
	}
	return tokens, nil
}

// cl100k is the real tokenizer, loaded once for the tests.
var cl100k = sync.OnceValues(func() (*tiktoken.Tiktoken, error) {
	tiktoken.SetBpeLoader(cl100kLoader{})
	return tiktoken.GetEncoding("cl100k_base")
})

func cl100kCount(t testing.TB, text string) int {
	t.Helper()
	enc, err := cl100k()
	if err != nil {
		t.Fatal(err)
	}
	return len(enc.Encode(text, nil, nil))
}
