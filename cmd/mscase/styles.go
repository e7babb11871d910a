package main

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// styles is the one place that says how things look on a terminal.
type styles struct {
	r       *lipgloss.Renderer
	Header  lipgloss.Style
	Stalled lipgloss.Style
	Warn    lipgloss.Style
	Good    lipgloss.Style
	Dim     lipgloss.Style
	Bold    lipgloss.Style
	Border  lipgloss.Style
}

func newStyles(out io.Writer, noColor bool) *styles {
	r := lipgloss.NewRenderer(out)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
	}
	return &styles{
		r:       r,
		Header:  r.NewStyle().Bold(true),
		Stalled: r.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		Warn:    r.NewStyle().Foreground(lipgloss.Color("3")),
		Good:    r.NewStyle().Foreground(lipgloss.Color("2")),
		Dim:     r.NewStyle().Faint(true),
		Bold:    r.NewStyle().Bold(true),
		Border:  r.NewStyle().Foreground(lipgloss.Color("8")),
	}
}
