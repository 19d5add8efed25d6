package bot

// Grammar returns the /backend-tip command table of DESIGN.md, without
// handlers: the router attaches them by path. Adding a row here adds the
// command to help, to every platform's parsing and to Discord's registered
// options at once.
func Grammar() []Command {
	zone := Arg{Name: "timezone", NameJA: "タイムゾーン", Kind: ArgZone, Placeholder: "IANA zone", MaxLength: 64,
		Description: "IANA time zone (e.g. Asia/Tokyo)", DescriptionJA: "IANAタイムゾーン（例 Asia/Tokyo）"}
	at := Arg{Name: "time", NameJA: "時刻", Kind: ArgWord, Required: true, Placeholder: "HH:MM", MaxLength: 5,
		Description: "Time of day, HH:MM (e.g. 09:00)", DescriptionJA: "時刻 HH:MM（例 09:00）"}
	return []Command{
		{
			Name: "ask", NameJA: "質問", Anywhere: true, Description: "answer a question from the guide, with its sources",
			DescriptionJA: "ガイドに基づいて質問に答えます（出典付き）",
			Examples:      []string{"ask N+1問題とは？", "ask How should I prepare for a system design interview?"},
			Args: []Arg{{Name: "question", NameJA: "質問文", Kind: ArgText, Required: true, MaxLength: 2000,
				Description: "Your question", DescriptionJA: "質問"}},
		},
		{
			Name: "quiz", NameJA: "クイズ", Bare: "now", BareJA: "今すぐ", Description: "post a quiz question now (optionally from one category)",
			DescriptionJA: "クイズを今すぐ出題します（カテゴリ指定可）",
			Examples:      []string{"quiz", "quiz daily 09:00 Asia/Tokyo weekdays", "quiz leaderboard week"},
			Args: []Arg{{Name: "category", NameJA: "カテゴリ", Kind: ArgWord, MaxLength: 64,
				Description: "Question category", DescriptionJA: "問題のカテゴリ"}},
			Subcommands: []Command{
				{
					Name: "daily", NameJA: "毎日", Description: "post a quiz here every day at a local time",
					DescriptionJA: "毎日決まった時刻にこのチャンネルへ出題します",
					Args: []Arg{at, zone,
						{Name: "days", NameJA: "曜日", Kind: ArgChoice, Placeholder: "weekdays", Choices: []string{"everyday", "weekdays"},
							ChoiceLabels: map[string]Label{"everyday": {"every day", "毎日"}, "weekdays": {"weekdays (Mon–Fri)", "平日（月〜金）"}},
							Description:  "Days to post (default every day; type mon,wed,fri elsewhere)", DescriptionJA: "出題する曜日（既定は毎日）"},
						{Name: "categories", NameJA: "カテゴリ一覧", Kind: ArgWord, MaxLength: 200, Description: "Categories, comma-separated",
							DescriptionJA: "カテゴリ（カンマ区切り）"}},
				},
				{Name: "stop", NameJA: "停止", Description: "stop the daily quiz in this channel", DescriptionJA: "このチャンネルの毎日のクイズを止めます"},
				{Name: "answer", NameJA: "答え合わせ", Aliases: []string{"reveal"}, Description: "reveal the answer to the open quiz",
					DescriptionJA: "出題中のクイズの答えを表示します"},
				{
					Name: "leaderboard", NameJA: "ランキング", Aliases: []string{"scores", "ranking"}, Description: "show scores and streaks",
					DescriptionJA: "スコアと連続正解を表示します",
					Args: []Arg{{Name: "period", NameJA: "期間", Kind: ArgChoice, Choices: []string{"week", "month", "all"},
						ChoiceLabels: map[string]Label{"week": {"this week", "今週"}, "month": {"this month", "今月"}, "all": {"all time", "全期間"}},
						Description:  "Period", DescriptionJA: "期間"}},
				},
				{
					Name: "review", NameJA: "復習", Description: "review the questions you missed", DescriptionJA: "間違えた問題を復習します",
					Subcommands: []Command{{
						Name: "daily", NameJA: "毎日", Description: "a daily review of your missed questions at a local time",
						DescriptionJA: "間違えた問題の復習を毎日決まった時刻に届けます",
						Args:          []Arg{at, zone},
					}},
				},
			},
		},
		{
			Name: "interview", NameJA: "模擬面接", Bare: "start", BareJA: "開始", Description: "a mock interview from the guide's interview chapter",
			DescriptionJA: "ガイドの面接の章に基づく模擬面接",
			Args: []Arg{{Name: "type", NameJA: "種類", Kind: ArgChoice, Choices: []string{"technical", "design", "behavioral"},
				ChoiceLabels: map[string]Label{"technical": {"technical", "技術"}, "design": {"system design", "システム設計"}, "behavioral": {"behavioral", "行動面接"}},
				Description:  "Interview type", DescriptionJA: "面接の種類"}},
			Subcommands: []Command{{Name: "stop", NameJA: "終了", Description: "end the mock interview", DescriptionJA: "模擬面接を終えます"}},
		},
		{Name: "progress", NameJA: "進捗", Description: "your quiz and review progress", DescriptionJA: "クイズと復習の進み具合"},
		{
			Name: "roadmap", NameJA: "ロードマップ", Anywhere: true, Description: "the guide's three-step learning roadmap, or one step's details",
			DescriptionJA: "ガイドの3段階学習ロードマップ（番号でステップの詳細）",
			Examples:      []string{"roadmap", "roadmap 2"},
			Args: []Arg{{Name: "step", NameJA: "ステップ", Kind: ArgChoice, Choices: []string{"1", "2", "3"},
				Description: "Step to show", DescriptionJA: "表示するステップ"}},
		},
		{Name: "tip", NameJA: "ヒント", Anywhere: true, Description: "a tip from the guide, with its section", DescriptionJA: "ガイドからのヒントを1つ（出典付き）"},
		{Name: "help", NameJA: "ヘルプ", Anywhere: true, Description: "show this help", DescriptionJA: "このヘルプを表示します"},
	}
}
