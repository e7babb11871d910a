package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mscase/mscase/calendar"
	"github.com/mscase/mscase/cases"
	"github.com/mscase/mscase/msg"
	"github.com/mscase/mscase/reminders"
	"github.com/spf13/cobra"
)

func init() { addCommand("", newCalendarCmd) }

const calendarLong = `The business calendar mscase counts stall limits and break nudges on: public
holidays by country (and region), make-up working days, your closures and
extra working days.

Where the holidays come from ("mscase calendar source" says more):
  law            Japan, computed by the Act on National Holidays (substitute
                 and citizens' holidays, equinoxes), so every year is right
  rickar/cal     the Go library, for the countries it has
  date-holidays  a table generated from the npm package date-holidays
                 (CC BY-SA 3.0) for the other countries and for regions
  announced      years a government announced by itself (China's 调休)

Your own days go in config.toml: closures = ["2026-12-24"], workdays =
["2027-01-09"], and a region under [countries.AU]: region = "NSW".`

func newCalendarCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calendar",
		Short: "Show the public holidays and working days mscase counts with",
		Long:  calendarLong,
		Example: `  mscase calendar show JP --year 2037 --lang ja
  mscase calendar show AU --region NSW
  mscase calendar source`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newCalendarShowCmd(a), newCalendarSourceCmd(a))
	return cmd
}

type calendarShowOptions struct {
	country, region, lang string
	year                  int
	regionSet             bool
}

func newCalendarShowCmd(a *app) *cobra.Command {
	opts := &calendarShowOptions{}
	cmd := &cobra.Command{
		Use:   "show CC",
		Short: "List a country's public holidays for a year, with names and source, and your closures",
		Example: `  mscase calendar show PT
  mscase calendar show JP --year 2037 --lang ja
  mscase calendar show DE --region BY --json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeCountries,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.country = args[0]
			opts.regionSet = cmd.Flags().Changed("region")
			if !cmd.Flags().Changed("lang") && a.p.JA() && a.isTTY && !a.jsonOut {
				// On a terminal the names follow the language people read;
				// piped and --json keep the flag's default, for scripts.
				opts.lang = msg.Japanese
			}
			if !cmd.Flags().Changed("year") {
				opts.year = a.now.Year()
			}
			if opts.year < 1900 || opts.year > 2200 {
				return usageT("calendar_x.bad_year", "Year", opts.year)
			}
			return runCalendarShow(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().IntVar(&opts.year, "year", 0, "the year (default: this year)")
	cmd.Flags().StringVar(&opts.region, "region", "", "add a region's own holidays (default: [countries.CC] region in the config)")
	cmd.Flags().StringVar(&opts.lang, "lang", "en", "language of the holiday names where the source has them (ja for Japan)")
	return cmd
}

// calendarDay is one line of `calendar show`.
type calendarDay struct {
	Date    string `json:"date"`
	Weekday string `json:"weekday"`
	Kind    string `json:"kind"` // holiday, substitute, citizens, observed, make-up working day, closure, extra working day
	Name    string `json:"name"`
	Local   string `json:"local_name,omitempty"`
	Region  string `json:"region,omitempty"`
	Source  string `json:"source"` // law, rickar/cal, date-holidays, announced, config
}

// parseRegion checks region against the country's regions.
func parseRegion(country, region string) (string, error) {
	region = strings.TrimSpace(region)
	if region == "" {
		return "", nil
	}
	if country == "" {
		return "", usageT("calendar_x.region_no_country", "Region", fmt.Sprintf("%q", region))
	}
	r, err := calendar.MustBundled().CheckRegion(country, region)
	var re *calendar.RegionError
	if errors.As(err, &re) {
		return "", withHintT(&usageError{msg: err.Error()}, "calendar_x.regions_hint", "Country", country)
	}
	return r, err
}

func runCalendarShow(_ context.Context, a *app, opts *calendarShowOptions) error {
	cc, err := cases.ParseCountry(opts.country)
	if err != nil {
		return withHintT(usageT("calendar_x.bad_country", "Country", fmt.Sprintf("%q", opts.country)), "contactsx.list_hint")
	}
	cfg, _, err := loadConfig(a)
	if err != nil {
		return err
	}
	region := cfg.Countries[cc].Region
	if opts.regionSet {
		region = opts.region
	}
	if region, err = parseRegion(cc, region); err != nil {
		return err
	}
	lang := strings.ToLower(strings.TrimSpace(opts.lang))
	pol, err := cfg.Policy(a.loc)
	if err != nil {
		return err
	}
	c := pol.CalendarIn(cc, region)
	reg := c.Registry()
	y := opts.year
	var days []calendarDay
	add := func(d calendar.Day, kind, name, local, region, source string) {
		days = append(days, calendarDay{Date: d.String(), Weekday: d.Weekday().String()[:3], Kind: kind, Name: name, Local: local, Region: region, Source: source})
	}
	for _, h := range c.Holidays(y) {
		kind := "holiday"
		if h.Kind != calendar.KindNamed {
			kind = string(h.Kind)
		}
		add(h.Day, kind, reg.Name(h, cc, lang), h.Local, h.Region, h.Source)
	}
	for _, h := range c.MakeUpDays(y) {
		add(h.Day, "make-up working day", reg.Name(h, cc, lang), h.Local, h.Region, h.Source)
	}
	spans := func(list []calendar.Span, kind string) {
		for _, s := range list {
			for d := s.From; d <= s.To; d++ {
				if d.Year() == y {
					add(d, kind, s.Name, "", "", "config")
				}
			}
		}
	}
	spans(c.Closures(), "closure")
	spans(c.ExtraWorkdays(), "extra working day")
	sortCalendarDays(days)
	if regs := reg.Regions(cc); region == "" && len(regs) > 0 {
		codes := make([]string, len(regs))
		for i, g := range regs {
			codes[i] = g.Code
		}
		a.confirm("national holidays only: %s's regions with holidays of their own are %s (add one with --region, or region = \"…\" under [countries.%s])", cc, strings.Join(codes, " "), cc)
	}
	if !c.HolidaysKnown() {
		why := reg.NoCalendar(cc)
		if why == "" {
			why = "no holiday source has it"
		}
		a.warn("public holidays of %s are not built in (%s): mscase counts only weekends and your closures; list its holidays as closures under [countries.%s]", cc, why, cc)
	} else if !reg.Covers(cc, y) {
		a.warn("the holiday table for %s covers %d-%d only: %d has no public holidays; a newer mscase has a renewed table", cc, reg.Table.First, reg.Table.Last, y)
	}
	if a.jsonOut {
		return a.writeJSON(struct {
			Country string        `json:"country"`
			Region  string        `json:"region,omitempty"`
			Year    int           `json:"year"`
			Source  string        `json:"source"`
			Days    []calendarDay `json:"days"`
		}{cc, region, y, c.Source(), days})
	}
	rows := make([][]string, 0, len(days))
	for _, d := range days {
		day, kind, source := d.Weekday, d.Kind, d.Source
		if a.isTTY && a.p.JA() {
			// Piped stays as it is: the kinds are values scripts match.
			if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
				day = a.p.Weekday(t.Weekday())
			}
			kind = a.p.T("calkind." + strings.ReplaceAll(kind, " ", "_"))
			if id := "calsrc.source." + source; msg.Has(a.lang, id) {
				source = a.p.T(id)
			}
		}
		rows = append(rows, []string{d.Date, day, kind, d.Name, or(d.Region, "-"), source})
	}
	if len(rows) == 0 {
		a.confirm("no holidays or closures for %s in %d", cc, y)
		return nil
	}
	return a.printTable([]string{"DATE", "DAY", "KIND", "NAME", "REGION", "SOURCE"}, rows, nil)
}

func sortCalendarDays(days []calendarDay) {
	// Stable by date: holidays, then make-up days, then the config's lines.
	for i := 1; i < len(days); i++ {
		for j := i; j > 0 && days[j].Date < days[j-1].Date; j-- {
			days[j], days[j-1] = days[j-1], days[j]
		}
	}
}

func newCalendarSourceCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "source",
		Short: "Say where the public holidays come from: dataset, version and generation date",
		Example: `  mscase calendar source
  mscase calendar source --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCalendarSource(cmd.Context(), a)
		},
	}
}

func runCalendarSource(_ context.Context, a *app) error {
	reg, err := calendar.Bundled()
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, cc := range reg.Countries() {
		counts[reg.Source(cc)]++
	}
	t, an := reg.Table, reg.Announced
	if a.jsonOut {
		return a.writeJSON(struct {
			Table     calendar.TableInfo `json:"table"`
			Announced calendar.TableInfo `json:"announced"`
			Law       string             `json:"japan"`
			Rickar    string             `json:"rickar_cal"`
			Countries map[string]int     `json:"countries_by_source"`
		}{t, an, calendar.JapanLaw, calendar.RickarVersion, counts})
	}
	if a.isTTY && a.p.JA() {
		return calendarSourceJA(a, t, an, counts)
	}
	rows := [][]string{
		{"dataset", t.Dataset},
		{"version", t.Version},
		{"generated", fmt.Sprintf("%s by %s", t.Generated, t.Generator)},
		{"years", fmt.Sprintf("%d-%d (renewed before %d)", t.First, t.Last, t.Last-2)},
		{"licence", t.Licence},
		{"countries", fmt.Sprintf("%d from date-holidays, %d from rickar/cal, Japan by law", counts[calendar.TableSource], counts["rickar/cal"])},
		{"rickar/cal", calendar.RickarVersion},
		{"japan", calendar.JapanLaw},
		{"announced", fmt.Sprintf("%s, %d-%d, kept %s", an.Dataset, an.First, an.Last, an.Generated)},
	}
	if !a.isTTY {
		return a.printTable(nil, rows, nil)
	}
	var b strings.Builder
	writeAlignedRows(&b, rows)
	_, err = fmt.Fprint(a.out, b.String())
	return err
}

// openCaseCountries lists the countries of the open cases, reading the
// database read-only when there is one; a database that cannot be read
// gives none (the command itself reports why, if it needs the database).
func openCaseCountries(a *app) []string {
	seen := map[string]bool{}
	var out []string
	_ = a.withStore(true, func(st store) error {
		if st == nil {
			return nil
		}
		// The country index, where the store keeps one: on 100,000 cases
		// reading every summary was a third of a reminders check that
		// reads only the cases due.
		if ci, ok := st.(countryIndex); ok {
			if cs, ok, err := ci.OpenCountries(); err == nil && ok {
				out = cs
				return nil
			}
		}
		// Otherwise every summary, but in place.
		return st.ViewSummaries(func(walk func(func(*cases.Summary) error) error) error {
			return walk(func(s *cases.Summary) error {
				if s.Country != "" && s.Stage != cases.StageClosed && !seen[s.Country] {
					c := strings.Clone(s.Country) // s.Country points into the database
					seen[c] = true
					out = append(out, c)
				}
				return nil
			})
		})
	})
	return out
}

// countryIndex is a store that counts the open cases of each country as
// it writes them (cases.Store).
type countryIndex interface {
	OpenCountries() (countries []string, ok bool, err error)
}

var _ countryIndex = (*cases.Store)(nil)

// warnNoCalendar warns when a case's country has no built-in public
// holidays and the config lists none as closures.
func warnNoCalendar(a *app, country string) {
	if country == "" || reminders.HolidaysKnown(country) {
		return
	}
	if cfg, _, err := loadConfig(a); err == nil && len(cfg.Countries[country].Closures) > 0 {
		return
	}
	a.warn("%s", reminders.NoCalendarWarning(country))
}

// calendarSourceJA is "calendar source" on a terminal in Japanese: the
// labels and the sentences mscase makes in Japanese, and the table file's
// own header lines (dataset, licence) quoted as they are written there.
func calendarSourceJA(a *app, t, an calendar.TableInfo, counts map[string]int) error {
	q := func(s string) string { return "「" + s + "」" }
	rows := [][]string{
		{a.p.T("calsrc.dataset"), q(t.Dataset)},
		{a.p.T("calsrc.version"), t.Version},
		{a.p.T("calsrc.generated"), a.p.T("calsrc.generated_by", "Date", t.Generated, "By", t.Generator)},
		{a.p.T("calsrc.years"), a.p.T("calsrc.years_span", "First", t.First, "Last", t.Last, "Renew", t.Last-2)},
		{a.p.T("calsrc.licence"), q(t.Licence)},
		{a.p.T("calsrc.countries"), a.p.T("calsrc.countries_by", "Table", counts[calendar.TableSource], "Rickar", counts["rickar/cal"])},
		{"rickar/cal", calendar.RickarVersion},
		{a.p.T("calsrc.japan"), a.p.T("calsrc.japan_law")},
		{a.p.T("calsrc.announced"), a.p.T("calsrc.announced_by", "Dataset", q(an.Dataset), "First", an.First, "Last", an.Last, "Kept", an.Generated)},
	}
	var b strings.Builder
	writeAlignedRows(&b, rows)
	_, err := fmt.Fprint(a.out, b.String())
	return err
}
