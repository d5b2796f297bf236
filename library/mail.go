package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/mail"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// Newsletters from the mailbox: an IMAP folder, a Maildir or an mbox file
// is a source beside the feeds. Each sender (its List-Id, else its From
// address) is a feed, each letter an article; only mail sent to a list is
// taken unless the mailbox is all newsletters (AllMail). Mailboxes are only
// ever read: kolom never deletes, moves or flags mail.

// MailboxOptions is how a mailbox is added.
type MailboxOptions struct {
	URL string // imap://USER@HOST[:PORT]/FOLDER, maildir:///path, mbox:///path
	// Security of an IMAP connection: "tls" (the default), "starttls", "plain".
	Security        string
	Password        string   // kept in credentials.toml
	PasswordCommand []string // or asked of this program each time (argv, no shell)
	AllMail         bool     // take every message, not only mail sent to a list
	Folder          string   // the folder for its senders' feeds; "" the default
}

// Mailbox is a mailbox the library reads.
type Mailbox struct {
	ID        int64
	URL       string
	Kind      string // imap, maildir or mbox
	Security  string // imap: tls, starttls or plain
	AllMail   bool
	Folder    string
	LastRead  time.Time
	LastError string
}

// Name is the mailbox as a person says it: "anne@mail.example.nl/Nieuwsbrieven",
// or the path of a Maildir or mbox file.
func (m Mailbox) Name() string { return mailboxName(m.URL) }

// MailSummary is what one read of a mailbox did.
type MailSummary struct {
	New      int // letters new to the library
	NewFeeds int // senders seen for the first time
	Skipped  int // messages that are not newsletters (not sent to a list)
	Muted    int // letters of senders whose feed was removed
	Filtered int // of New, how many a filter hid or marked read
	Problems []string
}

// Note is the summary's detail for a refresh line: "1 new sender, 2 other
// messages skipped".
func (s MailSummary) Note() string {
	var parts []string
	if s.NewFeeds > 0 {
		parts = append(parts, lang.N("mail.new_senders", s.NewFeeds))
	}
	if s.Skipped > 0 {
		parts = append(parts, lang.N("mail.skipped", s.Skipped))
	}
	if s.Muted > 0 {
		parts = append(parts, lang.N("mail.muted", s.Muted))
	}
	parts = append(parts, s.Problems...)
	return strings.Join(parts, "; ")
}

// DefaultMailFolder is the folder newsletters' feeds go in unless told:
// Nieuwsbrieven when kolom speaks Dutch, else Newsletters.
func DefaultMailFolder() string {
	return lang.T("mail.folder")
}

// mailboxURL is a mailbox address made canonical: the scheme's defaults
// filled in, a password taken out (it goes to the credentials file).
type mailboxURL struct {
	kind, canonical string
	user, password  string
	addr, folder    string // imap
	path            string // maildir, mbox
}

// parseMailboxURL reads what the user typed; security decides an IMAP
// address's default port.
func parseMailboxURL(raw, security string) (mailboxURL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return mailboxURL{}, lang.E("mailbox.not_address", "URL", strconv.Quote(raw), "Why", lang.Text(err))
	}
	m := mailboxURL{kind: strings.ToLower(u.Scheme)}
	switch m.kind {
	case "imap", "imaps":
		if m.kind == "imaps" && security == "" {
			security = "tls"
		}
		m.kind = "imap"
		if u.User == nil || u.User.Username() == "" {
			return m, lang.E("mailbox.no_user", "URL", redactMailURL(raw))
		}
		if u.Hostname() == "" {
			return m, lang.E("mailbox.no_host", "URL", redactMailURL(raw))
		}
		m.user = u.User.Username()
		m.password, _ = u.User.Password()
		port := u.Port()
		if port == "" {
			port = "993"
			if security == "starttls" || security == "plain" {
				port = "143"
			}
		}
		m.addr = net.JoinHostPort(u.Hostname(), port)
		m.folder = strings.Trim(u.Path, "/")
		if m.folder == "" {
			m.folder = "INBOX"
		}
		m.canonical = (&url.URL{Scheme: "imap", User: url.User(m.user), Host: m.addr, Path: "/" + m.folder}).String()
	case "maildir", "mbox":
		p := u.Path
		switch {
		case u.Host == "~":
			home, err := os.UserHomeDir()
			if err != nil {
				return m, fmt.Errorf("%s: %v", raw, err)
			}
			p = filepath.Join(home, p)
		case u.Host != "":
			return m, lang.E("mailbox.three_slashes", "URL", raw, "Kind", m.kind)
		}
		if p == "" || !filepath.IsAbs(p) {
			return m, lang.E("mailbox.full_path", "URL", raw, "Kind", m.kind)
		}
		m.path = filepath.Clean(p)
		m.canonical = m.kind + "://" + (&url.URL{Path: m.path}).EscapedPath()
	default:
		return m, lang.E("mailbox.forms", "URL", strconv.Quote(raw))
	}
	return m, nil
}

// MailboxLogin says of a mailbox address whether it is IMAP (which logs
// in) and whether it carries its password (imap://anne:pw@host/…).
func MailboxLogin(raw string) (imap, withPassword bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !strings.HasPrefix(strings.ToLower(u.Scheme), "imap") {
		return false, false
	}
	if u.User != nil {
		_, withPassword = u.User.Password()
	}
	return true, withPassword
}

// IsMailboxURL reports whether ref names a mailbox (imap:, maildir:,
// mbox:) rather than a feed.
func IsMailboxURL(ref string) bool {
	scheme, _, ok := strings.Cut(strings.TrimSpace(ref), "://")
	if !ok {
		return false
	}
	switch strings.ToLower(scheme) {
	case "imap", "imaps", "maildir", "mbox":
		return true
	}
	return false
}

// redactMailURL drops a password from an address before it is shown.
func redactMailURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.User(u.User.Username())
			return u.String()
		}
	}
	return raw
}

func mailboxName(canonical string) string {
	u, err := url.Parse(canonical)
	if err != nil {
		return canonical
	}
	if u.Scheme == "imap" {
		return u.User.Username() + "@" + u.Hostname() + u.Path
	}
	return u.Path
}

// AddMailbox reads a mailbox once and keeps it as a source: its letters
// are in the library when it returns. Nothing is kept when the first read
// fails (a wrong password, a folder that does not exist).
func (l *Library) AddMailbox(ctx context.Context, o MailboxOptions) (_ Mailbox, _ MailSummary, err error) {
	defer func() { err = walled(err) }()
	switch o.Security {
	case "", "tls", "starttls", "plain":
	default:
		return Mailbox{}, MailSummary{}, lang.E("mailbox.security", "Value", strconv.Quote(o.Security))
	}
	mu, err := parseMailboxURL(o.URL, o.Security)
	if err != nil {
		return Mailbox{}, MailSummary{}, err
	}
	if o.Password == "" {
		o.Password = mu.password
	}
	if mu.kind == "imap" && o.Security == "" {
		o.Security = "tls"
	}
	if mu.kind != "imap" {
		o.Security = ""
	}
	boxes, err := l.store.Mailboxes(ctx)
	if err != nil {
		return Mailbox{}, MailSummary{}, err
	}
	for _, b := range boxes {
		if b.URL == mu.canonical {
			return Mailbox{}, MailSummary{}, lang.Wrap(store.ErrDuplicate, "mailbox.duplicate", "Mailbox", mailboxName(b.URL), "ID", b.ID)
		}
	}
	login := config.MailLogin{URL: mu.canonical, Password: o.Password, PasswordCommand: o.PasswordCommand}
	if mu.kind == "imap" && login.Password == "" && len(login.PasswordCommand) == 0 {
		return Mailbox{}, MailSummary{}, lang.E("mailbox.no_password", "Mailbox", mailboxName(mu.canonical))
	}
	folder, err := NormalizeFolder(o.Folder)
	if err != nil {
		return Mailbox{}, MailSummary{}, err
	}
	if folder == "" {
		folder = DefaultMailFolder()
	}
	box := store.Mailbox{URL: mu.canonical, Security: o.Security, AllMail: o.AllMail, Folder: folder}
	// The first read proves the address and the login before anything is
	// kept.
	res, err := l.readMail(ctx, box, login, nil)
	if err != nil {
		return Mailbox{}, MailSummary{}, err
	}
	if mu.kind == "imap" {
		if err := config.WriteMailLogin(l.paths.CredentialsFile(), login); err != nil {
			return Mailbox{}, MailSummary{}, err
		}
	}
	id, err := l.store.AddMailbox(ctx, box)
	if err != nil {
		return Mailbox{}, MailSummary{}, err
	}
	box.ID = id
	filters, err := l.compiledFilters(ctx)
	if err != nil {
		return Mailbox{}, MailSummary{}, err
	}
	sum, err := l.storeMail(ctx, box, res, filters)
	if err != nil {
		return Mailbox{}, sum, err
	}
	if err := l.markInitialised(ctx); err != nil {
		return Mailbox{}, sum, err
	}
	box.LastRead = res.at
	return mailboxOf(box), sum, nil
}

func mailboxOf(b store.Mailbox) Mailbox {
	kind, _, _ := strings.Cut(b.URL, ":")
	return Mailbox{ID: b.ID, URL: b.URL, Kind: kind, Security: b.Security, AllMail: b.AllMail, Folder: b.Folder,
		LastRead: b.LastRead, LastError: b.LastError}
}

// Mailboxes lists the mailboxes the library reads.
func (l *Library) Mailboxes(ctx context.Context) ([]Mailbox, error) {
	bs, err := l.store.Mailboxes(ctx)
	out := make([]Mailbox, len(bs))
	for i, b := range bs {
		out[i] = mailboxOf(b)
	}
	return out, err
}

// RemoveMailbox stops reading a mailbox (named by its address or id) and
// forgets its login. The feeds and letters read from it stay.
func (l *Library) RemoveMailbox(ctx context.Context, ref string) (Mailbox, error) {
	bs, err := l.store.Mailboxes(ctx)
	if err != nil {
		return Mailbox{}, err
	}
	want := ""
	if IsMailboxURL(ref) {
		mu, err := parseMailboxURL(ref, "")
		if err != nil {
			return Mailbox{}, err
		}
		want = mu.canonical
	}
	for _, b := range bs {
		// An IMAP address typed without its port names the mailbox at any.
		if b.URL == want || strconv.FormatInt(b.ID, 10) == ref || (want != "" && sameMailbox(b.URL, want)) {
			if err := l.store.RemoveMailbox(ctx, b.ID); err != nil {
				return Mailbox{}, err
			}
			return mailboxOf(b), config.RemoveMailLogin(l.paths.CredentialsFile(), b.URL)
		}
	}
	return Mailbox{}, withKind(KindNotFound, lang.E("mailbox.none", "Mailbox", redactMailURL(ref)))
}

// sameMailbox: the same user, host and folder, whatever the port.
func sameMailbox(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Scheme == "imap" && ub.Scheme == "imap" &&
		ua.User.String() == ub.User.String() && ua.Hostname() == ub.Hostname() && ua.Path == ub.Path
}

// mailRead is one read of a mailbox, not yet stored.
type mailRead struct {
	at       time.Time
	msgs     []mail.Message
	problems []mail.Problem
	state    string
}

// readMail reads what is new in a mailbox. seen is what was taken before
// (Maildir, mbox); nil on the first read.
func (l *Library) readMail(ctx context.Context, b store.Mailbox, login config.MailLogin, seen map[string]bool) (mailRead, error) {
	mu, err := parseMailboxURL(b.URL, b.Security)
	if err != nil {
		return mailRead{}, err
	}
	r := mailRead{at: time.Now()}
	isSeen := func(k string) bool { return seen[k] }
	maxBytes := l.cfg.MaxFeedBytes
	switch mu.kind {
	case "imap":
		pw := login.Password
		if pw == "" && len(login.PasswordCommand) > 0 {
			if pw, err = passwordFrom(ctx, login.PasswordCommand); err != nil {
				return r, err
			}
		}
		if pw == "" {
			return r, lang.E("mailbox.password_lost", "Mailbox", mailboxName(b.URL), "URL", b.URL)
		}
		var since mail.IMAPState
		if b.State != "" {
			if err := json.Unmarshal([]byte(b.State), &since); err != nil {
				return r, lang.E("mailbox.state", "Mailbox", mailboxName(b.URL), "Why", lang.Text(err))
			}
		}
		sec := map[string]mail.Security{"tls": mail.TLS, "starttls": mail.StartTLS, "plain": mail.Plain}[b.Security]
		msgs, problems, state, err := mail.ReadIMAP(ctx, mail.IMAPOptions{Addr: mu.addr, User: mu.user, Password: pw,
			Folder: mu.folder, Security: sec, MaxBytes: maxBytes, Timeout: l.cfg.Timeout}, since)
		if err != nil {
			return r, err
		}
		r.msgs, r.problems = msgs, problems
		st, _ := json.Marshal(state)
		r.state = string(st)
	case "maildir":
		msgs, problems, err := mail.ReadMaildir(mu.path, isSeen, maxBytes)
		if err != nil {
			return r, err
		}
		r.msgs, r.problems = msgs, problems
	case "mbox":
		var since mail.MboxState
		if b.State != "" {
			_ = json.Unmarshal([]byte(b.State), &since) // unreadable: read it all again
		}
		msgs, problems, state, err := mail.ReadMbox(mu.path, since, isSeen, maxBytes)
		if err != nil {
			return r, err
		}
		r.msgs, r.problems = msgs, problems
		st, _ := json.Marshal(state)
		r.state = string(st)
	}
	return r, ctx.Err()
}

// storeMail stores one read: the letters into their senders' feeds, the
// keys taken and the cursor, in one transaction.
func (l *Library) storeMail(ctx context.Context, b store.Mailbox, r mailRead, filters []compiledFilter) (MailSummary, error) {
	var sum MailSummary
	muted, err := l.store.MutedSenders(ctx)
	if err != nil {
		return sum, err
	}
	in := store.MailRead{At: r.at, State: r.state}
	if len(filters) > 0 {
		// A letter's feed is named by its sender.
		in.Filter = func(l *store.Letter) { itemFilter(filters, l.FeedTitle)(&l.Item) }
	}
	for _, m := range r.msgs {
		in.Seen = append(in.Seen, m.Key)
		feedURL := store.MailFeedURL(article.SafeLine(m.Sender()))
		switch {
		case !b.AllMail && !m.Bulk:
			sum.Skipped++
			continue
		case muted[feedURL]:
			sum.Muted++
			continue
		}
		in.Letters = append(in.Letters, letterOf(m.Newsletter, feedURL, b.Folder))
	}
	for _, p := range r.problems {
		// A message that cannot be read now will not be readable later.
		in.Seen = append(in.Seen, p.Key)
		sum.Problems = append(sum.Problems, article.SafeLine(lang.T("mail.message_skipped", "Why", lang.Text(p.Err))))
	}
	c, err := l.store.StoreMail(ctx, b.ID, in)
	if err != nil {
		return sum, err
	}
	sum.New, sum.NewFeeds, sum.Filtered = c.New, len(c.NewFeeds), c.Filtered
	return sum, nil
}

// letterOf is a newsletter as an article of its sender's feed, through
// the terminal-safety wall like every feed item.
func letterOf(n mail.Newsletter, feedURL, folder string) store.Letter {
	title := article.SafeText(n.FromName)
	if title == "" {
		title = article.SafeText(n.Sender())
	}
	subject := article.SafeText(n.Subject)
	if subject == "" {
		subject = "(no subject)"
	}
	link, _ := WebURL(article.Safe(n.WebURL))
	unsub, _ := WebURL(article.Safe(n.Unsubscribe))
	content := article.Safe(n.HTML)
	return store.Letter{FeedURL: feedURL, FeedTitle: title, Folder: folder, Item: store.Item{
		GUID: store.MailGUID(letterID(n)), URL: link, Title: subject, Published: n.Date,
		Content: content, Words: article.ApproxWords(content), Unsubscribe: unsub,
	}}
}

// letterID is what a letter is known by wherever it is read from (an IMAP
// folder renumbered, the same letter in two mailboxes): its Message-ID,
// else a hash of who sent what when.
func letterID(n mail.Newsletter) string {
	if id := strings.TrimSpace(n.MessageID); id != "" {
		return article.SafeLine(id)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%s", n.Sender(), n.Subject, n.Date.Unix(), n.HTML)
	return "sha:" + hex.EncodeToString(h.Sum(nil)[:16])
}

// mailboxFeed is a mailbox as a refresh's events name it.
func mailboxFeed(b store.Mailbox) store.Feed {
	return store.Feed{Title: "✉ " + mailboxName(b.URL), URL: b.URL}
}

// refreshMailbox reads one mailbox for a refresh.
func (l *Library) refreshMailbox(ctx context.Context, b store.Mailbox, filters []compiledFilter) Event {
	ev := Event{Feed: mailboxFeed(b), Mailbox: true}
	fail := func(err error) Event {
		err = walled(err)
		if ctx.Err() == nil {
			_ = l.store.RecordMailError(ctx, b.ID, lang.Text(err), time.Now())
		}
		ev.Kind, ev.Err = FeedFailed, err
		return ev
	}
	// IMAP has a cursor and a login (none kept: readMail says so); the
	// others have the keys taken before.
	var login config.MailLogin
	var seen map[string]bool
	var err error
	if strings.HasPrefix(b.URL, "imap:") {
		login, _, err = config.ReadMailLogin(l.paths.CredentialsFile(), b.URL)
	} else {
		seen, err = l.store.MailSeen(ctx, b.ID)
	}
	if err != nil {
		return fail(err)
	}
	r, err := l.readMail(ctx, b, login, seen)
	if err != nil {
		return fail(err)
	}
	sum, err := l.storeMail(ctx, b, r, filters)
	if err != nil {
		return fail(err)
	}
	ev.Kind, ev.New, ev.Note, ev.Filtered = FeedUpdated, sum.New, sum.Note(), sum.Filtered
	return ev
}

// IsNewsletterFeed reports whether a feed is a sender's, filled from a
// mailbox.
func IsNewsletterFeed(f Feed) bool { return store.IsMailFeed(f.URL) }
