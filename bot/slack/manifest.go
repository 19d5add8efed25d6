package slack

import _ "embed"

// manifestYAML is the app manifest. deploy/slack/manifest.yaml is a copy
// (Go cannot embed from a parent directory); a test keeps them equal.
//
//go:embed manifest.yaml
var manifestYAML []byte

// Manifest returns the Slack app manifest (YAML) for `backend-tip slack-manifest`.
func Manifest() []byte { return append([]byte(nil), manifestYAML...) }
