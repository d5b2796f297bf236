package article

import (
	"strings"
	"testing"
)

func TestLeadBlocksKeepsStructure(t *testing.T) {
	md := "# Titel\n\n![foto](https://x.nl/a.jpg)\n\nKlantbeleving begint bij de belofte.\n\n> Wie de klant centraal zet, moet ook luisteren.\n> — Jan Jansen\n\n- eerst luisteren\n- dan pas zenden\n\nDit komt er niet meer bij."
	got := LeadBlocks(md, 20)
	want := "Klantbeleving begint bij de belofte.\n\n> Wie de klant centraal zet, moet ook luisteren.\n> — Jan Jansen\n\n- eerst luisteren\n- dan pas zenden"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	long := "Een " + strings.Repeat("heel lange zin over [de klant](https://x.nl/klant) en ", 30) + "einde."
	got = LeadBlocks("```\ncode\n\nmeer code\n```\n\n"+long, 20)
	if !strings.HasSuffix(got, " …") || strings.Contains(got, "code") || strings.Count(got, "[") != strings.Count(got, "](") || len(strings.Fields(got)) > 25 {
		t.Errorf("a long paragraph: %q", got)
	}
}

// FuzzLeadBlocks: any Markdown gives an opening without a panic, made of
// the document's own blocks (or a cut one ending in " …").
func FuzzLeadBlocks(f *testing.F) {
	f.Add("# T\n\nEen alinea.\n\n> citaat\n\n- a\n- b", 20)
	f.Add("```\n\nx\n\n```\n\n[link](https://x.nl/a b) "+strings.Repeat("woord ", 80), 10)
	f.Fuzz(func(t *testing.T, md string, n int) {
		if n < 0 || n > 500 {
			return
		}
		for _, b := range strings.Split(LeadBlocks(md, n), "\n\n") {
			if b == "" {
				continue
			}
			if !strings.Contains(strings.ReplaceAll(md, "\r\n", "\n"), strings.TrimSuffix(b, " …")) && !strings.HasSuffix(b, " …") {
				t.Fatalf("block %q is not from the document", b)
			}
		}
	})
}
