package quiz

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// roadmapHeading is the guide section whose sub-sections are the steps.
const roadmapHeading = "3段階学習ロードマップ"

// roadmapStep is one step of the guide's learning roadmap.
type roadmapStep struct {
	Name     string // "Step 1: 基礎固め (Foundation)"
	Duration string // "3〜6ヶ月"
	Goal     string
	Items    []string
	Source   bot.Source
}

var (
	numbered  = regexp.MustCompile(`^\s*\d+\.\s+(.+)$`)
	goalLabel = regexp.MustCompile(`^(目標|Goal)\s*[:：]\s*`)
)

// parseRoadmap reads the steps from the sections under the roadmap heading:
// the heading gives name and duration ("Step 1: ... - 3〜6ヶ月"), the quote
// the goal, the numbered list the items.
func parseRoadmap(docs []content.Document) []roadmapStep {
	var steps []roadmapStep
	for _, d := range docs {
		for _, sec := range d.Sections {
			n := len(sec.Path)
			if n < 2 || sec.Path[n-2] != roadmapHeading {
				continue
			}
			step := roadmapStep{Name: sec.Path[n-1]}
			if name, dur, ok := strings.Cut(sec.Path[n-1], " - "); ok {
				step.Name, step.Duration = strings.TrimSpace(name), strings.TrimSpace(dur)
			}
			for _, line := range strings.Split(sec.Body, "\n") {
				clean := strings.TrimSpace(markup.ReplaceAllString(line, ""))
				if strings.HasPrefix(clean, ">") && step.Goal == "" {
					step.Goal = goalLabel.ReplaceAllString(strings.TrimSpace(strings.TrimPrefix(clean, ">")), "")
				}
				if m := numbered.FindStringSubmatch(clean); m != nil {
					step.Items = append(step.Items, strings.TrimSpace(m[1]))
				}
			}
			step.Source = bot.Source{Section: sec.Title, Anchor: sec.Anchor, Document: d.Source, Excerpt: step.Goal}
			steps = append(steps, step)
		}
		if len(steps) > 0 {
			break
		}
	}
	return steps
}

// maxItemRunes keeps each roadmap item to a readable line.
const maxItemRunes = 140

func (s *Service) handleRoadmap(_ context.Context, req bot.Request, args string, st bot.Stream) error {
	lang := req.Lang
	if len(s.roadmap) == 0 {
		return fmt.Errorf("roadmap: no %q section in the guide", roadmapHeading)
	}
	arg := strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(args)), "step"))
	if arg == "" {
		var b strings.Builder
		b.WriteString(lang.Pick("**3段階学習ロードマップ**（詳細は `/backend-tip roadmap 1` など）\n",
			"**The three-step learning roadmap** (details: `/backend-tip roadmap 1` etc.)\n"))
		var sources []bot.Source
		for _, step := range s.roadmap {
			fmt.Fprintf(&b, "• **%s** (%s)\n  %s\n", step.Name, step.Duration, step.Goal)
			sources = append(sources, step.Source)
		}
		st.Done(bot.Reply{Lang: lang, Text: strings.TrimRight(b.String(), "\n"), Sources: sources})
		return nil
	}
	n := 0
	if _, err := fmt.Sscanf(arg, "%d", &n); err != nil || n < 1 || n > len(s.roadmap) || fmt.Sprint(n) != arg {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			fmt.Sprintf("ステップは 1〜%d です。例: `/backend-tip roadmap 2`", len(s.roadmap)),
			fmt.Sprintf("Steps are 1 to %d, e.g. `/backend-tip roadmap 2`", len(s.roadmap)))})
		return nil
	}
	step := s.roadmap[n-1]
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n%s %s\n%s %s\n%s\n", step.Name,
		lang.Pick("期間:", "Duration:"), step.Duration,
		lang.Pick("目標:", "Goal:"), step.Goal,
		lang.Pick("学習項目:", "What to learn:"))
	for i, item := range step.Items {
		fmt.Fprintf(&b, "%d. %s\n", i+1, bot.Truncate(item, maxItemRunes))
	}
	st.Done(bot.Reply{Lang: lang, Text: strings.TrimRight(b.String(), "\n"), Sources: []bot.Source{step.Source}})
	return nil
}
