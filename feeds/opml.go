package feeds

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Outline is one subscription in an OPML file.
type Outline struct {
	Title   string
	URL     string // the feed (xmlUrl)
	SiteURL string // htmlUrl
	Folder  string // the enclosing folder outlines as a path ("Nederland/Klantcontact"), "" at top level
	Line    int    // where the outline stands in the file
	// kolom's own settings of the feed (kolom:fullText, kolom:userAgent,
	// kolom:interval, kolom:authUser); never its secrets.
	Settings OutlineSettings
}

// OutlineSettings are a feed's kolom settings as OPML attributes.
type OutlineSettings struct {
	FullText, UserAgent, Interval, AuthUser string
}

// KolomNS is the namespace of kolom's OPML attributes.
const KolomNS = "https://kolom.app/opml"

// OPMLProblem is an outline that was skipped, with the line it stands on.
type OPMLProblem struct {
	Line int
	Msg  string
	// NotWeb is the address of an outline skipped for not being http or
	// https, for a caller that says so in another language.
	NotWeb string
}

func (p OPMLProblem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Msg) }

// OPML is what ReadOPML found: the subscriptions to add and what it skipped.
type OPML struct {
	Outlines []Outline
	Problems []OPMLProblem
}

// ErrNotOPML is returned (wrapped) for a file that is not OPML at all.
var ErrNotOPML = errors.New("not an OPML file")

// ReadOPML reads OPML 1.0/2.0. Folders (outlines holding outlines) become the
// Folder of the feeds inside, nested ones as a path joined by "/". Only
// http and https feeds are kept; others are reported by line. Duplicates
// within the file are skipped silently. External entities are never loaded:
// encoding/xml knows only the predefined and HTML entities.
func ReadOPML(r io.Reader) (*OPML, error) {
	d := xml.NewDecoder(io.LimitReader(r, 64<<20))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader

	out := &OPML{}
	seen := map[string]bool{}
	var folders []string // stack: "" for outlines that are feeds
	sawRoot, inBody := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			if !sawRoot {
				return nil, problem("opml_not", ErrNotOPML, "not an OPML file ({Why})", "Why", err)
			}
			return nil, problem("opml_broken", nil, "broken OPML on line {Line}: {Why}", "Line", line, "Why", syntaxMsg(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot {
				if t.Name.Local != "opml" {
					return nil, problem("opml_root", ErrNotOPML, "not an OPML file: the document is <{Root}>, an OPML file starts with <opml>", "Root", t.Name.Local)
				}
				sawRoot = true
				continue
			}
			switch t.Name.Local {
			case "body":
				inBody = true
			case "outline":
				if !inBody {
					continue
				}
				line, _ := d.InputPos()
				o := outlineOf(t)
				if o.URL == "" {
					folders = append(folders, o.Title)
					continue
				}
				folders = append(folders, "")
				o.Folder, o.Line = folderPath(folders[:len(folders)-1]), line
				if !isHTTP(o.URL) {
					out.Problems = append(out.Problems, OPMLProblem{Line: line, Msg: fmt.Sprintf("%q is not an http or https URL; skipped", o.URL), NotWeb: o.URL})
					continue
				}
				if seen[o.URL] {
					continue
				}
				seen[o.URL] = true
				out.Outlines = append(out.Outlines, o)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "body":
				inBody = false
			case "outline":
				if len(folders) > 0 {
					folders = folders[:len(folders)-1]
				}
			}
		}
	}
	if !sawRoot {
		return nil, problem("opml_empty", ErrNotOPML, "not an OPML file: the file is empty or has no <opml> element")
	}
	return out, nil
}

func outlineOf(t xml.StartElement) Outline {
	var o Outline
	var text string
	for _, a := range t.Attr {
		v := strings.TrimSpace(a.Value)
		switch strings.ToLower(a.Name.Local) {
		case "xmlurl":
			o.URL = v
		case "htmlurl":
			o.SiteURL = v
		case "title":
			o.Title = v
		case "text":
			text = v
		}
		if a.Name.Space == KolomNS || a.Name.Space == "kolom" {
			switch a.Name.Local {
			case "fullText":
				o.Settings.FullText = v
			case "userAgent":
				o.Settings.UserAgent = v
			case "interval":
				o.Settings.Interval = v
			case "authUser":
				o.Settings.AuthUser = v
			}
		}
	}
	if o.Title == "" {
		o.Title = text
	}
	return o
}

type opmlOutline struct {
	XMLName   xml.Name       `xml:"outline"`
	Type      string         `xml:"type,attr,omitempty"`
	Text      string         `xml:"text,attr"`
	Title     string         `xml:"title,attr,omitempty"`
	XMLURL    string         `xml:"xmlUrl,attr,omitempty"`
	HTMLURL   string         `xml:"htmlUrl,attr,omitempty"`
	FullText  string         `xml:"kolom:fullText,attr,omitempty"`
	UserAgent string         `xml:"kolom:userAgent,attr,omitempty"`
	Interval  string         `xml:"kolom:interval,attr,omitempty"`
	AuthUser  string         `xml:"kolom:authUser,attr,omitempty"`
	Children  []*opmlOutline `xml:"outline"`
}

// folderPath joins the names of the folder outlines around a feed (a feed
// outline holding feeds is no folder: it is left out).
func folderPath(folders []string) string {
	var names []string
	for _, f := range folders {
		if f = strings.Trim(strings.TrimSpace(f), "/"); f != "" {
			names = append(names, f)
		}
	}
	return strings.Join(names, "/")
}

func syntaxMsg(err error) string {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return syn.Msg
	}
	return err.Error()
}

// WriteOPML writes OPML 2.0: top-level feeds first, then one outline per
// folder, nested as the folder paths are ("Nederland/Klantcontact").
func WriteOPML(w io.Writer, title string, outlines []Outline, now time.Time) error {
	type doc struct {
		XMLName     xml.Name      `xml:"opml"`
		Version     string        `xml:"version,attr"`
		NS          string        `xml:"xmlns:kolom,attr"`
		Title       string        `xml:"head>title"`
		DateCreated string        `xml:"head>dateCreated"`
		Body        []opmlOutline `xml:"body>outline"`
	}
	out := doc{Version: "2.0", NS: KolomNS, Title: title, DateCreated: now.UTC().Format(time.RFC1123Z)}
	root := &opmlOutline{}
	folders := map[string]*opmlOutline{"": root}
	var folderOf func(path string) *opmlOutline
	folderOf = func(path string) *opmlOutline {
		if f, ok := folders[path]; ok {
			return f
		}
		parent, name := "", path
		if i := strings.LastIndexByte(path, '/'); i >= 0 {
			parent, name = path[:i], path[i+1:]
		}
		p := folderOf(parent)
		p.Children = append(p.Children, &opmlOutline{Text: name, Title: name})
		f := p.Children[len(p.Children)-1]
		folders[path] = f
		return f
	}
	// Top-level feeds first, then the folders in the order first met.
	for _, top := range []bool{true, false} {
		for _, o := range outlines {
			if (o.Folder == "") != top {
				continue
			}
			name := o.Title
			if name == "" {
				name = o.URL
			}
			f := folderOf(o.Folder)
			f.Children = append(f.Children, &opmlOutline{Type: "rss", Text: name, Title: name, XMLURL: o.URL, HTMLURL: o.SiteURL,
				FullText: o.Settings.FullText, UserAgent: o.Settings.UserAgent, Interval: o.Settings.Interval, AuthUser: o.Settings.AuthUser})
		}
	}
	for _, c := range root.Children {
		out.Body = append(out.Body, *c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
