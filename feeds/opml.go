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
	Folder  string // the enclosing folder outline, "" at top level
}

// OPMLProblem is an outline that was skipped, with the line it stands on.
type OPMLProblem struct {
	Line int
	Msg  string
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
// Folder of the feeds inside; nested folders keep the innermost name. Only
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
				return nil, fmt.Errorf("%w (%v)", ErrNotOPML, err)
			}
			return nil, fmt.Errorf("broken OPML on line %d: %v", line, syntaxMsg(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot {
				if t.Name.Local != "opml" {
					return nil, fmt.Errorf("%w: the document is <%s>, an OPML file starts with <opml>", ErrNotOPML, t.Name.Local)
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
				o.Folder = innermost(folders[:len(folders)-1])
				if !isHTTP(o.URL) {
					out.Problems = append(out.Problems, OPMLProblem{line, fmt.Sprintf("%q is not an http or https URL; skipped", o.URL)})
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
		return nil, fmt.Errorf("%w: the file is empty or has no <opml> element", ErrNotOPML)
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
	}
	if o.Title == "" {
		o.Title = text
	}
	return o
}

func innermost(folders []string) string {
	for i := len(folders) - 1; i >= 0; i-- {
		if folders[i] != "" {
			return folders[i]
		}
	}
	return ""
}

func syntaxMsg(err error) string {
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return syn.Msg
	}
	return err.Error()
}

// WriteOPML writes OPML 2.0: top-level feeds first, then one outline per folder.
func WriteOPML(w io.Writer, title string, outlines []Outline, now time.Time) error {
	type outline struct {
		XMLName  xml.Name  `xml:"outline"`
		Type     string    `xml:"type,attr,omitempty"`
		Text     string    `xml:"text,attr"`
		Title    string    `xml:"title,attr,omitempty"`
		XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
		HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
		Children []outline `xml:"outline"`
	}
	type doc struct {
		XMLName     xml.Name  `xml:"opml"`
		Version     string    `xml:"version,attr"`
		Title       string    `xml:"head>title"`
		DateCreated string    `xml:"head>dateCreated"`
		Body        []outline `xml:"body>outline"`
	}
	out := doc{Version: "2.0", Title: title, DateCreated: now.UTC().Format(time.RFC1123Z)}
	folderAt := map[string]int{}
	for _, o := range outlines {
		name := o.Title
		if name == "" {
			name = o.URL
		}
		feed := outline{Type: "rss", Text: name, Title: name, XMLURL: o.URL, HTMLURL: o.SiteURL}
		if o.Folder == "" {
			out.Body = append(out.Body, feed)
			continue
		}
		i, ok := folderAt[o.Folder]
		if !ok {
			i = len(out.Body)
			folderAt[o.Folder] = i
			out.Body = append(out.Body, outline{Text: o.Folder, Title: o.Folder})
		}
		out.Body[i].Children = append(out.Body[i].Children, feed)
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
