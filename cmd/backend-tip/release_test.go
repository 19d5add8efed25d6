package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The release machinery is checked against the code it ships: the
// variables -ldflags -X sets exist, docker compose sets only variables
// config reads and points the bot at its own PostgreSQL, and the workflow,
// goreleaser and Dependabot files cover what README and CONTRIBUTING say.

const repoRoot = "../.."

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestProjectFilesExist(t *testing.T) {
	for name, must := range map[string]string{
		"LICENSE":         "Apache License",
		"CHANGELOG.md":    "## [Unreleased]",
		"CONTRIBUTING.md": "go test",
		"SECURITY.md":     "Reporting",
	} {
		if !strings.Contains(readRepoFile(t, name), must) {
			t.Errorf("%s does not contain %q", name, must)
		}
	}
}

// Every -X in the release build, the Dockerfile and CONTRIBUTING names a
// variable that bot/version declares: a typo would silently leave "dev".
func TestLdflagsNameRealVariables(t *testing.T) {
	src := readRepoFile(t, "bot/version/version.go")
	xFlag := regexp.MustCompile(`-X ([\w./-]+)\.(\w+)=`)
	for _, file := range []string{".goreleaser.yaml", "Dockerfile", "CONTRIBUTING.md"} {
		matches := xFlag.FindAllStringSubmatch(readRepoFile(t, file), -1)
		if len(matches) < 2 {
			t.Errorf("%s sets %d variables with -X, want version and commit", file, len(matches))
		}
		for _, m := range matches {
			if m[1] != "github.com/backend-tip/backend-tip/bot/version" {
				t.Errorf("%s: -X %s.%s: not the version package", file, m[1], m[2])
			}
			if !regexp.MustCompile(`(?m)^\s+` + m[2] + `\s+string$`).MatchString(src) {
				t.Errorf("%s: -X ...%s: bot/version declares no such string variable", file, m[2])
			}
		}
	}
}

func TestComposeFile(t *testing.T) {
	known := configVars(t)
	doc := yamlDocs(t, filepath.Join(repoRoot, "docker-compose.yml"))[0]
	env, _ := dig(doc, "services", "bot", "environment").(map[string]any)
	for name := range env {
		if !known[name] {
			t.Errorf("bot sets %s, which config does not read", name)
		}
	}
	db, _ := env["BACKEND_TIP_DATABASE_URL"].(string)
	user := dig(doc, "services", "postgres", "environment", "POSTGRES_USER")
	pass := dig(doc, "services", "postgres", "environment", "POSTGRES_PASSWORD")
	name := dig(doc, "services", "postgres", "environment", "POSTGRES_DB")
	if want := "postgres://" + user.(string) + ":" + pass.(string) + "@postgres:5432/" + name.(string); !strings.HasPrefix(db, want) {
		t.Errorf("BACKEND_TIP_DATABASE_URL %q does not reach the postgres service (%s)", db, want)
	}
	if dig(doc, "services", "bot", "depends_on", "postgres", "condition") != "service_healthy" || dig(doc, "services", "postgres", "healthcheck") == nil {
		t.Error("the bot does not wait for a healthy PostgreSQL")
	}
	if ports := asList(dig(doc, "services", "bot", "ports")); len(ports) != 2 || ports[0] != "8080:8080" || ports[1] != "127.0.0.1:9090:9090" {
		t.Errorf("ports %v: the default BACKEND_TIP_HTTP_ADDR is :8080, BACKEND_TIP_METRICS_ADDR :9090 (loopback only)", ports)
	}
}

func TestGoreleaserTargets(t *testing.T) {
	doc := yamlDocs(t, filepath.Join(repoRoot, ".goreleaser.yaml"))[0]
	build := dig(doc, "builds", 0)
	for key, want := range map[string][]string{"goos": {"linux", "darwin", "windows"}, "goarch": {"amd64", "arm64"}} {
		var got []string
		for _, v := range asList(dig(build, key)) {
			got = append(got, v.(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("builds[0].%s = %v, want %v", key, got, want)
		}
	}
	if dig(build, "main") != "./cmd/backend-tip" {
		t.Errorf("builds[0].main = %v", dig(build, "main"))
	}
	image := dig(doc, "dockers_v2", 0)
	if dig(image, "images", 0) != "ghcr.io/backend-tip/backend-tip" || len(asList(dig(image, "platforms"))) != 2 {
		t.Errorf("image %v for %v, want ghcr.io/backend-tip/backend-tip on two platforms", dig(image, "images"), dig(image, "platforms"))
	}
	if dig(doc, "checksum") == nil || dig(doc, "sboms") == nil {
		t.Error("no checksums or no SBOM")
	}
	// The Kubernetes manifests name the image this release publishes.
	if k := readRepoFile(t, "deploy/kubernetes/base/kustomization.yaml"); !strings.Contains(k, "ghcr.io/backend-tip/backend-tip") {
		t.Error("deploy/kubernetes/base does not use the released image")
	}
}

func TestWorkflowsAndDependabot(t *testing.T) {
	test := yamlDocs(t, filepath.Join(repoRoot, ".github/workflows/test.yml"))[0]
	if dig(test, "jobs", "test", "services", "postgres") == nil || dig(test, "jobs", "test", "env", "BACKEND_TIP_TEST_POSTGRES_URL") == nil {
		t.Error("the test job has no PostgreSQL for the store suite")
	}
	var runs []string
	for _, s := range asList(dig(test, "jobs", "test", "steps")) {
		if r, ok := dig(s, "run").(string); ok {
			runs = append(runs, r)
		}
	}
	all := strings.Join(runs, "\n")
	for _, want := range []string{"gofmt -l", "go vet ./...", "staticcheck", "go test -race"} {
		if !strings.Contains(all, want) {
			t.Errorf("the test job does not run %q", want)
		}
	}
	release := yamlDocs(t, filepath.Join(repoRoot, ".github/workflows/release.yml"))[0]
	if tags := asList(dig(release, "on", "push", "tags")); len(tags) != 1 || tags[0] != "v*" {
		t.Errorf("release runs on tags %v, want v*", tags)
	}
	dep := yamlDocs(t, filepath.Join(repoRoot, ".github/dependabot.yml"))[0]
	var ecosystems []string
	for _, u := range asList(dig(dep, "updates")) {
		ecosystems = append(ecosystems, dig(u, "package-ecosystem").(string))
	}
	// Go modules, the Actions, the Dockerfiles' base images and the images
	// docker-compose.yml runs.
	if !slices.Equal(ecosystems, []string{"gomod", "github-actions", "docker", "docker-compose"}) {
		t.Errorf("dependabot updates %v", ecosystems)
	}
}
