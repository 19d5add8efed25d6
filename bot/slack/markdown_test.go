package slack

import "testing"

func TestToMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**N+1問題**とは", "**N+1問題**とは"},
		{"- JOIN\n- `IN` 句", "- JOIN\n- `IN` 句"},
		{"a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"},
		{"<!channel> hi", "&lt;!channel&gt; hi"},
		{"@everyone look", "@\u200beveryone look"},
		{"`a<b>` then <b>", "`a<b>` then &lt;b&gt;"},
		{"```go\nif a < b {}\n<!here>\n```", "```go\nif a < b {}\n<\u200b!here>\n```"},
		{"odd ` tick <x>", "odd ` tick &lt;x&gt;"},
	}
	for _, tt := range tests {
		if got := ToMarkdown(tt.in); got != tt.want {
			t.Errorf("ToMarkdown(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
