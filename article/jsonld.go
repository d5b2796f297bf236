package article

import (
	"encoding/json"
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxJSONLD bounds the structured data read from one page, in bytes.
const maxJSONLD = 1 << 20

// bodyOfJSONLD is the longest article the page's JSON-LD gives — an
// articleBody, or a Recipe's or a HowTo's description, ingredients and
// steps — as HTML; "" when there is none. It is the text a site publishes
// as its article for search engines and readers; pages that draw their
// article with script often carry it only there.
//
// ingredients is a Recipe's list of ingredients alone, for a page whose
// article has the steps but draws the list with script.
func bodyOfJSONLD(doc *xhtml.Node) (body, ingredients string) {
	best, bestLen := "", 0
	read := 0
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && n.DataAtom == atom.Script {
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil &&
				read+len(n.FirstChild.Data) <= maxJSONLD {
				read += len(n.FirstChild.Data)
				var v any
				if json.Unmarshal([]byte(n.FirstChild.Data), &v) == nil {
					eachObject(v, func(o map[string]any) {
						if h, l := articleOf(o); l > bestLen {
							best, bestLen = h, l
						}
						if typeOf(o) == "Recipe" && ingredients == "" {
							w := structured{escapeAll: true}
							w.list("ul", texts(o["recipeIngredient"]))
							ingredients = w.b.String()
						}
					})
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return best, ingredients
}

// structured writes the text of structured data as HTML and counts it.
type structured struct {
	b         strings.Builder
	n         int  // bytes of text written
	escapeAll bool // markup in the text is shown, not taken
}

// text writes s: structured data is text, though some sites put HTML in it.
func (w *structured) text(s string) {
	s = strings.TrimSpace(s)
	w.n += len(s)
	if strings.Contains(s, "<") && !w.escapeAll {
		w.b.WriteString(s)
	} else {
		w.b.WriteString(html.EscapeString(s))
	}
}

// paragraphs writes each line of s that is not blank as a paragraph.
func (w *structured) paragraphs(s string) {
	for _, para := range strings.Split(s, "\n") {
		if strings.TrimSpace(para) != "" {
			w.b.WriteString("<p>")
			w.text(para)
			w.b.WriteString("</p>")
		}
	}
}

// list writes items as an HTML list of tag (ul, ol); none, nothing.
func (w *structured) list(tag string, items []string) {
	if len(items) == 0 {
		return
	}
	w.b.WriteString("<" + tag + ">")
	for _, it := range items {
		w.b.WriteString("<li>")
		w.text(it)
		w.b.WriteString("</li>")
	}
	w.b.WriteString("</" + tag + ">")
}

// eachObject calls f for every object in v: the top, @graph arrays, nested
// items.
func eachObject(v any, f func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		f(v)
		for _, x := range v {
			eachObject(x, f)
		}
	case []any:
		for _, x := range v {
			eachObject(x, f)
		}
	}
}

// articleOf is the article one JSON-LD object holds, as HTML, and the
// length of its text.
func articleOf(o map[string]any) (string, int) {
	var w structured
	if body, ok := o["articleBody"].(string); ok {
		w.paragraphs(html.UnescapeString(body))
		return w.b.String(), w.n
	}
	switch typeOf(o) {
	case "Recipe", "HowTo":
	default:
		return "", 0
	}
	if d, ok := o["description"].(string); ok && d != "" {
		w.b.WriteString("<p>")
		w.text(d)
		w.b.WriteString("</p>")
	}
	w.list("ul", texts(o["recipeIngredient"]))
	w.list("ul", texts(o["supply"]))
	steps := append(texts(o["recipeInstructions"]), texts(o["step"])...)
	if len(steps) == 1 {
		w.paragraphs(steps[0]) // one string of instructions: its paragraphs
	} else {
		w.list("ol", steps)
	}
	return w.b.String(), w.n
}

// typeOf is an object's @type, the first when it has several.
func typeOf(o map[string]any) string {
	switch t := o["@type"].(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			s, _ := t[0].(string)
			return s
		}
	}
	return ""
}

// texts reads a schema.org text list: a string, strings, or steps and
// sections (HowToStep's text, HowToSection's itemListElement).
func texts(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, texts(x)...)
		}
		return out
	case map[string]any:
		if t, ok := v["text"].(string); ok {
			return []string{t}
		}
		if items, ok := v["itemListElement"]; ok {
			return texts(items)
		}
	}
	return nil
}
