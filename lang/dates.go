package lang

import (
	"fmt"
	"time"
)

var (
	monthsNL = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
	shortNL  = [...]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}
	daysNL   = [...]string{"zo", "ma", "di", "wo", "do", "vr", "za"}
)

// Date is a day as the language writes it in full: "12 juni 2014",
// "12 June 2014".
func Date(t time.Time) string {
	if Dutch() {
		return fmt.Sprintf("%d %s %d", t.Day(), monthsNL[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// DayMonth is a day of this year: "12 juni", "12 June".
func DayMonth(t time.Time) string {
	if Dutch() {
		return fmt.Sprintf("%d %s", t.Day(), monthsNL[t.Month()-1])
	}
	return t.Format("2 January")
}

// ShortDate is a day in a list: "2 jun", "2 Jun".
func ShortDate(t time.Time) string {
	if Dutch() {
		return fmt.Sprintf("%d %s", t.Day(), shortNL[t.Month()-1])
	}
	return t.Format("2 Jan")
}

// ShortDateYear is ShortDate with the year: "2 jun 2014", "2 Jun 2014".
func ShortDateYear(t time.Time) string {
	if Dutch() {
		return fmt.Sprintf("%d %s %d", t.Day(), shortNL[t.Month()-1], t.Year())
	}
	return t.Format("2 Jan 2006")
}

// MonthYear is a month of another year: "jun 2014", "Jun 2014".
func MonthYear(t time.Time) string {
	if Dutch() {
		return fmt.Sprintf("%s %d", shortNL[t.Month()-1], t.Year())
	}
	return t.Format("Jan 2006")
}

// DayTime is a moment this week or so: "ma 30 nov 08:10", "Mon 30 Nov 08:10".
func DayTime(t time.Time) string {
	if Dutch() {
		return fmt.Sprintf("%s %d %s %s", daysNL[t.Weekday()], t.Day(), shortNL[t.Month()-1], t.Format("15:04"))
	}
	return t.Format("Mon 2 Jan 15:04")
}

// DateTime is a day and a time: "2 jun 2014 15:04", "2 Jun 2014 15:04".
func DateTime(t time.Time) string {
	return ShortDateYear(t) + " " + t.Format("15:04")
}

// Ago is how long ago t was, in words: "just now", "5 min ago", "3 hours
// ago", "yesterday", "3 days ago"; further back, the date.
func Ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return T("ago.now")
	case d < time.Hour:
		return N("ago.minutes", int(d.Minutes()))
	case d < 24*time.Hour:
		return N("ago.hours", int(d.Hours()))
	case d < 48*time.Hour:
		return T("ago.yesterday")
	case d < 7*24*time.Hour:
		return N("ago.days", int(d.Hours()/24))
	case t.Year() == now.Year():
		return DayMonth(t.Local())
	}
	return Date(t.Local())
}

// Compact is how long ago t was in a list's few cells: "5m", "3h" ("3u"),
// "2d", then the day.
func Compact(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return ShortDate(t.Local())
	case d < time.Hour:
		return T("compact.minutes", "N", max(int(d.Minutes()), 1))
	case d < 24*time.Hour:
		return T("compact.hours", "N", int(d.Hours()))
	case d < 7*24*time.Hour:
		return T("compact.days", "N", int(d.Hours()/24))
	case t.Year() == now.Year():
		return ShortDate(t.Local())
	}
	return MonthYear(t.Local())
}

// ReadingTime is a reading time in minutes: "4 min read", "4 min lezen".
func ReadingTime(minutes int) string {
	return T("reading.minutes", "N", max(minutes, 1))
}
