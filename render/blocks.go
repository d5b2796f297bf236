package render

import (
	"fmt"
	"image"
	"strings"
)

// Blocks draws img with half blocks ("▀": the top pixel in the foreground
// colour, the bottom one in the background), for any terminal with 24-bit
// colour: at most maxCols cells wide (never wider than the picture) and
// maxRows high, its proportions kept, each line indented by indent cells.
// Transparent parts take the background of the style (dark or light).
func Blocks(img image.Image, maxCols, maxRows, indent int, dark bool) string {
	cols, _, px := cellsFor(img, maxCols, maxRows)
	if cols == 0 {
		return ""
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	bg := [3]uint32{24, 24, 24}
	if !dark {
		bg = [3]uint32{255, 255, 255}
	}
	sample := func(x, y int) [3]uint32 {
		// The average of the box of source pixels this pixel stands for,
		// at most 4 × 4 samples of it.
		x0, x1 := b.Min.X+x*w/cols, b.Min.X+max((x+1)*w/cols, x*w/cols+1)
		y0, y1 := b.Min.Y+y*h/px, b.Min.Y+max((y+1)*h/px, y*h/px+1)
		sx, sy := max((x1-x0)/4, 1), max((y1-y0)/4, 1)
		var sum [3]uint32
		n := uint32(0)
		for yy := y0; yy < y1; yy += sy {
			for xx := x0; xx < x1; xx += sx {
				r, g, bl, a := img.At(xx, yy).RGBA() // premultiplied, 16 bits
				sum[0] += (r + (0xffff-a)*bg[0]/255) >> 8
				sum[1] += (g + (0xffff-a)*bg[1]/255) >> 8
				sum[2] += (bl + (0xffff-a)*bg[2]/255) >> 8
				n++
			}
		}
		return [3]uint32{sum[0] / n, sum[1] / n, sum[2] / n}
	}
	var out strings.Builder
	pad := strings.Repeat(" ", max(indent, 0))
	for row := 0; row*2 < px; row++ {
		out.WriteString(pad)
		var lastFG, lastBG [3]uint32
		first := true
		for x := range cols {
			top := sample(x, row*2)
			bottom := bg
			if row*2+1 < px {
				bottom = sample(x, row*2+1)
			}
			if first || top != lastFG {
				fmt.Fprintf(&out, "\x1b[38;2;%d;%d;%dm", top[0], top[1], top[2])
			}
			if first || bottom != lastBG {
				fmt.Fprintf(&out, "\x1b[48;2;%d;%d;%dm", bottom[0], bottom[1], bottom[2])
			}
			out.WriteString("▀")
			lastFG, lastBG, first = top, bottom, false
		}
		out.WriteString("\x1b[0m\n")
	}
	return strings.TrimSuffix(out.String(), "\n")
}
