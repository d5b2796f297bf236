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
							ingredients = listHTML("ul", texts(o["recipeIngredient"]))
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

// listHTML is items as an HTML list.
func listHTML(tag string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<" + tag + ">")
	for _, it := range items {
		b.WriteString("<li>" + html.EscapeString(strings.TrimSpace(it)) + "</li>")
	}
	b.WriteString("</" + tag + ">")
	return b.String()
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
	var b strings.Builder
	n := 0
	text := func(s string) {
		// Structured data is text, though some sites put HTML in it.
		s = strings.TrimSpace(s)
		n += len(s)
		if strings.Contains(s, "<") {
			b.WriteString(s)
		} else {
			b.WriteString(html.EscapeString(s))
		}
	}
	if body, ok := o["articleBody"].(string); ok {
		for _, para := range strings.Split(html.UnescapeString(body), "\n") {
			if strings.TrimSpace(para) != "" {
				b.WriteString("<p>")
				text(para)
				b.WriteString("</p>")
			}
		}
		return b.String(), n
	}
	switch typeOf(o) {
	case "Recipe", "HowTo":
	default:
		return "", 0
	}
	if d, ok := o["description"].(string); ok && d != "" {
		b.WriteString("<p>")
		text(d)
		b.WriteString("</p>")
	}
	list := func(tag string, items []string) {
		if len(items) == 0 {
			return
		}
		b.WriteString("<" + tag + ">")
		for _, it := range items {
			b.WriteString("<li>")
			text(it)
			b.WriteString("</li>")
		}
		b.WriteString("</" + tag + ">")
	}
	list("ul", texts(o["recipeIngredient"]))
	list("ul", texts(o["supply"]))
	steps := texts(o["recipeInstructions"])
	steps = append(steps, texts(o["step"])...)
	if len(steps) == 1 {
		// One string of instructions: its paragraphs.
		for _, para := range strings.Split(steps[0], "\n") {
			if strings.TrimSpace(para) != "" {
				b.WriteString("<p>")
				text(para)
				b.WriteString("</p>")
			}
		}
	} else {
		list("ol", steps)
	}
	return b.String(), n
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
