package mail

import (
	"fmt"
	"strings"
)

// Failure is a mailbox that could not be read, explained in words a person
// can act on. Key names the explanation and Args fill it, so a caller that
// speaks the reader's language can say it in that language; Error is the
// English text.
type Failure struct {
	Key  string
	Args map[string]any
	text string
}

func (f *Failure) Error() string { return f.text }

// failure makes a Failure: english has {Name} where an argument goes.
func failure(key, english string, pairs ...any) *Failure {
	f := &Failure{Key: key, Args: map[string]any{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		f.Args[name] = pairs[i+1]
		english = strings.ReplaceAll(english, "{"+name+"}", fmt.Sprint(pairs[i+1]))
	}
	f.text = english
	return f
}
