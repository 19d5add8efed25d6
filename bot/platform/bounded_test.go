package platform

import (
	"fmt"
	"testing"
)

// Past its limit a Bounded forgets the earliest key added; setting a key
// again neither grows it nor moves the key.
func TestBoundedForgetsTheEarliest(t *testing.T) {
	b := NewBounded[string, int](3)
	b.Set("first", 1)
	b.Set("first", 2)
	for k := range 2 {
		b.Set(fmt.Sprint("k", k), k)
	}
	if v, ok := b.Get("first"); !ok || v != 2 || b.Len() != 3 {
		t.Fatalf("full: first = %v, %v; len %d, want 2, true; 3", v, ok, b.Len())
	}
	b.Set("one more", 9)
	if _, ok := b.Get("first"); ok {
		t.Error("the earliest key is still there past the limit")
	}
	for _, k := range []string{"k0", "k1", "one more"} {
		if _, ok := b.Get(k); !ok {
			t.Errorf("%s forgotten, want only the earliest gone", k)
		}
	}
	if b.Len() != 3 {
		t.Errorf("len %d, want 3", b.Len())
	}
}
