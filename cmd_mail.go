package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

// mailFlags are add's flags for a mailbox.
type mailFlags struct {
	passwordStdin        bool
	passwordCommand      string
	tls, startTLS, plain bool
	allMail              bool
}

func (f *mailFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.passwordStdin, "password-stdin", false, "IMAP: read the password from standard input")
	cmd.Flags().StringVar(&f.passwordCommand, "password-command", "", "IMAP: a program that prints the password, asked each time (words split on spaces, no shell)")
	cmd.Flags().BoolVar(&f.tls, "tls", false, "IMAP: TLS from the start (the default; port 993)")
	cmd.Flags().BoolVar(&f.startTLS, "starttls", false, "IMAP: a plain connection made secure with STARTTLS (port 143)")
	cmd.Flags().BoolVar(&f.plain, "plain", false, "IMAP: no encryption at all (only for a server on this machine)")
	cmd.Flags().BoolVar(&f.allMail, "all-mail", false, "take every message as a newsletter, not only mail sent to a list")
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
		return usageError{errors.New("choose one of --tls, --starttls and --plain")}
	}
	imap, withPassword := library.MailboxLogin(raw)
	if !imap && (n > 0 || f.passwordStdin || f.passwordCommand != "") {
		return usageError{errors.New("--tls, --starttls, --plain and the password flags are for imap:// mailboxes")}
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
		fmt.Fprintf(cmd.ErrOrStderr(), "Note: %s is read over a plain connection: the password and the mail are not encrypted.\n", box.Name())
	}
	fmt.Fprintf(out, "Reading newsletters from %s (mailbox %d) into the folder %q: %s", box.Name(), box.ID, box.Folder, library.Plural(sum.New, "letter", "letters"))
	if sum.NewFeeds > 0 {
		fmt.Fprintf(out, " from %s", library.Plural(sum.NewFeeds, "sender", "senders"))
	}
	fmt.Fprintln(out, ".")
	if note := sum.Note(); note != "" && sum.Skipped+sum.Muted+len(sum.Problems) > 0 {
		fmt.Fprintln(out, strings.ToUpper(note[:1])+note[1:]+".")
	}
	if sum.Skipped > 0 && !box.AllMail {
		fmt.Fprintln(out, "Only mail sent to a list is read; for a folder that holds nothing else, add it with --all-mail.")
	}
	fmt.Fprintln(out, "The mailbox is only read: kolom never deletes, moves or flags mail. `kolom refresh` reads what is new.")
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
		Short: "List the mailboxes newsletters are read from (kolom add imap://…, maildir://…, mbox://…)",
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
				fmt.Fprintln(out, "No mailboxes. Read newsletters from one with `kolom add imap://USER@HOST/FOLDER`, maildir:///path or mbox:///path.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tMAILBOX\tFOLDER\tLAST READ\tSTATE")
			for _, b := range boxes {
				read := "never"
				if !b.LastRead.IsZero() {
					read = b.LastRead.Local().Format("2006-01-02 15:04")
				}
				state := "ok"
				switch {
				case b.LastError != "":
					state = library.ShortError(b.LastError)
				case b.Security == "plain":
					state = "ok (plain connection, not encrypted)"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", b.ID, b.Name(), b.Folder, read, state)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
