package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// bot is one backend-tip serve process.
type bot struct {
	cmd     *exec.Cmd
	base    string
	metrics string // the BACKEND_TIP_METRICS_ADDR listener
	exited  chan error
	logs    *logTail
}

// startBot starts bin serve with env (plus a free metrics address) and
// waits until /readyz answers 200.
func startBot(ctx context.Context, bin, addr string, env []string, logs *logTail) (*bot, error) {
	metricsAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(env, "BACKEND_TIP_METRICS_ADDR="+metricsAddr)
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	b := &bot{cmd: cmd, base: "http://" + addr, metrics: "http://" + metricsAddr, exited: make(chan error, 1), logs: logs}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			logs.add(sc.Text())
		}
		b.exited <- cmd.Wait()
	}()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-b.exited:
			return nil, fmt.Errorf("bot exited during start-up: %v\n%s", err, logs.last(20))
		default:
		}
		resp, err := http.Get(b.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return b, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	return nil, fmt.Errorf("bot not ready after 3 minutes\n%s", logs.last(20))
}

// stop sends SIGTERM and waits for the exit; it returns the exit code.
func (b *bot) stop(timeout time.Duration) (int, error) {
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return -1, err
	}
	select {
	case <-b.exited:
		return b.cmd.ProcessState.ExitCode(), nil
	case <-time.After(timeout):
		_ = b.cmd.Process.Kill()
		<-b.exited
		return -1, fmt.Errorf("bot did not exit within %v of SIGTERM", timeout)
	}
}

// memory returns the process's resident set now and at its peak, in MiB.
func (b *bot) memory() (rss, peak float64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", b.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return rss, peak
}

// cpuSeconds returns the user+system CPU time of a process so far.
func cpuSeconds(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may contain spaces): utime is
	// the 14th field of the line, stime the 15th, in clock ticks (100/s).
	rest := string(data)[strings.LastIndexByte(string(data), ')')+2:]
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100
}

// metric returns the sum of a series family from /metrics (lines starting
// with name, any labels).
func (b *bot) metric(name string) float64 {
	resp, err := http.Get(b.metrics + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var total float64
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) {
			continue
		}
		rest := line[len(name):]
		if rest == "" || (rest[0] != ' ' && rest[0] != '{') {
			continue
		}
		f := strings.Fields(line)
		v, _ := strconv.ParseFloat(f[len(f)-1], 64)
		total += v
	}
	return total
}

// ackQuantiles estimates quantiles of the bot's own ack histogram
// (backend_tip_ack_seconds, all routes): the upper bound of the bucket the
// quantile falls in, so an over-estimate by at most one bucket.
func (b *bot) ackQuantiles(qs ...float64) []float64 {
	resp, err := http.Get(b.metrics + "/metrics")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	buckets := map[float64]float64{} // le -> cumulative count, summed over series
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "backend_tip_ack_seconds_bucket{") {
			continue
		}
		i := strings.Index(line, `le="`)
		j := strings.Index(line[i+4:], `"`)
		le, err := strconv.ParseFloat(line[i+4:i+4+j], 64)
		if err != nil {
			continue // +Inf
		}
		f := strings.Fields(line)
		v, _ := strconv.ParseFloat(f[len(f)-1], 64)
		buckets[le] += v
	}
	les := make([]float64, 0, len(buckets))
	for le := range buckets {
		les = append(les, le)
	}
	slices.Sort(les)
	if len(les) == 0 {
		return nil
	}
	total := b.metric("backend_tip_ack_seconds_count")
	out := make([]float64, len(qs))
	for k, q := range qs {
		out[k] = -1 // beyond the last bucket
		for _, le := range les {
			if buckets[le] >= q*total {
				out[k] = le
				break
			}
		}
	}
	return out
}

// logTail keeps the bot's log lines: the last ones for errors, and counts
// of lines by level.
type logTail struct {
	mu     sync.Mutex
	recent []string
	levels map[string]int
	errors []string
}

func newLogTail() *logTail { return &logTail{levels: map[string]int{}} }

func (t *logTail) add(l string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.recent = append(t.recent, l)
	if len(t.recent) > 400 {
		t.recent = append([]string(nil), t.recent[200:]...)
	}
	for _, lv := range []string{"ERROR", "WARN"} {
		if strings.Contains(l, `"level":"`+lv+`"`) {
			t.levels[lv]++
			if lv == "ERROR" && len(t.errors) < 5 {
				t.errors = append(t.errors, l)
			}
		}
	}
}

func (t *logTail) last(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.recent[max(0, len(t.recent)-n):], "\n")
}

// matching returns up to n recent lines containing s.
func (t *logTail) matching(s string, n int) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, l := range t.recent {
		if strings.Contains(l, s) && len(out) < n {
			out = append(out, l)
		}
	}
	return out
}

func (t *logTail) counts() (warn, errs int, firstErrors []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.levels["WARN"], t.levels["ERROR"], append([]string(nil), t.errors...)
}
