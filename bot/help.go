package bot

import (
	"fmt"
	"strings"
)

// HelpText renders the command table in the user's language: one line per
// command and subcommand, with its arguments.
func HelpText(table []Command, lang Lang) string {
	var b strings.Builder
	b.WriteString(lang.Pick(
		"**backend-tip** はバックエンド開発ガイドに基づいて答えるボットです。使い方:\n",
		"**backend-tip** answers from the backend developer guide. Commands:\n"))
	Walk(table, func(path Path, c Command) {
		desc := c.Description
		if lang == Japanese && c.DescriptionJA != "" {
			desc = c.DescriptionJA
		}
		fmt.Fprintf(&b, "• `/backend-tip %s`: %s\n", c.Usage(path[:len(path)-1]...), desc)
		for _, ex := range c.Examples {
			fmt.Fprintf(&b, "    %s `/backend-tip %s`\n", lang.Pick("例:", "e.g."), ex)
		}
	})
	b.WriteString(lang.Pick(
		"メンションで質問すると、そのスレッドで答えます。",
		"Mention the bot with a question and it answers in that thread."))
	return b.String()
}
