// Package console is the terminal adapter: it reads one message per line
// (from a terminal or a pipe), passes it to the bot like a mention in a
// thread, with the conversation so far as history, and prints the answer as
// it streams. Buttons are shown as numbered choices; typing the number
// presses the button. The chat subcommand and ask use it.
package console
