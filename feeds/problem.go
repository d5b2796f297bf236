package feeds

import (
	"fmt"
	"strings"
)

// Problem is a failure explained in words a person can act on. Key names
// the explanation and Args fill it, so a caller that speaks the reader's
// language can say it in that language; Error is the English text. Kind,
// when set, is what errors.Is finds (ErrTimeout, ErrNotFeed, …).
type Problem struct {
	Key  string
	Args map[string]any
	Kind error
	text string
}

func (p *Problem) Error() string { return p.text }
func (p *Problem) Unwrap() error { return p.Kind }

// problem makes a Problem: english is its text with {Name} where an
// argument goes, pairs are the arguments' names and values.
func problem(key string, kind error, english string, pairs ...any) *Problem {
	p := &Problem{Key: key, Kind: kind, Args: map[string]any{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		p.Args[name] = pairs[i+1]
		english = strings.ReplaceAll(english, "{"+name+"}", fmt.Sprint(pairs[i+1]))
	}
	p.text = english
	return p
}
