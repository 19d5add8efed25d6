package answer
import ("testing";"context";"log/slog";"os";"strings";"github.com/backend-tip/backend-tip/retrieval")
func TestX(t *testing.T){
 a := guideAnswerer(t, func(o *Options){ o.Logger = slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelDebug})) })
 for _, q := range strings.Split(os.Getenv("QS"), "|") {
  hits, _ := a.opts.Searcher.Search(context.Background(), q, 8)
  _, ok := a.judge(q, hits, false)
  ev := a.evidence(q, hits)
  nov, tot, words := a.novelty(q)
  off, isOff := a.offTopic(q)
  un, isUn := a.unknownName(q)
  t.Logf("%s ok=%v ev=%.2f nov=%d/%d %v off=%v%v unk=%q%v top=%s", q, ok, ev, nov, tot, words, isOff, off, un, isUn, func() string { if len(hits)>0 { return hits[0].Chunk.Section }; return "" }())
  _ = retrieval.Normalize
 }
}
