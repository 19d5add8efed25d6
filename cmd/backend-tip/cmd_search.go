package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/backend-tip/backend-tip/retrieval"
)

// searchLine is the -json output contract (DESIGN.md): one line per query.
type searchLine struct {
	Query   string         `json:"query"`
	Results []searchResult `json:"results"`
}

type searchResult struct {
	Rank    int     `json:"rank"`
	Score   float64 `json:"score"`
	Section string  `json:"section"`
	Text    string  `json:"text"`
	Source  string  `json:"source"`
}

// runSearch is `search [-k N] [-json] QUERY... | -`: the words form one
// query; "-" reads one query per line from stdin.
func runSearch(ctx context.Context, c *cli, args []string) int {
	fs := newFlags("search", "backend-tip search [-k N] [-json] QUERY... | -")
	k := fs.Int("k", 5, "number of results per query")
	asJSON := fs.Bool("json", false, "one JSON object per query per line")
	positional, code, ok := c.parse(fs, args, parseInterleaved)
	if !ok {
		return code
	}
	if *k < 1 {
		fmt.Fprintln(c.stderr, "backend-tip search: -k must be at least 1")
		return exitUsage
	}
	fromStdin := len(positional) == 1 && positional[0] == "-"
	query := strings.Join(positional, " ")
	if !fromStdin && strings.TrimSpace(query) == "" {
		fmt.Fprintln(c.stderr, "backend-tip search: empty query: give words to search for, e.g. backend-tip search \"N+1問題\", or - to read one query per line from stdin")
		return exitUsage
	}
	a, err := newApp(ctx, c, appOptions{})
	if err != nil {
		return c.fail("search", err)
	}
	defer a.Close()
	out := bufio.NewWriter(c.stdout)
	defer out.Flush()
	p := searchPrinter{a: a, out: out, stderr: c.stderr, k: *k, json: *asJSON}
	if !fromStdin {
		return p.one(ctx, query, true)
	}
	code = exitOK
	in := bufio.NewReader(c.stdin)
	for {
		line, err := in.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(line) != "" {
			if rc := p.one(ctx, line, false); rc != exitOK {
				code = rc
			}
			out.Flush()
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				fmt.Fprintf(c.stderr, "backend-tip search: read stdin: %v\n", err)
				return exitError
			}
			return code
		}
	}
}

// parseInterleaved lets flags follow the query too (search N+1問題 -json),
// as people type them; "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

type searchPrinter struct {
	a      *app
	out    *bufio.Writer
	stderr io.Writer
	k      int
	json   bool
}

// one searches and prints one query. strict (a query from the command line)
// makes a query with nothing searchable a usage error; from stdin it just
// gets no results, so every input line still gets its output line.
func (p searchPrinter) one(ctx context.Context, query string, strict bool) int {
	hits, err := p.a.index.Search(ctx, query, p.k)
	if errors.Is(err, retrieval.ErrEmptyQuery) {
		if strict {
			fmt.Fprintln(p.stderr, "backend-tip search: empty query: give words to search for")
			return exitUsage
		}
		hits, err = nil, nil
	}
	if err != nil {
		fmt.Fprintf(p.stderr, "backend-tip search: %v\n", err)
		return exitError
	}
	shown := query
	if len(shown) > 4*retrieval.MaxQueryRunes {
		shown = retrieval.CleanQuery(shown)
	}
	shown = strings.ToValidUTF8(shown, "\uFFFD")
	if p.json {
		line := searchLine{Query: shown, Results: make([]searchResult, 0, len(hits))}
		for _, h := range hits {
			line.Results = append(line.Results, searchResult{
				Rank: h.Rank, Score: h.Score, Section: h.Chunk.Section, Text: h.Chunk.Text, Source: h.Chunk.Source,
			})
		}
		enc := json.NewEncoder(p.out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(line); err != nil {
			fmt.Fprintf(p.stderr, "backend-tip search: %v\n", err)
			return exitError
		}
		return exitOK
	}
	if len(hits) == 0 {
		fmt.Fprintf(p.out, "no results for %q\n", shortQuery(shown))
		return exitOK
	}
	for _, h := range hits {
		fmt.Fprintf(p.out, "%d. %s  (%s, score %.4f)\n", h.Rank, h.Chunk.Section, h.Chunk.Source, h.Score)
		for _, l := range strings.Split(h.Chunk.Text, "\n") {
			fmt.Fprintf(p.out, "   %s\n", l)
		}
		fmt.Fprintln(p.out)
	}
	return exitOK
}

func shortQuery(q string) string {
	if r := []rune(q); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return q
}

// runEval is `eval [-set FILE] [-v]`: hit@1, hit@3 and MRR per language on
// the project's question set.
func runEval(ctx context.Context, c *cli, args []string) int {
	fs := newFlags("eval", "backend-tip eval [-set FILE] [-v] | eval -answers [-fake-llm] [-v]")
	set := fs.String("set", "retrieval/testdata/eval.jsonl", "question set, JSON lines {\"q\",\"lang\",\"expect\"}")
	verbose := fs.Bool("v", false, "list the questions missed in the top 3 (with -answers: the dev sets' answers missed, and logs at BACKEND_TIP_LOG_LEVEL)")
	answers := fs.Bool("answers", false, "answer-level eval: fact, refusal, English and follow-up rates on the answer sets")
	answersDir := fs.String("answers-dir", "bot/answer/testdata", "directory of answers_dev.jsonl, answers_dev2.jsonl to answers_dev4.jsonl (optional) and answers_heldout.jsonl")
	fakeLLM := fs.Bool("fake-llm", false, "with -answers: answer through a loopback OpenAI-compatible fake that always answers")
	if _, code, ok := c.parse(fs, args, noArgs); !ok {
		return code
	}
	if *answers {
		c.quietLogs(*verbose)
		return runEvalAnswers(ctx, c, *answersDir, *fakeLLM, *verbose)
	}
	f, err := os.Open(*set)
	if err != nil {
		fmt.Fprintf(c.stderr, "backend-tip eval: %v (run from the repository root or pass -set FILE)\n", err)
		return exitUsage
	}
	qs, err := retrieval.ReadEvalSet(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(c.stderr, "backend-tip eval: %s: %v\n", *set, err)
		return exitUsage
	}
	a, err := newApp(ctx, c, appOptions{})
	if err != nil {
		return c.fail("eval", err)
	}
	defer a.Close()
	scores, err := retrieval.Evaluate(ctx, a.index, qs)
	if err != nil {
		return c.fail("eval", err)
	}
	fmt.Fprintf(c.stdout, "%d questions from %s, embedder %s\n", len(qs), *set, a.index.Embedder())
	fmt.Fprintf(c.stdout, "%-5s %4s %7s %7s %7s\n", "lang", "n", "hit@1", "hit@3", "MRR")
	for _, s := range scores {
		fmt.Fprintf(c.stdout, "%-5s %4d %7.3f %7.3f %7.3f\n", s.Lang, s.N, s.Hit1, s.Hit3, s.MRR)
	}
	if *verbose {
		for _, s := range scores {
			for _, m := range s.Misses {
				fmt.Fprintf(c.stdout, "miss [%s] %s  expect %q\n", s.Lang, m.Q, m.Expect)
			}
		}
	}
	return exitOK
}
