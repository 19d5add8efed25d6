package quiz

import (
	"context"
	"fmt"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// langCode is the content language of a bot language.
func langCode(l bot.Lang) string {
	if l == bot.English {
		return content.LangEN
	}
	return content.LangJA
}

// guideSource cites the guide section with the anchor in the edition of the
// asker's language (the Japanese one when there is no twin).
func (s *Service) guideSource(anchor string, lang bot.Lang, excerpt string) bot.Source {
	slug := strings.TrimSuffix(content.GuideName, ".md")
	for _, code := range []string{langCode(lang), content.LangJA} {
		if d, ok := content.Edition(s.opts.Docs, slug, code); ok {
			if sec, ok := d.SectionByAnchor(anchor); ok {
				return bot.Source{Section: sec.Title, Anchor: anchor, Document: d.Source, Excerpt: excerpt}
			}
		}
	}
	return bot.Source{Anchor: anchor, Excerpt: excerpt}
}

// stepTitle is "Step 2: Intermediate" in the asker's language.
func stepTitle(step content.RoadmapStep, code string) string {
	return fmt.Sprintf("Step %d: %s", step.N, step.Name.In(code))
}

// maxItemRunes keeps each roadmap item to a readable line.
const maxItemRunes = 140

// handleRoadmap renders the guide's roadmap from its extracted facts, in
// the asker's language: all steps with durations and goals, or one step's
// duration, goal and items.
func (s *Service) handleRoadmap(_ context.Context, req bot.Request, args string, st bot.Stream) error {
	lang := req.Lang
	if s.factsErr != nil {
		return fmt.Errorf("roadmap: %w", s.factsErr)
	}
	steps := s.facts.Steps
	code := langCode(lang)
	arg := strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(args)), "step"))
	if arg == "" {
		var b strings.Builder
		b.WriteString(lang.Pick("**3段階学習ロードマップ**（詳細は `/backend-tip roadmap 1` など）\n",
			"**The three-step learning roadmap** (details: `/backend-tip roadmap 1` etc.)\n"))
		var sources []bot.Source
		for _, step := range steps {
			fmt.Fprintf(&b, "• **%s** (%s)\n  %s\n", stepTitle(step, code), step.Duration.In(code), step.Goal.In(code))
			sources = append(sources, s.guideSource(step.Anchor, lang, step.Goal.In(code)))
		}
		st.Done(bot.Reply{Lang: lang, Text: strings.TrimRight(b.String(), "\n"), Sources: sources})
		return nil
	}
	n := 0
	if _, err := fmt.Sscanf(arg, "%d", &n); err != nil || n < 1 || n > len(steps) || fmt.Sprint(n) != arg {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			fmt.Sprintf("ステップは 1〜%d です。例: `/backend-tip roadmap 2`", len(steps)),
			fmt.Sprintf("Steps are 1 to %d, e.g. `/backend-tip roadmap 2`", len(steps)))})
		return nil
	}
	step := steps[n-1]
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n%s %s\n%s %s\n%s\n", stepTitle(step, code),
		lang.Pick("期間:", "Duration:"), step.Duration.In(code),
		lang.Pick("目標:", "Goal:"), step.Goal.In(code),
		lang.Pick("学習項目:", "What to learn:"))
	for i, item := range step.Items {
		fmt.Fprintf(&b, "%d. %s\n", i+1, bot.Truncate(item.In(code), maxItemRunes))
	}
	src := s.guideSource(step.Anchor, lang, step.Goal.In(code))
	st.Done(bot.Reply{Lang: lang, Text: strings.TrimRight(b.String(), "\n"), Sources: []bot.Source{src}})
	return nil
}
