package bot

// Home is one user's study summary, for a platform's home surface (Slack's
// Home tab): their quiz record, the channels' daily quiz schedules and the
// roadmap step to look at next.
type Home struct {
	Answered, Correct  int
	Streak, BestStreak int // quiz answers right in a row
	StudyDays          int // days in a row with a study answer (0: unknown)
	Schedules          []HomeSchedule
	// NextStep names what to study next; with a goal and a command it is a
	// step title, without them a full sentence (from the member's progress).
	NextStep, NextStepGoal string
	NextStepCommand        string // "roadmap 1"
}

// HomeSchedule is one channel's daily quiz.
type HomeSchedule struct {
	ChannelID string // the platform's channel id
	When      string // "09:00 Asia/Tokyo, weekdays"
}
