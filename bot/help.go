package bot

import (
	"fmt"
	"strings"
)

// HelpText renders the command table in the user's language.
func HelpText(commands []Command, lang Lang) string {
	var b strings.Builder
	b.WriteString(lang.Pick(
		"**backend-tip** はバックエンド開発ガイドに基づいて答えるボットです。使い方:\n",
		"**backend-tip** answers from the backend developer guide. Commands:\n"))
	for _, c := range commands {
		desc := c.Description
		if lang == Japanese && c.DescriptionJA != "" {
			desc = c.DescriptionJA
		}
		fmt.Fprintf(&b, "• `/backend-tip %s`: %s\n", c.Usage, desc)
		for _, ex := range c.Examples {
			fmt.Fprintf(&b, "    %s `/backend-tip %s`\n", lang.Pick("例:", "e.g."), ex)
		}
	}
	b.WriteString(lang.Pick(
		"メンションで質問すると、そのスレッドで答えます。",
		"Mention the bot with a question and it answers in that thread."))
	return b.String()
}
