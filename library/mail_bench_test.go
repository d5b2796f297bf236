package library

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkMaildir reads a Maildir of 1000 letters (five senders) into a
// new library, then refreshes it with nothing new — the refresh every
// reader does many times a day.
func BenchmarkMaildir(b *testing.B) {
	ctx := context.Background()
	var letters []string
	for i := range 1000 {
		src := string(letterBytes(b, []string{"mailchimp.eml", "emerce-daily.eml", "substack.eml", "hubspot.eml", "linkedin.eml"}[i%5]))
		letters = append(letters, strings.Replace(src, "Message-ID: <", fmt.Sprintf("Message-ID: <%d-", i), 1))
	}
	dir := maildirWith(b, letters...)
	b.Run("first read", func(b *testing.B) {
		for b.Loop() {
			l := openLib(b, false)
			if _, sum, err := l.AddMailbox(ctx, MailboxOptions{URL: "maildir://" + dir}); err != nil || sum.New != 1000 {
				b.Fatal(err, sum)
			}
		}
	})
	b.Run("nothing new", func(b *testing.B) {
		l := openLib(b, false)
		if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: "maildir://" + dir}); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if rs, err := l.Refresh(ctx, nil, nil); err != nil || rs.New != 0 {
				b.Fatal(err, rs)
			}
		}
	})
}
