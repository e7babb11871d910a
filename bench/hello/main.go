// Command hello is the startup floor for `mscase version`: a cobra root
// command with one subcommand that prints a lipgloss-styled line, built
// with the same libraries. bench/cases-list.sh runs the two side by side.
package main

import (
	"fmt"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"
)

func main() {
	style := lipgloss.NewStyle().Bold(true)
	root := &cobra.Command{Use: "hello", SilenceUsage: true}
	root.AddCommand(&cobra.Command{
		Use: "version",
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), style.Render("hello 1.0"))
			return err
		},
	})
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
