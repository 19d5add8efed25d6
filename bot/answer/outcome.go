package answer

// Outcome is how one answer ended, for the answers counter
// (backend_tip_answers_total{outcome=...}).
type Outcome string

// Outcomes of an answer.
const (
	OutcomeLLM        Outcome = modeLLM
	OutcomeExtractive Outcome = modeExtractive
	OutcomeFallback   Outcome = modeFallback
	// OutcomeNotCovered: the guide is silent on the question (refused).
	OutcomeNotCovered Outcome = "not_covered"
)

// Answer modes as bot.AnswerMeta.Mode reports them.
const (
	modeLLM        = "llm"
	modeExtractive = "extractive"
	modeFallback   = "fallback"
)

// extractiveMode: an extractive answer with a note (model busy or failed)
// is a fallback.
func extractiveMode(note string) string {
	if note != "" {
		return modeFallback
	}
	return modeExtractive
}

// count reports one finished answer to Options.Count.
func (a *Answerer) count(o Outcome) {
	if a.opts.Count != nil {
		a.opts.Count(o)
	}
}
