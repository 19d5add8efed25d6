package answer

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"testing"
)

// The embedded tokens rebuild exactly OpenAI's cl100k_base.tiktoken (the
// hash tiktoken itself checks), and the tokenizer built from them counts
// known strings right.
func TestCL100KRanks(t *testing.T) {
	tokens, err := cl100kTokens()
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for rank, tok := range tokens {
		fmt.Fprintf(h, "%s %d\n", base64.StdEncoding.EncodeToString([]byte(tok)), rank)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7" {
		t.Fatalf("sha256 %s: not OpenAI's cl100k_base", got)
	}
	ranks, err := cl100kLoader{}.LoadTiktokenBpe("https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken")
	if err != nil || len(ranks) != 100256 {
		t.Fatalf("%d ranks, err %v; want 100256", len(ranks), err)
	}
	if _, err := (cl100kLoader{}).LoadTiktokenBpe("o200k_base.tiktoken"); err == nil {
		t.Error("o200k_base loaded though it is not embedded")
	}
	// Counts from OpenAI's tokenizer for cl100k_base.
	for text, want := range map[string]int{"hello world": 2, "tiktoken is great!": 6} {
		if got := cl100kCount(t, text); got != want {
			t.Errorf("cl100k(%q) = %d, want %d", text, got, want)
		}
	}
}
