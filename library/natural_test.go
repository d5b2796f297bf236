package library

import (
	"slices"
	"testing"
)

func TestNaturalOrder(t *testing.T) {
	got := []string{"Column 10", "column 2", "Column 1", "Column 11", "Émerce", "Alpha", "Column 02b", "Column 002a", "Column"}
	slices.SortStableFunc(got, naturalCompare)
	want := []string{"Alpha", "Column", "Column 1", "column 2", "Column 002a", "Column 02b", "Column 10", "Column 11", "Émerce"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if naturalCompare("a99999999999999999999999", "a100000000000000000000000") >= 0 {
		t.Error("long numbers compare by value")
	}
}
