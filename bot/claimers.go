package bot

import "context"

// Claimers offers free text to each claimer in turn; the first that claims
// it handles it.
type Claimers []SessionClaimer

// Claim implements SessionClaimer.
func (cs Claimers) Claim(ctx context.Context, req Request) (Handler, bool) {
	for _, c := range cs {
		if c == nil {
			continue
		}
		if h, ok := c.Claim(ctx, req); ok {
			return h, true
		}
	}
	return nil, false
}
