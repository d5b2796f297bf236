//go:build unix

package ui

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// CellPixels is a terminal cell's size in pixels, from the window size the
// terminal gives the kernel (xterm does, and answers no query for it by
// default); 0, 0 when out is no terminal or it gives none.
func CellPixels(out io.Writer) (w, h int) {
	f, ok := out.(*os.File)
	if !ok {
		return 0, 0
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 || ws.Xpixel == 0 || ws.Ypixel == 0 {
		return 0, 0
	}
	return int(ws.Xpixel / ws.Col), int(ws.Ypixel / ws.Row)
}
