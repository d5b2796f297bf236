// Command bench measures kolom on generated feeds served over loopback and
// prints one table of medians. bench/run builds kolom and runs it;
// bench/compare-newsboat runs the same feeds through newsboat.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/library/librarytest"
	"github.com/kolom/kolom/render"
	"github.com/kolom/kolom/ui"
)

func main() {
	var (
		kolom    = flag.String("kolom", "", "the kolom binary to measure (bench/run builds it)")
		nFeeds   = flag.Int("feeds", 50, "feeds")
		nItems   = flag.Int("items", 100, "items per feed")
		nWords   = flag.Int("words", 800, "words per item")
		runs     = flag.Int("runs", 5, "runs per measurement (medians are reported)")
		newsboat = flag.String("newsboat", "", "also run the refreshes through this newsboat binary, interleaved")
		nbThread = flag.Int("newsboat-threads", 1, "newsboat's reload-threads (1 is its default)")
		skipTUI  = flag.Bool("skip-library", false, "only the refresh measurements")
		shape    = flag.String("shape", "both", "feeds: simple (plain <p> bodies in CDATA, no gzip), realistic (WordPress and entity-escaped Atom bodies full of links, figures, lists and entities, gzip on the wire) or both")
	)
	flag.Parse()
	if *kolom == "" {
		fmt.Fprintln(os.Stderr, "bench: give -kolom PATH (bench/run does)")
		os.Exit(2)
	}
	var shapes []bool // rich or not
	switch *shape {
	case "simple":
		shapes = []bool{false}
	case "realistic":
		shapes = []bool{true}
	case "both":
		shapes = []bool{true, false}
	default:
		fmt.Fprintln(os.Stderr, "bench: -shape simple, realistic or both")
		os.Exit(2)
	}
	fmt.Printf("kolom benchmark: %d feeds × %d items × %d words (RSS and Atom, 1 in 5 excerpt-only), %d runs, %s\n",
		*nFeeds, *nItems, *nWords, *runs, time.Now().Format("2006-01-02"))
	if *newsboat != "" {
		fmt.Printf("newsboat with reload-threads %d, interleaved with kolom\n", *nbThread)
	}
	fmt.Println()

	var rows [][3]string
	for _, rich := range shapes {
		srv, urls := serveFeeds(*nFeeds, *nItems, *nWords, rich)
		label := "simple feeds"
		if rich {
			label = "realistic feeds (rich HTML, entity-escaped Atom, gzip)"
		}
		rows = append(rows, [3]string{label, "", ""})
		rows = append(rows, refreshRuns(*kolom, *newsboat, *nbThread, srv, urls, *nFeeds, *nItems, *nWords, *runs, rich)...)
		srv.Close()
	}
	if !*skipTUI {
		rows = append(rows, libraryRows(*kolom, *runs)...)
	}
	printTable(rows)
}

// serveFeeds publishes the feeds on a loopback server; rich ones gzipped.
func serveFeeds(nFeeds, nItems, nWords int, rich bool) (*feedtest.Server, []string) {
	srv := feedtest.NewServer()
	srv.Gzip(rich)
	urls := make([]string, nFeeds)
	for i := range nFeeds {
		publish(srv, i, nItems, nWords, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), rich)
		urls[i] = srv.URL(fmt.Sprintf("/feed/%d", i))
	}
	return srv, urls
}

func publish(srv *feedtest.Server, i, nItems, nWords int, base time.Time, rich bool) {
	spec := feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: fmt.Sprintf("https://site%d.nl/", i),
		Items: nItems, Words: nWords, Atom: i%2 == 1, Excerpt: i%5 == 4, Seed: uint64(i + 1), Base: base, Rich: rich}
	ct := "application/rss+xml"
	if spec.Atom {
		ct = "application/atom+xml"
	}
	srv.Set(fmt.Sprintf("/feed/%d", i), ct, spec.Render())
}

// measured is one command run: wall time and peak RSS.
type measured struct {
	wall time.Duration
	rss  int64 // KiB
}

// runCmd runs a command under /usr/bin/time for its peak RSS: the rusage Go
// gets from wait4 counts the harness's own memory for a vforked child.
func runCmd(env []string, name string, args ...string) (measured, error) {
	out, err := os.CreateTemp("", "bench-out-*")
	if err != nil {
		return measured{}, err
	}
	defer os.Remove(out.Name())
	defer out.Close()
	rssFile := out.Name() + ".rss"
	defer os.Remove(rssFile)
	cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%M", "-o", rssFile, name}, args...)...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err = cmd.Run()
	m := measured{wall: time.Since(start)}
	if b, rerr := os.ReadFile(rssFile); rerr == nil {
		fmt.Sscan(strings.TrimSpace(string(b)), &m.rss)
	}
	if err != nil {
		b, _ := os.ReadFile(out.Name())
		return m, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, b)
	}
	return m, nil
}

// refreshRuns measures cold, unchanged and 10 %-changed refreshes of kolom
// (and newsboat, interleaved) in fresh directories each run.
func refreshRuns(kolom, newsboat string, nbThreads int, srv *feedtest.Server, urls []string, nFeeds, nItems, nWords, runs int, rich bool) [][3]string {
	type series struct{ cold, same, changed []measured }
	var k, n series
	var dbPerK []float64
	for run := range runs {
		// Every run starts from the same feeds.
		for i := range nFeeds {
			publish(srv, i, nItems, nWords, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), rich)
		}
		dir, _ := os.MkdirTemp("", "kolom-bench-")
		env := append(os.Environ(), "XDG_DATA_HOME="+dir+"/data", "XDG_CONFIG_HOME="+dir+"/config", "XDG_STATE_HOME="+dir+"/state", "HOME="+dir)
		opml := filepath.Join(dir, "feeds.opml")
		writeOPML(opml, urls)
		must(runCmd(env, kolom, "import", opml))
		urlsFile := filepath.Join(dir, "urls")
		os.WriteFile(urlsFile, []byte(strings.Join(urls, "\n")+"\n"), 0o644)
		nbArgs := []string{"-u", urlsFile, "-c", filepath.Join(dir, "newsboat.db"), "-C", filepath.Join(dir, "newsboat.conf"), "-x", "reload"}
		os.WriteFile(filepath.Join(dir, "newsboat.conf"), []byte(fmt.Sprintf("reload-threads %d\n", nbThreads)), 0o644)

		step := func(s *series, field *[]measured, name string, args ...string) {
			m := must(runCmd(env, name, args...))
			*field = append(*field, m)
		}
		// Interleave: kolom, newsboat, in turn, at each stage.
		step(&k, &k.cold, kolom, "refresh")
		if newsboat != "" {
			step(&n, &n.cold, newsboat, nbArgs...)
		}
		if st, err := os.Stat(filepath.Join(dir, "data", "kolom", "kolom.db")); err == nil {
			wal, _ := os.Stat(filepath.Join(dir, "data", "kolom", "kolom.db-wal"))
			size := st.Size()
			if wal != nil {
				size += wal.Size()
			}
			dbPerK = append(dbPerK, float64(size)/float64(nFeeds*nItems)*1000/(1<<20))
		}
		step(&k, &k.same, kolom, "refresh")
		if newsboat != "" {
			step(&n, &n.same, newsboat, nbArgs...)
		}
		for i := 0; i < nFeeds; i += 10 { // 10 % of the feeds get two new items
			publish(srv, i, nItems, nWords, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(run)*time.Hour), rich)
		}
		step(&k, &k.changed, kolom, "refresh")
		if newsboat != "" {
			step(&n, &n.changed, newsboat, nbArgs...)
		}
		os.RemoveAll(dir)
	}
	rows := [][3]string{
		{"cold refresh", dur(medWall(k.cold)), ratio(medWall(k.cold), medWall(n.cold), newsboat)},
		{"  peak RSS", mib(medRSS(k.cold)), ratioN(medRSS(k.cold), medRSS(n.cold), newsboat)},
		{"unchanged refresh (all 304)", dur(medWall(k.same)), ratio(medWall(k.same), medWall(n.same), newsboat)},
		{"  peak RSS", mib(medRSS(k.same)), ratioN(medRSS(k.same), medRSS(n.same), newsboat)},
		{"refresh with 10 % of feeds changed", dur(medWall(k.changed)), ratio(medWall(k.changed), medWall(n.changed), newsboat)},
		{"  peak RSS", mib(medRSS(k.changed)), ratioN(medRSS(k.changed), medRSS(n.changed), newsboat)},
		{"database size per 1,000 articles", fmt.Sprintf("%.1f MiB", median(dbPerK)), ""},
	}
	return rows
}

func writeOPML(path string, urls []string) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><body>`)
	for i, u := range urls {
		fmt.Fprintf(&b, `<outline text="Column %d" xmlUrl="%s"/>`, i, u)
	}
	b.WriteString(`</body></opml>`)
	os.WriteFile(path, []byte(b.String()), 0o644)
}

// libraryRows measures in-process: the reader's first frame, opening an
// article, and search.
func libraryRows(kolom string, runs int) [][3]string {
	var rows [][3]string
	for _, n := range []int{5000, 50000} {
		lib, dir, cleanup := filledLibrary(n)
		var frames []time.Duration
		for range max(runs, 5) {
			start := time.Now()
			if _, err := ui.FirstFrame(lib, 120, 40); err != nil {
				panic(err)
			}
			frames = append(frames, time.Since(start))
		}
		rows = append(rows, [3]string{fmt.Sprintf("reader: first frame, %d articles", n), dur(medianD(frames)), ""})
		if proc, err := processFirstFrame(kolom, dir, max(runs, 5)); err == nil {
			rows = append(rows, [3]string{fmt.Sprintf("reader as a process: start to first frame, %d articles", n), dur(proc), ""})
		} else {
			fmt.Fprintln(os.Stderr, "bench: the reader as a process:", err)
		}
		if n == 50000 {
			rows = append(rows, openRows(lib)...)
			rows = append(rows, searchRows(lib)...)
		}
		cleanup()
	}
	return rows
}

func openRows(lib *library.Library) [][3]string {
	ctx := context.Background()
	list, _ := lib.Articles(ctx, library.ArticleQuery{Limit: 200})
	r := render.New(64)
	var first, cached []time.Duration
	for _, a := range list[:100] {
		start := time.Now()
		art, err := lib.Article(ctx, a.ID)
		if err != nil {
			panic(err)
		}
		if _, err := r.Render(art.ID, art.Document(), 98, render.StyleDark); err != nil {
			panic(err)
		}
		first = append(first, time.Since(start))
	}
	for _, a := range list[:100] {
		start := time.Now()
		art, _ := lib.Article(ctx, a.ID)
		r.Render(art.ID, art.Document(), 98, render.StyleDark)
		cached = append(cached, time.Since(start))
	}
	return [][3]string{
		{"opening an article, first time (convert + render)", dur(medianD(first)), ""},
		{"opening an article again (cached)", dur(medianD(cached)), ""},
	}
}

func searchRows(lib *library.Library) [][3]string {
	ctx := context.Background()
	queries := []string{"klant", "geinitieerd loyaliteit", `"customer journey"`, "author:\"Auteur 3\" omnichannel", "cafe", "nergensvoorkomend"}
	var times []time.Duration
	for range 10 {
		for _, q := range queries {
			start := time.Now()
			if _, err := lib.Search(ctx, q, 20); err != nil {
				panic(err)
			}
			times = append(times, time.Since(start))
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	return [][3]string{
		{"search p50, 50,000 articles", dur(times[len(times)/2]), ""},
		{"search p95, 50,000 articles", dur(times[len(times)*95/100]), ""},
	}
}

// filledLibrary stores n generated articles as a refresh would, indexed,
// where kolom looks for its library with XDG_DATA_HOME=dir/data.
func filledLibrary(n int) (*library.Library, string, func()) {
	dir, _ := os.MkdirTemp("", "kolom-bench-lib-")
	os.MkdirAll(filepath.Join(dir, "data", "kolom"), 0o755)
	os.MkdirAll(filepath.Join(dir, "config", "kolom"), 0o755)
	// No refresh on start: the measure is the reader, not the network.
	os.WriteFile(filepath.Join(dir, "config", "kolom", "config.toml"), []byte("auto_refresh = \"0\"\n"), 0o644)
	lib, err := library.Open(context.Background(), library.Options{Paths: config.Paths{DB: filepath.Join(dir, "data", "kolom", "kolom.db")}, Config: config.Default()})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := librarytest.Fill(ctx, lib, librarytest.Spec{Feeds: 50, PerFeed: n / 50, Authors: 40}); err != nil {
		panic(err)
	}
	if _, err := lib.UpdateIndex(ctx); err != nil {
		panic(err)
	}
	return lib, dir, func() { lib.Close(); os.RemoveAll(dir) }
}

// processFirstFrame starts the reader as a person does, in a terminal
// (script(1) gives it a 120×40 pty), and times it from the exec to the
// first frame that shows the feeds; the median of runs.
func processFirstFrame(kolom, dir string, runs int) (time.Duration, error) {
	if _, err := exec.LookPath("script"); err != nil {
		return 0, err
	}
	env := append(os.Environ(), "XDG_DATA_HOME="+dir+"/data", "XDG_CONFIG_HOME="+dir+"/config", "XDG_STATE_HOME="+dir+"/state",
		"HOME="+dir, "TERM=xterm-256color")
	var times []time.Duration
	for range runs {
		cmd := exec.Command("script", "-qfec", "stty cols 120 rows 40; exec "+kolom, "/dev/null")
		cmd.Env = env
		in, _ := cmd.StdinPipe()
		out, _ := cmd.StdoutPipe()
		start := time.Now()
		if err := cmd.Start(); err != nil {
			return 0, err
		}
		seen := make(chan time.Duration, 1)
		go func() {
			var b strings.Builder
			buf := make([]byte, 64<<10)
			for {
				n, err := out.Read(buf)
				b.Write(buf[:n])
				// The feeds list, drawn (it says "Loading" until the
				// library answers), and the hint line.
				if s := ansi.Strip(b.String()); strings.Contains(s, "Column 0") && strings.Contains(s, "help") {
					seen <- time.Since(start)
					return
				}
				if err != nil {
					close(seen)
					return
				}
			}
		}()
		var took time.Duration
		var ok bool
		select {
		case took, ok = <-seen:
		case <-time.After(30 * time.Second):
		}
		in.Write([]byte("q"))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if !ok {
			return 0, errors.New("no first frame within 30 s")
		}
		times = append(times, took)
	}
	return medianD(times), nil
}

func must(m measured, err error) measured {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	return m
}

func medWall(ms []measured) time.Duration {
	var d []time.Duration
	for _, m := range ms {
		d = append(d, m.wall)
	}
	return medianD(d)
}

func medRSS(ms []measured) int64 {
	var v []float64
	for _, m := range ms {
		v = append(v, float64(m.rss))
	}
	return int64(median(v))
}

func medianD(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000)
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MB", float64(kib)/1024) }

func ratio(a, b time.Duration, other string) string {
	if other == "" || b == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%.2f×)", dur(b), a.Seconds()/b.Seconds())
}

func ratioN(a, b int64, other string) string {
	if other == "" || b == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%.2f×)", mib(b), float64(a)/float64(b))
}

func printTable(rows [][3]string) {
	fmt.Println("| measurement | kolom | newsboat (kolom/newsboat) |")
	fmt.Println("| --- | --- | --- |")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s |\n", r[0], r[1], r[2])
	}
}
