package bot

import (
	"fmt"
	"time"
)

// ShowTime shows an instant for a reply on platform. Discord renders
// <t:unix:F> in each reader's own time zone and language and <t:unix:R> as
// "in 3 hours", so a team across zones reads it right; elsewhere it is the
// wall time in t's location with the zone's abbreviation.
func ShowTime(platform string, t time.Time, lang Lang) string {
	if platform == "discord" {
		return fmt.Sprintf("<t:%d:F> (<t:%d:R>)", t.Unix(), t.Unix())
	}
	return t.Format(lang.Pick("2006-01-02 15:04 MST", "Mon 2006-01-02 15:04 MST"))
}
