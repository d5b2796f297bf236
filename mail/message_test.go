package mail

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kolom/kolom/article"
)

// The newsletters in testdata are in the shapes the platforms send:
// Mailchimp (layout tables, view-in-browser, address footer, open pixel,
// mc_cid), Substack (hidden preview, web link, footer, open beacon, ?r=),
// HubSpot (online version, a data table, _hsenc, preferences footer),
// LinkedIn (trk/midToken links, emimp pixel), a Dutch publisher's daily in
// windows-1252 quoted-printable, and a text-only letter in ISO-8859-1.

var column = []string{
	"Klantbeleving is geen afdeling en geen project met een einddatum.",
	"Onderzoek onder twaalfhonderd Nederlandse consumenten laat zien",
	"Begin klein: laat een marketeer een dag meeluisteren in het contactcenter",
}

func readFile(t *testing.T, name string) Newsletter {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := Read(f, 1<<20)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

func TestReadNewsletters(t *testing.T) {
	cases := []struct {
		file, sender, subject, web, unsub string
		gone                              []string
	}{
		{"mailchimp.eml", "abc123.list-id.mcsv.net", "Klantcontact deze week: waarom NPS niet genoeg is",
			"https://us5.campaign-archive.com/?u=abc&id=def&e=[UNIQID]", "https://customertalk.us5.list-manage.com/unsubscribe?u=abc",
			[]string{"Bekijk deze e-mail", "Je ontvangt deze e-mail", "Herengracht", "Afmelden", "Voorkeuren", "track/open", "mc_cid", "utm_source"}},
		{"substack.eml", "annevdberg@substack.com", "De klantreis begint vóór de eerste klik",
			"https://annevdberg.substack.com/p/de-klantreis", "https://annevdberg.substack.com/action/disable_email?token=xyz",
			[]string{"View this post", "Market Street", "Unsubscribe", "powered by Substack", "substackcdn.com/open", "?r=2abc"}},
		{"hubspot.eml", "insights.vendor.nl", "Column: de chatbot als collega",
			"https://www.vendor.nl/nieuwsbrief-november", "",
			[]string{"Online versie", "U ontvangt deze e-mail", "Uitschrijven", "track.hubspot", "_hsenc", "Preheader tekst"}},
		{"linkedin.eml", "newsletters-noreply@linkedin.com#pieter-de-vries", "Marketing in Nederland: de klantreis", "", "https://www.linkedin.com/newsletters/unsubscribe/7012345",
			[]string{"Deze e-mail is verzonden", "Sunnyvale", "emimp", "midToken", "trk="}},
		{"emerce-daily.eml", "daily.emerce.nl", "Emerce Daily: café klantbeleving",
			"https://www.emerce.nl/nieuwsbrief/2026-11-23", "https://www.emerce.nl/afmelden",
			[]string{"Lees deze nieuwsbrief online", "Je ontvangt deze nieuwsbrief", "Uitschrijven"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			n := readFile(t, tc.file)
			if n.Sender() != tc.sender || n.Subject != tc.subject || n.WebURL != tc.web || n.Unsubscribe != tc.unsub {
				t.Errorf("sender %q subject %q web %q unsubscribe %q", n.Sender(), n.Subject, n.WebURL, n.Unsubscribe)
			}
			if !n.Bulk {
				t.Error("a letter sent to a list is not taken as one (Bulk false)")
			}
			if !n.Date.Equal(time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)) {
				t.Errorf("date %v", n.Date)
			}
			md, err := article.FromHTML(n.HTML, "https://mail.example/")
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range column {
				if !strings.Contains(md, c) {
					t.Errorf("lost %q", c)
				}
			}
			for _, g := range tc.gone {
				if strings.Contains(md, g) || strings.Contains(n.HTML, g) {
					t.Errorf("%q survived", g)
				}
			}
			if strings.Contains(md, "|") && tc.file != "hubspot.eml" {
				t.Error("a layout table came out as a table")
			}
			if t.Failed() {
				t.Logf("markdown:\n%s", md)
			}
		})
	}
}

func TestReadKeepsDataTablesAndCharsets(t *testing.T) {
	n := readFile(t, "hubspot.eml")
	md, _ := article.FromHTML(n.HTML, "https://mail.example/")
	if !regexp.MustCompile(`\| Telefoon +\| 7,8 +\|`).MatchString(md) {
		t.Errorf("the data table was flattened:\n%s", md)
	}
	n = readFile(t, "emerce-daily.eml")
	if !strings.Contains(n.HTML, "Café Klantbeleving — “de klant” centraal.") {
		t.Errorf("windows-1252 body: %q", n.HTML)
	}
	n = readFile(t, "text-only.eml")
	if n.Subject != "Tekstbrief één" || strings.Contains(n.HTML, "Afmelden") || !strings.Contains(n.HTML, "<p>Dit is de tekstversie van de column.<br/>Met een tweede regel.</p>") ||
		n.FromName != "Jan" || n.Sender() != "jan@x.nl" || n.Bulk {
		t.Errorf("text only: %+v", n)
	}
}

func TestReadRefusesWhatItCannotRead(t *testing.T) {
	big := "From: a@b.nl\r\nSubject: groot\r\nContent-Type: text/html\r\n\r\n<p>" + strings.Repeat("x", 2<<20) + "</p>"
	if _, err := Read(strings.NewReader(big), 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a 2 MB message under a 1 MB cap: %v", err)
	}
	if _, err := Read(strings.NewReader("From: a@b.nl\r\nSubject: leeg\r\nContent-Type: image/png\r\n\r\nPNG"), 0); err == nil {
		t.Error("a message with no text read as a newsletter")
	}
	// Broken MIME: a boundary that never closes still gives the part read.
	broken := "From: a@b.nl\r\nSubject: kapot\r\nContent-Type: multipart/alternative; boundary=X\r\n\r\n--X\r\nContent-Type: text/html\r\n\r\n<p>Nog leesbaar</p>\r\n--X\r\nContent-Type: text/plain\r\n"
	if n, err := Read(strings.NewReader(broken), 0); err != nil || !strings.Contains(n.HTML, "Nog leesbaar") {
		t.Errorf("broken MIME: %v %q", err, n.HTML)
	}
}

// Hostile headers pass the terminal wall where they are shown; the parser
// keeps them as they are (the library stores them through article.Safe).
func TestReadHostileHeaders(t *testing.T) {
	m := "From: =?utf-8?q?Evil=1B]0;pwn=07?= <e@x.nl>\r\nSubject: =?utf-8?q?Nieuws=1B[2J?=\r\nContent-Type: text/html\r\n\r\n<p>Tekst</p><script>alert(1)</script><a href=\"javascript:alert(2)\">klik</a>"
	n, err := Read(strings.NewReader(m), 0)
	if err != nil {
		t.Fatal(err)
	}
	if s := article.SafeText(n.Subject); strings.ContainsRune(s, 0x1b) {
		t.Errorf("subject through the wall: %q", s)
	}
	md, _ := article.FromHTML(n.HTML, "https://mail.example/")
	if strings.Contains(md, "alert") || strings.Contains(md, "javascript:") {
		t.Errorf("script survived: %q", md)
	}
}

// A platform that sends for many writers from one address: each writer
// is a sender of their own; a List-Id still wins.
func TestSenderOfAPlatform(t *testing.T) {
	a := Newsletter{FromName: "Pieter de Vries via LinkedIn", FromAddress: "Newsletters-NoReply@linkedin.com"}
	b := Newsletter{FromName: "Sanne  Bakker via LinkedIn", FromAddress: "newsletters-noreply@linkedin.com"}
	a2 := Newsletter{FromName: "pieter de vries VIA LinkedIn", FromAddress: "newsletters-noreply@linkedin.com"}
	if a.Sender() == b.Sender() || a.Sender() != a2.Sender() || b.Sender() != "newsletters-noreply@linkedin.com#sanne-bakker" {
		t.Errorf("%q %q %q", a.Sender(), b.Sender(), a2.Sender())
	}
	if l := (Newsletter{FromName: "X via Y", FromAddress: "a@b.nl", ListID: "lijst.b.nl"}); l.Sender() != "lijst.b.nl" {
		t.Errorf("List-Id: %q", l.Sender())
	}
	if p := (Newsletter{FromName: "Emerce", FromAddress: "Daily@Emerce.nl"}); p.Sender() != "daily@emerce.nl" {
		t.Errorf("plain: %q", p.Sender())
	}
}
