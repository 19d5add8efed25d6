package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/backend-tip/backend-tip/config"
)

// newFlags makes a subcommand's flag set whose usage starts with synopsis
// ("backend-tip ask QUESTION") and lists the flags, if any.
func newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse prints, to the right stream
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: %s\n", synopsis)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// verboseFlag declares -v of the commands that run the bot in the
// terminal (ask, chat): their logs stay quiet unless asked for, so the
// answer is all a reader sees.
func verboseFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("v", false, "log at BACKEND_TIP_LOG_LEVEL on stderr (default: warnings and errors only)")
}

// parse reads a subcommand's flags and only then the configuration, so
// -h/--help answers at once whatever the environment holds. It returns
// ok=false with the exit code when the subcommand must stop: 0 after help
// (usage on stdout), 2 after a bad flag or configuration (on stderr).
// parseArgs is fs.Parse or a variant (parseInterleaved) that returns the
// positional arguments; nil means fs.Parse.
func (c *cli) parse(fs *flag.FlagSet, args []string, parseArgs func(*flag.FlagSet, []string) ([]string, error)) (positional []string, code int, ok bool) {
	positional, code, ok = c.parseFlags(fs, args, parseArgs)
	if !ok {
		return nil, code, false
	}
	if err := c.loadConfig(); err != nil {
		return nil, exitUsage, false
	}
	return positional, exitOK, true
}

// parseFlags is parse without the configuration, for subcommands that need
// none (version).
func (c *cli) parseFlags(fs *flag.FlagSet, args []string, parseArgs func(*flag.FlagSet, []string) ([]string, error)) (positional []string, code int, ok bool) {
	if parseArgs == nil {
		parseArgs = func(fs *flag.FlagSet, args []string) ([]string, error) {
			err := fs.Parse(args)
			return fs.Args(), err
		}
	}
	positional, err := parseArgs(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(c.stdout)
		fs.Usage()
		return nil, exitOK, false
	case err != nil:
		fs.SetOutput(c.stderr)
		fmt.Fprintf(c.stderr, "backend-tip %s: %v\n", fs.Name(), err)
		fs.Usage()
		return nil, exitUsage, false
	}
	fs.SetOutput(c.stderr)
	return positional, exitOK, true
}

// loadConfig reads the environment once; a bad value is reported with how
// to fix it.
func (c *cli) loadConfig() error {
	cfg, err := config.Load(c.lookup)
	if err != nil {
		fmt.Fprintf(c.stderr, "backend-tip: configuration:\n%v\n", err)
		return err
	}
	c.cfg = cfg
	return nil
}

// noArgs is a parseArgs for subcommands that take flags only.
func noArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil, nil
}

// quietLogs keeps the console commands' stderr for problems: ask and chat
// log warnings and errors only, unless -v asks for BACKEND_TIP_LOG_LEVEL
// (info by default). A level set quieter than warn is kept.
func (c *cli) quietLogs(verbose bool) {
	if verbose {
		return
	}
	switch c.cfg.LogLevel {
	case "debug", "info":
		c.cfg.LogLevel = "warn"
	}
}

// fail reports a subcommand's error on stderr and returns its exit code.
func (c *cli) fail(subcommand string, err error) int {
	fmt.Fprintf(c.stderr, "backend-tip %s: %v\n", subcommand, err)
	return exitError
}
