// Package version tells which build of backend-tip is running: the version
// and commit stamped by the release build (-ldflags -X), or what the Go
// toolchain recorded when it was built without them (go install
// module@v1.2.3, a git checkout). It is printed by `backend-tip version`,
// exported as backend_tip_build_info and sent as the User-Agent.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set by the release build, for example:
//
//	go build -ldflags "-X github.com/backend-tip/backend-tip/bot/version.version=1.2.0 \
//	  -X github.com/backend-tip/backend-tip/bot/version.commit=$(git rev-parse HEAD)"
//
// They are variables only because -X can set nothing else; nothing assigns
// them at run time.
var (
	version string
	commit  string
)

// Project is the project's home, named in the User-Agent.
const Project = "https://github.com/backend-tip/backend-tip"

// Info is one build's identity.
type Info struct {
	Version  string // "1.2.0", "v1.2.0", or "dev" when nothing recorded one
	Commit   string // full revision, or "unknown"
	Modified bool   // built from a tree with uncommitted changes
	Go       string // toolchain, e.g. "go1.26.0"
}

// Get reads the build's identity: -ldflags values first, then the module
// version and VCS stamp of debug.ReadBuildInfo.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(version, commit, bi)
}

// resolve is Get with its inputs passed in, so tests can cover each source.
func resolve(ldVersion, ldCommit string, bi *debug.BuildInfo) Info {
	info := Info{Version: ldVersion, Commit: ldCommit, Go: runtime.Version()}
	if bi != nil {
		if bi.GoVersion != "" {
			info.Go = bi.GoVersion
		}
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	if info.Commit == "" {
		info.Commit = "unknown"
	}
	return info
}

// ShortCommit is the commit's first 12 characters.
func (i Info) ShortCommit() string {
	c := i.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if i.Modified {
		c += "-dirty"
	}
	return c
}

// String is the one line `backend-tip version` prints.
func (i Info) String() string {
	return fmt.Sprintf("backend-tip %s (commit %s, %s, %s/%s)", i.Version, i.ShortCommit(), i.Go, runtime.GOOS, runtime.GOARCH)
}

// UserAgent identifies the bot to Slack, Discord and LLM servers. Discord
// requires the form "DiscordBot ($url, $versionNumber)"; the others accept
// any product token, so one string in Discord's shape serves all three.
func (i Info) UserAgent() string {
	return fmt.Sprintf("DiscordBot (%s, %s) backend-tip/%s", Project, strings.TrimPrefix(i.Version, "v"), strings.TrimPrefix(i.Version, "v"))
}
