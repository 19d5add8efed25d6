// Package metrics is the bot's Prometheus series on a registry of its own,
// and the wrappers that feed them: answers timed and counted, scheduled
// posts counted, Slack events deduplicated, acks timed. Every label takes
// values from a closed set (platform names, command names, fixed routes),
// so cardinality stays small whatever users type.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/answer"
	"github.com/backend-tip/backend-tip/bot/version"
)

// Metrics are the series, on a registry of their own (no global state, so
// tests can build as many apps as they like).
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	ack         *prometheus.HistogramVec
	answer      *prometheus.HistogramVec
	answers     *prometheus.CounterVec
	tokens      *prometheus.CounterVec
	llmErrors   prometheus.Counter
	llmBusy     prometheus.Counter
	quizPosts   *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	deduped     prometheus.Counter
	inFlight    prometheus.Gauge
}

var _ bot.Observer = (*Metrics)(nil)

// New registers the series, the Go and process collectors and the build info.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: counterVec("backend_tip_requests_total",
			"Requests handled by the router, by platform and command.",
			"platform", "command"),
		ack: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "backend_tip_ack_seconds",
			Help: "Time to acknowledge a Slack or Discord HTTP request (Slack and Discord allow 3 s).",
			// Fine below 100 ms, where a healthy ack lands; up to the 3 s limit.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3},
		}, []string{"route", "code"}),
		answer: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "backend_tip_answer_seconds",
			Help:    "Time from question to final answer, by outcome (llm, extractive, fallback, busy, error, rejected).",
			Buckets: []float64{.05, .1, .25, .5, 1, 2, 4, 8, 15, 30, 60, 120},
		}, []string{"outcome"}),
		answers: counterVec("backend_tip_answers_total",
			"Answers by outcome: llm, extractive, fallback, or not_covered (the guide is silent on the question).",
			"outcome"),
		tokens: counterVec("backend_tip_llm_tokens_total",
			"LLM tokens used, by kind (prompt, completion).",
			"kind"),
		llmErrors: counter("backend_tip_llm_errors_total",
			"Answers where the LLM failed and the extractive answer was sent instead."),
		llmBusy: counter("backend_tip_llm_busy_total",
			"Answers sent extractively without calling the LLM because its queue was full (load shed, not a model failure)."),
		quizPosts: counterVec("backend_tip_quiz_posts_total",
			"Scheduled posts (quiz questions and reveals), by platform and result (ok, error).",
			"platform", "result"),
		rateLimited: counterVec("backend_tip_rate_limited_total",
			"Questions refused by the abuse limits, by scope (user, channel).",
			"scope"),
		deduped: counter("backend_tip_events_deduplicated_total",
			"Slack events dropped because their id was already handled (retries, several replicas)."),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "backend_tip_answers_in_flight",
			Help: "Answers being produced right now."}),
	}
	m.reg.MustRegister(m.requests, m.ack, m.answer, m.answers, m.tokens, m.llmErrors, m.llmBusy, m.quizPosts,
		m.rateLimited, m.deduped, m.inFlight,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
		buildInfo(version.Get()))
	return m
}

// counter is a counter without labels.
func counter(name, help string) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
}

// counterVec is a counter with labels.
func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

// Refused counts a command refused by the abuse limit in scope
// (limit.Options.OnRefused).
func (m *Metrics) Refused(scope string) { m.rateLimited.WithLabelValues(scope).Inc() }

// Observe counts one routed request (bot.Observer).
func (m *Metrics) Observe(platform, command string) {
	m.requests.WithLabelValues(platform, command).Inc()
}

// Handler serves GET /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ackRoutes are the platform endpoints whose latency is the ack latency.
var ackRoutes = map[string]bool{
	"/slack/commands": true, "/slack/events": true, "/slack/interactions": true,
	"/discord/interactions": true,
}

// InstrumentAcks wraps the mux: requests to the platform routes are timed
// until their handler returns, which is when Slack or Discord gets the ack.
func (m *Metrics) InstrumentAcks(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ackRoutes[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		m.ack.WithLabelValues(r.URL.Path, strconv.Itoa(rec.code)).Observe(time.Since(start).Seconds())
	})
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.code, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush and deadlines.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// CountAnswer counts one answer by how it ended (answer.Options.Count).
func (m *Metrics) CountAnswer(o answer.Outcome) {
	m.answers.WithLabelValues(string(o)).Inc()
}

// observeAnswer records one finished answer from its final reply's Usage.
func (m *Metrics) observeAnswer(elapsed time.Duration, final bot.Reply, err error) {
	u := final.Usage
	outcome := "extractive"
	switch {
	case err != nil:
		outcome = "error"
	case u.Busy:
		outcome = "busy"
	case u.Fallback:
		outcome = "fallback"
	case u.Model != "" || u.CompletionTokens > 0:
		outcome = "llm"
	}
	m.answer.WithLabelValues(outcome).Observe(elapsed.Seconds())
	if u.PromptTokens > 0 {
		m.tokens.WithLabelValues("prompt").Add(float64(u.PromptTokens))
	}
	if u.CompletionTokens > 0 {
		m.tokens.WithLabelValues("completion").Add(float64(u.CompletionTokens))
	}
	switch {
	case u.Busy:
		m.llmBusy.Inc()
	case u.Fallback:
		m.llmErrors.Inc()
	}
}
