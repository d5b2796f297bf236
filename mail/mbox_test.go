package mail

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mboxOf writes messages as an mbox (mboxrd: body lines beginning with
// "From " escaped), with a separator line each.
func mboxOf(t *testing.T, files ...string) string {
	t.Helper()
	var b strings.Builder
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("From MAILER-DAEMON Mon Nov 23 07:00:00 2026\n")
		for _, l := range strings.SplitAfter(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n") {
			if strings.HasPrefix(strings.TrimLeft(l, ">"), "From ") {
				l = ">" + l
			}
			b.WriteString(l)
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// A letter whose text has "From " lines: one escaped (mboxrd), one not
// escaped but after text, one after a blank line that does not read as a
// separator (no date) — all three stay in the letter.
const fromInBody = `From nieuws@frankwatching.com Tue Nov 24 07:00:00 2026
From: Frankwatching <nieuws@frankwatching.com>
List-Id: <nieuws.frankwatching.com>
Subject: Van de redactie
Message-ID: <fw-1@mail.example>
Content-Type: text/plain; charset=utf-8

Een column over e-mail.
>From the archive: dit stond eerder in de nieuwsbrief.
From A tot Z: zo schrijf je een onderwerpregel.

From nu af aan komt de nieuwsbrief op dinsdag.

`

func TestReadMbox(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Nieuwsbrieven.mbox")
	if err := os.WriteFile(path, []byte(mboxOf(t, "mailchimp.eml", "emerce-daily.eml")+fromInBody), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	seen := map[string]bool{}
	isSeen := func(k string) bool { return seen[k] }
	msgs, problems, state, err := ReadMbox(path, MboxState{}, isSeen, 1<<20)
	if err != nil || len(problems) != 0 {
		t.Fatalf("%v %+v", err, problems)
	}
	if len(msgs) != 3 || msgs[0].Sender() != "abc123.list-id.mcsv.net" || msgs[1].Sender() != "daily.emerce.nl" {
		t.Fatalf("messages: %+v", msgs)
	}
	fw := msgs[2]
	for _, want := range []string{"From the archive: dit stond", "From A tot Z", "From nu af aan"} {
		if !strings.Contains(fw.HTML, want) {
			t.Errorf("%q was cut from the letter: %s", want, fw.HTML)
		}
	}
	if strings.Contains(fw.HTML, "&gt;From") || fw.Key != "id:fw-1@mail.example" {
		t.Errorf("key %q, text %s", fw.Key, fw.HTML)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the mbox file changed")
	}
	for _, m := range msgs {
		seen[m.Key] = true
	}

	// Appended to: only the new letter is read, from where the last ended.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(mboxOf(t, "substack.eml"))
	f.Close()
	msgs, _, state2, err := ReadMbox(path, state, isSeen, 1<<20)
	if err != nil || len(msgs) != 1 || msgs[0].Sender() != "annevdberg@substack.com" {
		t.Fatalf("after appending: %v %+v", err, msgs)
	}
	if state2.LastStart <= state.LastStart {
		t.Errorf("state did not move on: %+v → %+v", state, state2)
	}
	seen[msgs[0].Key] = true

	// Rewritten (a mail program compacted it and put one more in front):
	// read again from the start, and only the unseen letter comes back.
	os.WriteFile(path, []byte(mboxOf(t, "hubspot.eml", "emerce-daily.eml", "substack.eml")), 0o600)
	msgs, _, _, err = ReadMbox(path, state2, isSeen, 1<<20)
	if err != nil || len(msgs) != 1 || msgs[0].Sender() != "insights.vendor.nl" {
		t.Fatalf("after a rewrite: %v %+v", err, msgs)
	}
	// Nothing new: nothing read.
	_, _, state3, _ := ReadMbox(path, MboxState{}, func(string) bool { return true }, 1<<20)
	if msgs, _, _, _ := ReadMbox(path, state3, isSeen, 1<<20); len(msgs) != 0 {
		t.Errorf("an unchanged mbox gave %d letters", len(msgs))
	}
}

func TestReadMboxRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "groot.mbox")
	big := "From a@b.nl Mon Nov 23 07:00:00 2026\nFrom: a@b.nl\nMessage-ID: <groot@x>\nContent-Type: text/html\n\n<p>" +
		strings.Repeat("x", 2<<20) + "</p>\n\n"
	os.WriteFile(path, []byte(big+mboxOf(t, "substack.eml")), 0o600)
	msgs, problems, _, err := ReadMbox(path, MboxState{}, nil, 1<<20)
	if err != nil || len(msgs) != 1 || len(problems) != 1 || !errors.Is(problems[0].Err, ErrTooLarge) || problems[0].Key != "id:groot@x" {
		t.Errorf("a 2 MB letter under a 1 MB cap: %v %+v %+v", err, msgs, problems)
	}
	os.WriteFile(path, []byte("Subject: geen mbox\n\nhallo\n"), 0o600)
	if _, _, _, err := ReadMbox(path, MboxState{}, nil, 0); err == nil || !strings.Contains(err.Error(), "not an mbox file") {
		t.Errorf("not an mbox: %v", err)
	}
	if _, _, _, err := ReadMbox(filepath.Join(dir, "nergens.mbox"), MboxState{}, nil, 0); err == nil || !strings.Contains(err.Error(), "nergens.mbox") {
		t.Errorf("missing file: %v", err)
	}
}
