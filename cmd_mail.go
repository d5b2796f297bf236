package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// mailFlags are add's flags for a mailbox.
type mailFlags struct {
	passwordStdin        bool
	passwordCommand      string
	tls, startTLS, plain bool
	allMail              bool
}

func (f *mailFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.passwordStdin, "password-stdin", false, lang.T("flag.password_stdin"))
	cmd.Flags().StringVar(&f.passwordCommand, "password-command", "", lang.T("flag.password_command"))
	cmd.Flags().BoolVar(&f.tls, "tls", false, lang.T("flag.tls"))
	cmd.Flags().BoolVar(&f.startTLS, "starttls", false, lang.T("flag.starttls"))
	cmd.Flags().BoolVar(&f.plain, "plain", false, lang.T("flag.plain"))
	cmd.Flags().BoolVar(&f.allMail, "all-mail", false, lang.T("flag.all_mail"))
}

// addMailbox is `kolom add imap://…|maildir://…|mbox://…`.
func addMailbox(cmd *cobra.Command, g *globals, raw, folder string, f mailFlags) error {
	security := ""
	n := 0
	for _, s := range []struct {
		on   bool
		name string
	}{{f.tls, "tls"}, {f.startTLS, "starttls"}, {f.plain, "plain"}} {
		if s.on {
			security, n = s.name, n+1
		}
	}
	if n > 1 {
		return usageError{lang.E("cmd.mail.one_security")}
	}
	imap, withPassword := library.MailboxLogin(raw)
	if !imap && (n > 0 || f.passwordStdin || f.passwordCommand != "") {
		return usageError{lang.E("cmd.mail.imap_only")}
	}
	ctx := cmd.Context()
	lib, err := g.open(ctx, false)
	if err != nil {
		return err
	}
	defer lib.Close()
	o := library.MailboxOptions{URL: raw, Security: security, AllMail: f.allMail, Folder: folder}
	if f.passwordCommand != "" {
		o.PasswordCommand = strings.Fields(f.passwordCommand)
	}
	if imap && o.PasswordCommand == nil && !withPassword {
		if o.Password, err = readSecret(cmd, f.passwordStdin, "--password-command"); err != nil {
			return err
		}
	}
	box, sum, err := lib.AddMailbox(ctx, o)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if box.Security == "plain" {
		fmt.Fprintln(cmd.ErrOrStderr(), lang.T("cmd.mail.plain_note", "Mailbox", box.Name()))
	}
	line := lang.T("cmd.mail.reading", "Mailbox", box.Name(), "ID", box.ID, "Folder", strconv.Quote(box.Folder), "Letters", lang.N("count.letters", sum.New))
	if sum.NewFeeds > 0 {
		line += " " + lang.T("cmd.mail.from", "Senders", lang.N("count.senders", sum.NewFeeds))
	}
	fmt.Fprintln(out, line+".")
	if note := sum.Note(); note != "" && sum.Skipped+sum.Muted+len(sum.Problems) > 0 {
		fmt.Fprintln(out, strings.ToUpper(note[:1])+note[1:]+".")
	}
	if sum.Skipped > 0 && !box.AllMail {
		fmt.Fprintln(out, lang.T("cmd.mail.lists_only"))
	}
	fmt.Fprintln(out, lang.T("cmd.mail.read_only"))
	return nil
}

type mailboxJSON struct {
	ID        int64   `json:"id"`
	URL       string  `json:"url"`
	Kind      string  `json:"kind"`
	Security  string  `json:"security,omitempty"`
	AllMail   bool    `json:"all_mail"`
	Folder    string  `json:"folder"`
	LastRead  *string `json:"last_read"`
	LastError *string `json:"last_error"`
}

func mailboxesCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "mailboxes",
		Short: lang.T("cmd.mailboxes.short"),
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			boxes, err := lib.Mailboxes(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				list := make([]mailboxJSON, len(boxes))
				for i, b := range boxes {
					list[i] = mailboxJSON{ID: b.ID, URL: b.URL, Kind: b.Kind, Security: b.Security, AllMail: b.AllMail, Folder: b.Folder}
					if !b.LastRead.IsZero() {
						s := b.LastRead.UTC().Format(time.RFC3339)
						list[i].LastRead = &s
					}
					if b.LastError != "" {
						list[i].LastError = &b.LastError
					}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(list)
			}
			if len(boxes) == 0 {
				fmt.Fprintln(out, lang.T("cmd.mailboxes.none"))
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, lang.T("cmd.mailboxes.header"))
			for _, b := range boxes {
				read := lang.T("ago.never")
				if !b.LastRead.IsZero() {
					read = lang.DateTime(b.LastRead.Local())
				}
				state := lang.T("cmd.mailboxes.ok")
				switch {
				case b.LastError != "":
					state = library.ShortError(b.LastError)
				case b.Security == "plain":
					state = lang.T("cmd.mailboxes.ok_plain")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", b.ID, b.Name(), b.Folder, read, state)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}
