package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/backend-tip/backend-tip/config"
)

// The Kubernetes manifests are checked against the binary they deploy: every
// variable they set is one config reads, the probes hit the routes serve
// mounts, and every file a kustomization names exists.

const deployDir = "../../deploy/kubernetes"

// configVars returns every environment variable config.Load reads, plus
// the Go runtime's own settings, which the manifests may also set.
func configVars(t *testing.T) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	defer func() { seen["GOMEMLIMIT"], seen["GOMAXPROCS"], seen["GOGC"] = true, true, true }()
	_, _ = config.Load(func(k string) (string, bool) { seen[k] = true; return "", false })
	if len(seen) < 10 {
		t.Fatalf("config.Load read only %d variables", len(seen))
	}
	return seen
}

// yamlDocs decodes every document of a YAML file into generic maps.
func yamlDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}

// dig walks maps and lists: dig(doc, "spec", "template", "spec", "containers", 0).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch key := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[key]
		case int:
			l, ok := v.([]any)
			if !ok || key >= len(l) {
				return nil
			}
			v = l[key]
		}
	}
	return v
}

func TestKustomizationsNameExistingFiles(t *testing.T) {
	for _, dir := range []string{"base", "overlays/replicas-postgres", "overlays/discord-shards"} {
		t.Run(dir, func(t *testing.T) {
			k := yamlDocs(t, filepath.Join(deployDir, dir, "kustomization.yaml"))[0]
			var files []string
			for _, r := range asList(k["resources"]) {
				files = append(files, r.(string))
			}
			for _, p := range asList(k["patches"]) {
				if path, ok := dig(p, "path").(string); ok {
					files = append(files, path)
				}
			}
			if len(files) == 0 {
				t.Fatal("kustomization names no files")
			}
			for _, f := range files {
				if _, err := os.Stat(filepath.Join(deployDir, dir, f)); err != nil {
					t.Errorf("%s names %s: %v", dir, f, err)
				}
			}
		})
	}
}

func TestBaseDeployment(t *testing.T) {
	known := configVars(t)
	d := findKind(t, filepath.Join(deployDir, "base", "deployment.yaml"), "Deployment")
	if got := dig(d, "spec", "replicas"); got != 1 {
		t.Errorf("base replicas = %v, want 1 (SQLite on a ReadWriteOnce volume)", got)
	}
	pod := dig(d, "spec", "template", "spec")
	if dig(pod, "securityContext", "runAsNonRoot") != true {
		t.Error("pod does not require a non-root user")
	}
	c := dig(pod, "containers", 0)
	if dig(c, "ports", 0, "containerPort") != 8080 || dig(c, "ports", 0, "name") != "http" {
		t.Errorf("container port = %v, want 8080 named http", dig(c, "ports", 0))
	}
	probes := map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/healthz"}
	for probe, path := range probes {
		if got := dig(c, probe, "httpGet", "path"); got != path {
			t.Errorf("%s path = %v, want %s", probe, got, path)
		}
	}
	if dig(c, "resources", "requests", "memory") == nil || dig(c, "resources", "requests", "cpu") == nil {
		t.Error("no resource requests")
	}
	secrets := 0
	for _, e := range asList(dig(c, "env")) {
		name := dig(e, "name").(string)
		if !known[name] {
			t.Errorf("env %s is not a variable config reads", name)
		}
		if dig(e, "valueFrom", "secretKeyRef", "name") == "backend-tip" {
			secrets++
		}
		if dig(e, "value") != nil && strings.Contains(name, "TOKEN") {
			t.Errorf("env %s has an inline value: tokens belong in the Secret", name)
		}
	}
	if secrets < 4 {
		t.Errorf("%d env vars come from the backend-tip Secret, want the Slack, Discord and LLM tokens", secrets)
	}
	if dig(pod, "volumes", 0, "persistentVolumeClaim", "claimName") != "backend-tip-data" {
		t.Errorf("data volume = %v, want the backend-tip-data PVC", dig(pod, "volumes", 0))
	}
	k := yamlDocs(t, filepath.Join(deployDir, "base", "kustomization.yaml"))[0]
	for _, lit := range asList(dig(k, "configMapGenerator", 0, "literals")) {
		name, _, _ := strings.Cut(lit.(string), "=")
		if !known[name] {
			t.Errorf("config map sets %s, which config does not read", name)
		}
	}
}

func TestPostgresOverlay(t *testing.T) {
	known := configVars(t)
	dir := filepath.Join(deployDir, "overlays", "replicas-postgres")
	d := findKind(t, filepath.Join(dir, "deployment-patch.yaml"), "Deployment")
	if n, _ := dig(d, "spec", "replicas").(int); n < 2 {
		t.Errorf("overlay replicas = %v, want several", dig(d, "spec", "replicas"))
	}
	env := asList(dig(d, "spec", "template", "spec", "containers", 0, "env"))
	i := slices.IndexFunc(env, func(e any) bool { return dig(e, "name") == "BACKEND_TIP_DATABASE_URL" })
	if i < 0 || dig(env[i], "valueFrom", "secretKeyRef", "name") == nil {
		t.Fatal("overlay does not take BACKEND_TIP_DATABASE_URL from a Secret")
	}
	k := yamlDocs(t, filepath.Join(dir, "kustomization.yaml"))[0]
	for _, lit := range asList(dig(k, "configMapGenerator", 0, "literals")) {
		name, _, _ := strings.Cut(lit.(string), "=")
		if !known[name] {
			t.Errorf("config map sets %s, which config does not read", name)
		}
	}
}

// TestKubectlKustomize builds both layouts with the real kustomize when
// kubectl is installed, and checks what the overlay removes and adds.
func TestKubectlKustomize(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl not installed")
	}
	tests := []struct {
		dir          string
		wantPVC      bool
		wantReplicas string
	}{
		{"base", true, "replicas: 1"},
		{"overlays/replicas-postgres", false, "replicas: 3"},
		{"overlays/discord-shards", false, "kind: StatefulSet"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			out, err := exec.Command(kubectl, "kustomize", filepath.Join(deployDir, tt.dir)).CombinedOutput()
			if err != nil {
				t.Fatalf("kubectl kustomize: %v\n%s", err, out)
			}
			s := string(out)
			if got := strings.Contains(s, "kind: PersistentVolumeClaim"); got != tt.wantPVC {
				t.Errorf("PVC present = %v, want %v", got, tt.wantPVC)
			}
			if !strings.Contains(s, tt.wantReplicas) {
				t.Errorf("output lacks %q", tt.wantReplicas)
			}
		})
	}
}

// TestDiscordShards checks the gateway StatefulSet: one shard per pod, as
// many pods as shards, and only variables config reads.
func TestDiscordShards(t *testing.T) {
	known := configVars(t)
	s := findKind(t, filepath.Join(deployDir, "overlays", "discord-shards", "gateway-statefulset.yaml"), "StatefulSet")
	env := map[string]any{}
	for _, e := range asList(dig(s, "spec", "template", "spec", "containers", 0, "env")) {
		name := dig(e, "name").(string)
		if !known[name] {
			t.Errorf("env %s is not a variable config reads", name)
		}
		env[name] = e
	}
	count := dig(env["DISCORD_SHARD_COUNT"], "value")
	if replicas := dig(s, "spec", "replicas"); fmt.Sprint(replicas) != count {
		t.Errorf("replicas %v != DISCORD_SHARD_COUNT %v: a shard would be missing or doubled", replicas, count)
	}
	if got := dig(env["DISCORD_SHARD_ID"], "valueFrom", "fieldRef", "fieldPath"); got != "metadata.labels['apps.kubernetes.io/pod-index']" {
		t.Errorf("DISCORD_SHARD_ID comes from %v, want the pod index", got)
	}
	if dig(env["BACKEND_TIP_DATABASE_URL"], "valueFrom", "secretKeyRef") == nil {
		t.Error("gateway pods do not share the PostgreSQL store")
	}
	// A StatefulSet's serviceName must name a headless Service that the
	// overlay creates.
	svc := findKind(t, filepath.Join(deployDir, "overlays", "discord-shards", "gateway-service.yaml"), "Service")
	if dig(svc, "metadata", "name") != dig(s, "spec", "serviceName") || dig(svc, "spec", "clusterIP") != "None" {
		t.Errorf("serviceName %v has no headless Service (got %v, clusterIP %v)", dig(s, "spec", "serviceName"), dig(svc, "metadata", "name"), dig(svc, "spec", "clusterIP"))
	}
	for k, v := range dig(s, "spec", "selector", "matchLabels").(map[string]any) {
		if dig(svc, "spec", "selector", k) != v {
			t.Errorf("the Service does not select the gateway pods (%s=%v)", k, v)
		}
	}
}

func findKind(t *testing.T, path, kind string) map[string]any {
	t.Helper()
	for _, d := range yamlDocs(t, path) {
		if d["kind"] == kind {
			return d
		}
	}
	t.Fatalf("%s has no %s", path, kind)
	return nil
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
