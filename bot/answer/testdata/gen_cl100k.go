//go:build ignore

// gen writes cl100k_base.bin.gz from OpenAI's cl100k_base.tiktoken:
//
//	go run testdata/gen_cl100k.go path/to/cl100k_base.tiktoken > testdata/cl100k_base.bin.gz
//
// The .tiktoken file lists "base64(token) rank" with ranks 0, 1, 2, ... in
// order, so the rank is the position and only the tokens are kept, each as
// a uvarint length and its bytes. The result is gzipped (-9, no name or
// time, so it is reproducible).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
)

func main() {
	if err := gen(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func gen(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var out bytes.Buffer
	sc := bufio.NewScanner(f)
	for n := 0; sc.Scan(); n++ {
		tok, rank, ok := bytes.Cut(sc.Bytes(), []byte(" "))
		if !ok {
			return fmt.Errorf("line %d: no rank", n+1)
		}
		if r, err := strconv.Atoi(string(rank)); err != nil || r != n {
			return fmt.Errorf("line %d: rank %s is not %d", n+1, rank, n)
		}
		b, err := base64.StdEncoding.DecodeString(string(tok))
		if err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
		out.Write(binary.AppendUvarint(nil, uint64(len(b))))
		out.Write(b)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(os.Stdout, gzip.BestCompression)
	if _, err := zw.Write(out.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}
