package bot

// Moderated reports whether the command at path schedules, changes or
// stops a channel's quiz: for these the adapters fill Request.Role from
// the platform (a Slack users.info call is not worth making for every
// command), and the quiz's moderator policy decides.
func Moderated(path Path) bool {
	return len(path) >= 2 && path[0] == "quiz" && (path[1] == "daily" || path[1] == "stop")
}
