// Command backend-tip runs the backend-tip bot: Slack and Discord adapters,
// the console chat, one-shot answers and retrieval from the command line.
// This package only wires the other packages together.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/backend-tip/backend-tip/bot/version"
	"github.com/backend-tip/backend-tip/config"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// cli is what every subcommand gets: configuration and standard streams.
// cfg is loaded by parse (flags.go) after the subcommand's flags, so that
// --help never depends on the environment.
type cli struct {
	cfg    config.Config
	lookup config.Lookup
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// subcommand is one row of the CLI table; usage is generated from it.
type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, c *cli, args []string) int
}

func subcommands() []subcommand {
	return []subcommand{
		{"serve", "run every configured platform and the HTTP server", runServe},
		{"chat", "console chat: the same commands and answers as Slack and Discord", runChat},
		{"ask", "one grounded answer with its sources: ask QUESTION", runAsk},
		{"search", "retrieval only: search [-k N] [-json] QUERY... | -", runSearch},
		{"eval", "retrieval quality on the project's question set", runEval},
		{"slack-manifest", "print the Slack app manifest", runSlackManifest},
		{"healthcheck", "probe /healthz of a running bot (for containers without a shell)", runHealthcheck},
		{"version", "print the version, commit and Go version (also --version)", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it with their own streams.
// Help and the version are answered before the environment is read.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, lookup config.Lookup) int {
	c := &cli{lookup: lookup, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		if err := c.loadConfig(); err != nil {
			return exitUsage
		}
		if c.cfg.AnyPlatform() {
			return runServe(ctx, c, nil)
		}
		fmt.Fprintln(stderr, "backend-tip: no Slack or Discord configured, starting the console chat (see README to connect a workspace)")
		return runChat(ctx, c, nil)
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(ctx, c, args[1:])
	}
	for _, s := range subcommands() {
		if s.name == name {
			return s.run(ctx, c, args[1:])
		}
	}
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(stderr, "backend-tip: unknown flag %s\n", name)
	} else {
		fmt.Fprintf(stderr, "backend-tip: unknown command %q\n", name)
	}
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: backend-tip [command] [flags]")
	fmt.Fprintln(w, "\nWith no command: serve when Slack or Discord is configured, else chat.\n\ncommands:")
	for _, s := range subcommands() {
		fmt.Fprintf(w, "  %-15s %s\n", s.name, s.summary)
	}
	fmt.Fprintln(w, "\nbackend-tip COMMAND -h shows a command's flags. Configuration comes from the environment (README).")
}

// runVersion prints the build's version, commit and Go version; it reads
// no configuration.
func runVersion(_ context.Context, c *cli, args []string) int {
	fs := newFlags("version", "backend-tip version")
	if _, code, ok := c.parseFlags(fs, args, noArgs); !ok {
		return code
	}
	fmt.Fprintln(c.stdout, version.Get())
	return exitOK
}
