//go:build ignore

// Command summary reads `go test -json` on standard input and prints what
// plain `go test` would (a line per package, the output of failing tests),
// then one line that says what ran, what failed and how long it took, so a
// failed landing says at once what failed. It exits 1 when anything failed.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

type event struct {
	Action  string // build-output carries compiler errors (with ImportPath)
	Package string
	Test    string
	Output  string
}

func main() {
	began := time.Now()
	var passed, failed, skipped int
	var failedTests, failedPkgs []string
	pkgs := map[string]bool{}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	held := map[string]*strings.Builder{} // a running test's output
	for in.Scan() {
		var e event
		if err := json.Unmarshal(in.Bytes(), &e); err != nil {
			fmt.Fprintln(out, in.Text()) // not an event (a build error): pass it on
			out.Flush()
			continue
		}
		short := strings.TrimPrefix(strings.TrimPrefix(e.Package, "github.com/kolom/kolom"), "/")
		if short == "" {
			short = "kolom"
		}
		if e.Action == "build-output" {
			out.WriteString(e.Output)
			out.Flush()
			continue
		}
		if e.Test == "" {
			switch e.Action {
			case "output":
				if e.Output != "PASS\n" {
					out.WriteString(e.Output)
					out.Flush()
				}
			case "pass", "fail":
				pkgs[e.Package] = true
				if e.Action == "fail" {
					failedPkgs = append(failedPkgs, short)
				}
			}
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if held[key] == nil {
				held[key] = &strings.Builder{}
			}
			held[key].WriteString(e.Output)
		case "pass":
			passed++
			delete(held, key)
		case "skip":
			skipped++
			delete(held, key)
		case "fail":
			failed++
			failedTests = append(failedTests, short+"."+e.Test)
			if b := held[key]; b != nil {
				out.WriteString(b.String())
				out.Flush()
			}
			delete(held, key)
		}
	}
	var what []string
	if len(failedTests) > 0 {
		what = append(what, strings.Join(failedTests, " "))
	}
	if len(failedPkgs) > 0 {
		what = append(what, "in packages "+strings.Join(failedPkgs, " "))
	}
	if len(what) == 0 {
		what = []string{"none"}
	}
	fmt.Fprintf(out, "ci: %d packages, %d tests in %s; failed: %s\n",
		len(pkgs), passed+failed+skipped, time.Since(began).Round(time.Second), strings.Join(what, "; "))
	fmt.Fprintf(out, "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	out.Flush()
	if failed > 0 || len(failedPkgs) > 0 || passed == 0 {
		os.Exit(1)
	}
}
