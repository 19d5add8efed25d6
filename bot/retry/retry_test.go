package retry

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

var errBusy = errors.New("busy")

func TestDo(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fails     []error // what op returns, try by try
		wantTries int
		wantErr   error
		minWaits  []time.Duration
	}{
		{"succeeds at once", nil, 1, nil, nil},
		{"retries then succeeds", []error{errBusy, errBusy}, 3, nil, []time.Duration{250 * time.Millisecond, 375 * time.Millisecond}},
		{"gives up after the tries", []error{errBusy, errBusy, errBusy, errBusy}, 3, errBusy, nil},
		{"honours Retry-After", []error{After(5*time.Second, errBusy)}, 2, nil, []time.Duration{5 * time.Second}},
		{"a Retry-After too long is not waited for", []error{After(time.Minute, errBusy)}, 1, errBusy, nil},
		{"permanent errors are not retried", []error{Permanent(errBusy)}, 1, errBusy, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tries := 0
				var waits []time.Duration
				last := time.Now()
				err := Do(t.Context(), Policy{}, func(context.Context) error {
					if tries > 0 {
						waits = append(waits, time.Since(last))
					}
					last = time.Now()
					tries++
					if tries <= len(tc.fails) {
						return tc.fails[tries-1]
					}
					return nil
				})
				if tries != tc.wantTries || !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
					t.Fatalf("tries %d err %v; want %d, %v", tries, err, tc.wantTries, tc.wantErr)
				}
				for i, min := range tc.minWaits {
					if waits[i] < min {
						t.Errorf("wait %d = %v, want at least %v", i, waits[i], min)
					}
				}
			})
		})
	}
}

func TestDoStopsWithTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		start := time.Now()
		err := Do(ctx, Policy{Tries: 100, Initial: time.Second}, func(context.Context) error { return After(8*time.Second, errBusy) })
		if time.Since(start) > 2*time.Second || err == nil {
			t.Errorf("took %v, err %v; want the context's end", time.Since(start), err)
		}
	})
}
