package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// answerItem is one line of the answer eval set (bot/answer/testdata):
// an in-scope question with the phrases a correct answer contains, an
// out-of-scope one, or a follow-up conversation.
type answerItem struct {
	ID         string              `json:"id"`
	Kind       string              `json:"kind"` // "in", "out", "followup"
	Lang       string              `json:"lang"`
	Q          string              `json:"q"`
	Turns      []string            `json:"turns"`
	Expect     map[string][]string `json:"expect"`
	ExpectOut  bool                `json:"expect_out"`
	Tag        string              `json:"tag"`
	SectionTag string              `json:"section"`
}

// answerScores are one set's figures for one language.
type answerScores struct {
	in, fact, refusedIn, english, enN, out, refusedOut, fu, fuOK int
	// with the fake model
	modelIn, beforeModel, factInPrompt, promptN, sysLeaks, requests int
	misses                                                          []string
}

func readAnswerSet(path string) ([]answerItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []answerItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var it answerItem
		if err := json.Unmarshal([]byte(line), &it); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, it)
	}
	return out, sc.Err()
}

// foldText is NFKC and case folding: how answers and expected phrases are
// compared.
func foldText(s string) string {
	return cases.Fold().String(norm.NFKC.String(s))
}

func containsAny(text string, alts []string) bool {
	t := foldText(text)
	for _, a := range alts {
		if a != "" && strings.Contains(t, foldText(a)) {
			return true
		}
	}
	return false
}

// captured keeps the final reply of one answer.
type captured struct{ final bot.Reply }

func (c *captured) Update(string)    {}
func (c *captured) Done(r bot.Reply) { c.final = r }
func covered(r bot.Reply) bool       { return r.Answer != nil && r.Answer.Covered }
func answerText(r bot.Reply) string  { return r.Text }
func answerLang(r bot.Reply) string  { return content.TextLang(r.Text) }

// runAnswerSet answers every item through the router, as `ask -json` and
// `chat -json` do, and scores it per language.
func runAnswerSet(ctx context.Context, a *app, items []answerItem, fake *fakeModel, verbose bool) map[string]*answerScores {
	scores := map[string]*answerScores{}
	for _, it := range items {
		s := scores[it.Lang]
		if s == nil {
			s = &answerScores{}
			scores[it.Lang] = s
		}
		ask := func(q string, history []bot.Turn) bot.Reply {
			c := &captured{}
			a.router.Handle(ctx, bot.Request{Origin: bot.Origin{ID: it.ID, Platform: "console", ChannelID: "eval", UserID: "eval-user"},
				Text: "ask " + q, Kind: bot.KindMention, History: history}, c)
			return c.final
		}
		switch it.Kind {
		case "in":
			s.in++
			var before int
			if fake != nil {
				before = fake.answers()
			}
			r := ask(it.Q, nil)
			ok := covered(r) && containsAny(answerText(r), it.Expect[string(r.Lang)])
			if !covered(r) {
				s.refusedIn++
			}
			if ok {
				s.fact++
			} else if verbose && fake == nil {
				s.misses = append(s.misses, fmt.Sprintf("%s %q\n    -> %s", it.ID, it.Q, strings.ReplaceAll(bot.Truncate(r.Text, 300), "\n", " / ")))
			}
			if it.Lang == "en" {
				s.enN++
				if r.Lang == bot.English && answerLang(r) == content.LangEN {
					s.english++
				}
			}
			if fake != nil {
				s.modelIn++
				if fake.answers() == before {
					s.beforeModel++
					if verbose {
						s.misses = append(s.misses, fmt.Sprintf("%s REFUSED BEFORE THE MODEL %q", it.ID, it.Q))
					}
				} else {
					s.promptN++
					var alts []string
					for _, l := range it.Expect {
						alts = append(alts, l...)
					}
					if containsAny(fake.lastPrompt(), alts) {
						s.factInPrompt++
					} else if verbose {
						s.misses = append(s.misses, fmt.Sprintf("%s FACT NOT IN PROMPT %q (wanted one of %q)", it.ID, it.Q, alts))
					}
				}
			}
		case "out":
			s.out++
			r := ask(it.Q, nil)
			if !covered(r) {
				s.refusedOut++
			} else if verbose && fake == nil {
				s.misses = append(s.misses, fmt.Sprintf("%s OUT answered %q\n    -> %s", it.ID, it.Q, strings.ReplaceAll(bot.Truncate(r.Text, 200), "\n", " / ")))
			}
		case "followup":
			s.fu++
			var history []bot.Turn
			var r bot.Reply
			for _, t := range it.Turns {
				r = ask(t, history)
				history = append(history, bot.Turn{Author: "eval-user", Text: t}, bot.Turn{FromBot: true, Text: r.Text})
			}
			ok := false
			if it.ExpectOut {
				ok = !covered(r)
			} else {
				ok = covered(r) && containsAny(answerText(r), it.Expect[string(r.Lang)])
			}
			if ok {
				s.fuOK++
			} else if verbose && fake == nil {
				s.misses = append(s.misses, fmt.Sprintf("%s FOLLOWUP %q\n    -> %s", it.ID, it.Turns, strings.ReplaceAll(bot.Truncate(r.Text, 300), "\n", " / ")))
			}
		}
	}
	if fake != nil {
		for _, s := range scores {
			s.sysLeaks, s.requests = fake.systemLeaks(), fake.requests()
		}
	}
	return scores
}

func ratio(n, d int) string {
	if d == 0 {
		return "    -"
	}
	return fmt.Sprintf("%5.3f", float64(n)/float64(d))
}

func printAnswerScores(w io.Writer, name string, scores map[string]*answerScores, fake bool) {
	fmt.Fprintf(w, "%s\n", name)
	if fake {
		// The fake model's reply is canned: what counts is what reached it.
		fmt.Fprintf(w, "  %-4s %4s %14s %14s %5s %17s\n", "lang", "in", "refused-before", "fact-in-prompt", "out", "out-refused-before")
		for _, l := range []string{"ja", "en"} {
			if s := scores[l]; s != nil {
				fmt.Fprintf(w, "  %-4s %4d %14s %14s %5d %17s\n", l, s.modelIn, ratio(s.beforeModel, s.modelIn), ratio(s.factInPrompt, s.promptN), s.out, ratio(s.refusedOut, s.out))
			}
		}
		for _, s := range scores {
			fmt.Fprintf(w, "  requests with guide text in the system message: %d of %d\n", s.sysLeaks, s.requests)
			break
		}
		printMisses(w, scores)
		return
	}
	fmt.Fprintf(w, "  %-4s %4s %6s %9s %5s %9s %5s %8s %4s %9s\n", "lang", "in", "fact", "false-ref", "out", "out-ref", "en-n", "english", "fu", "followup")
	for _, l := range []string{"ja", "en"} {
		s := scores[l]
		if s == nil {
			continue
		}
		fmt.Fprintf(w, "  %-4s %4d %6s %9s %5d %9s %5d %8s %4d %9s\n", l, s.in, ratio(s.fact, s.in), ratio(s.refusedIn, s.in),
			s.out, ratio(s.refusedOut, s.out), s.enN, ratio(s.english, s.enN), s.fu, fmt.Sprintf("%d/%d", s.fuOK, s.fu))
	}
	printMisses(w, scores)
}

func printMisses(w io.Writer, scores map[string]*answerScores) {
	for _, l := range []string{"ja", "en"} {
		if s := scores[l]; s != nil {
			for _, m := range s.misses {
				fmt.Fprintf(w, "  miss %s\n", m)
			}
		}
	}
}

// answerSetPaths are the dev sets (answers_dev2.jsonl to answers_dev8.jsonl
// when dir has them) and the held-out sets in dir (answers_heldout2.jsonl and
// answers_heldout3.jsonl, written later, when present). The dev sets were each
// written independently of the others: a rule tuned on one that does not help
// the others is overfitted.
func answerSetPaths(dir string) [][2]string {
	sets := [][2]string{{"dev", filepath.Join(dir, "answers_dev.jsonl")}}
	for _, name := range []string{"dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8"} {
		if p := filepath.Join(dir, "answers_"+name+".jsonl"); fileExists(p) {
			sets = append(sets, [2]string{name, p})
		}
	}
	sets = append(sets, [2]string{"heldout", filepath.Join(dir, "answers_heldout.jsonl")})
	if p := filepath.Join(dir, "answers_heldout2.jsonl"); fileExists(p) {
		sets = append(sets, [2]string{"heldout2", p})
	}
	if p := filepath.Join(dir, "answers_heldout3.jsonl"); fileExists(p) {
		sets = append(sets, [2]string{"heldout3", p})
	}
	return sets
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// runEvalAnswers is `eval -answers [-fake-llm] [-v]`: the answer-level
// figures for the dev sets and the held-out set, printed separately; -v
// lists the misses of the dev sets only (the held-out set is not tuned on).
func runEvalAnswers(ctx context.Context, c *cli, dir string, fakeLLM, verbose bool) int {
	for _, set := range answerSetPaths(dir) {
		items, err := readAnswerSet(set[1])
		if err != nil {
			fmt.Fprintf(c.stderr, "backend-tip eval: %v (run from the repository root or pass -answers-dir DIR)\n", err)
			return exitUsage
		}
		cc := *c
		// Hundreds of questions from one user in a minute: no rate limits.
		cc.cfg.UserRatePerMin, cc.cfg.UserBurst, cc.cfg.ChannelRatePerMin, cc.cfg.ChannelBurst = 1e6, 1e6, 1e6, 1e6
		var fake *fakeModel
		if fakeLLM {
			docs, err := content.LoadGuide()
			if err != nil {
				return c.fail("eval", err)
			}
			if fake, err = startFakeModel(docs); err != nil {
				return c.fail("eval", err)
			}
			cc.cfg.OpenAIBaseURL, cc.cfg.OpenAIAPIKey, cc.cfg.Embedder = fake.URL(), "fake", "local"
		} else {
			cc.cfg.OpenAIBaseURL, cc.cfg.OpenAIAPIKey = "", ""
		}
		a, err := newApp(ctx, &cc, appOptions{})
		if err != nil {
			return c.fail("eval", err)
		}
		scores := runAnswerSet(ctx, a, items, fake, verbose && !strings.HasPrefix(set[0], "heldout"))
		a.Close()
		if fake != nil {
			fake.Close()
		}
		printAnswerScores(c.stdout, fmt.Sprintf("%s (%s, %d items)", set[0], set[1], len(items)), scores, fake != nil)
	}
	return exitOK
}
