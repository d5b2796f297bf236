package main

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

func bookmarkCmd(g *globals) *cobra.Command {
	var note string
	var tags []string
	cmd := &cobra.Command{
		Use:   "bookmark ID",
		Short: lang.T("cmd.bookmark.short"),
		Example: "  kolom bookmark 812 --note \"Voor het deck van vrijdag\" --tag deck --tag klantreis\n" +
			"  kolom bookmark 812 --tag q4",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			var notePtr *string
			if cmd.Flags().Changed("note") {
				notePtr = &note
			}
			b, err := lib.Bookmark(cmd.Context(), id, notePtr, tags)
			if err != nil {
				return err
			}
			msg := lang.T("cmd.bookmark.done", "Title", strconv.Quote(b.Title))
			if len(b.Tags) > 0 {
				msg += " [" + strings.Join(b.Tags, ", ") + "]"
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg+".")
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", lang.T("flag.note"))
	cmd.Flags().StringArrayVar(&tags, "tag", nil, lang.T("flag.tag_add"))
	return cmd
}

func unbookmarkCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "unbookmark ID",
		Short: lang.T("cmd.unbookmark.short"),
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			if err := lib.Unbookmark(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.unbookmark.done", "ID", id))
			return nil
		},
	}
}

type bookmarkJSON struct {
	ID         int64    `json:"id"`
	ArticleID  int64    `json:"article_id"`
	Title      string   `json:"title"`
	URL        string   `json:"url"`
	Author     string   `json:"author"`
	FeedTitle  string   `json:"feed_title"`
	Note       string   `json:"note"`
	Tags       []string `json:"tags"`
	Bookmarked string   `json:"bookmarked"`
}

func bookmarksCmd(g *globals) *cobra.Command {
	var (
		tag, since       string
		asJSON, markdown bool
	)
	cmd := &cobra.Command{
		Use:   "bookmarks",
		Short: lang.T("cmd.bookmarks.short"),
		Example: "  kolom bookmarks --tag deck\n" +
			"  kolom bookmarks --since 7d --markdown > leeslijst.md",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON && markdown {
				return usageError{lang.E("cmd.bookmarks.json_markdown")}
			}
			q := library.BookmarkQuery{Tag: strings.TrimPrefix(tag, "#")}
			if since != "" {
				t, err := parseSince(since, time.Now())
				if err != nil {
					return usageError{err}
				}
				q.Since = t
			}
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			bs, err := lib.Bookmarks(cmd.Context(), q)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				list := make([]bookmarkJSON, len(bs))
				for i, b := range bs {
					list[i] = bookmarkJSON{ID: b.ID, ArticleID: b.ArticleID, Title: b.Title, URL: b.URL, Author: b.Author,
						FeedTitle: b.FeedTitle, Note: b.Note, Tags: b.Tags, Bookmarked: b.BookmarkedAt.Format(time.RFC3339)}
					if list[i].Tags == nil {
						list[i].Tags = []string{}
					}
				}
				return writeJSON(out, list)
			case markdown:
				return library.ReadingList(out, bs, time.Now())
			}
			if len(bs) == 0 {
				fmt.Fprintln(out, lang.T("cmd.bookmarks.none"))
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, lang.T("cmd.bookmarks.header"))
			for _, b := range bs {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", b.ArticleID, shortDate(b.BookmarkedAt, time.Now()), clip(b.FeedTitle, 20),
					clip(b.Title, 60), strings.Join(b.Tags, ", "))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&tag, "tag", "", lang.T("flag.tag_only"))
	cmd.Flags().StringVar(&since, "since", "", lang.T("flag.since"))
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	cmd.Flags().BoolVar(&markdown, "markdown", false, lang.T("flag.reading_list"))
	return cmd
}

// parseSince reads "7d", "2w", "12h", "30m" or a date.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation("2006-01-02", s, time.Local); err == nil {
		return t, nil
	}
	if len(s) > 1 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err == nil && n >= 0 {
			switch s[len(s)-1] {
			case 'd':
				return now.AddDate(0, 0, -n), nil
			case 'w':
				return now.AddDate(0, 0, -7*n), nil
			case 'h':
				return now.Add(-time.Duration(n) * time.Hour), nil
			case 'm':
				return now.Add(-time.Duration(n) * time.Minute), nil
			}
		}
	}
	return time.Time{}, lang.E("cmd.bookmarks.since", "Value", strconv.Quote(s))
}
