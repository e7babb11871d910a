// generate.mjs writes ../../data/holidays/date-holidays.tsv: the public
// holidays of every country of the bundled support directory, per year,
// from the npm package date-holidays (its "public" type). mscase embeds the
// result; CI never runs this. Run it with:
//
//	cd tools/holidays && npm ci && node generate.mjs [--date YYYY-MM-DD]
//
// The output names the package version and the generation date. The data
// is CC BY-SA 3.0 (see data/holidays/date-holidays.ATTRIBUTION.md).
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import Holidays from 'date-holidays'

const require = createRequire(import.meta.url)
const version = require('date-holidays/package.json').version

// Years in the table. mscase's freshness test fails when the current year
// plus three passes LAST: renew the table before then.
const FIRST = 2024
const LAST = 2045

const root = new URL('../../', import.meta.url)
const out = new URL('data/holidays/date-holidays.tsv', root)
const dateArg = process.argv.indexOf('--date')
const generated = dateArg > 0 ? process.argv[dateArg + 1] : new Date().toISOString().slice(0, 10)

const dir = JSON.parse(readFileSync(new URL('data/ms365-support-phones.json', root), 'utf8'))
const codes = [...new Set(dir.entries.map((e) => e.iso2))].sort()
const known = new Holidays().getCountries('en')

// Holidays for one group of people only (women, youth, the military,
// followers of one faith) close no support line or office.
const groupOnly = /women|youth|children|military|muslim|islamic|orthodox/i

const clean = (s) => String(s ?? '').replace(/[\t\r\n]+/g, ' ').trim()
const pad = (n) => String(n).padStart(2, '0')

// days lists the YYYYMMDD days a holiday covers: its first day, and the
// following ones when it lasts longer (date-holidays keeps some multi-day
// holidays as one entry).
function days(h) {
  const [y, m, d] = h.date.slice(0, 10).split('-').map(Number)
  const n = Math.max(1, Math.round((h.end - h.start) / 86400000))
  const out = []
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.UTC(y, m - 1, d + i))
    out.push(`${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`)
  }
  return out
}

const skipped = { partial: 0, group: 0 }

// publicDays lists {key, kind, en, local, day} for the public holidays of
// hd in the table's years.
function publicDays(cc, state, lang) {
  // One instance per language: getHolidays(year, lang) does not switch
  // every name reliably.
  const hdLocal = state ? new Holidays(cc, state, { languages: [lang] }) : new Holidays(cc, { languages: [lang] })
  const hdEn = state ? new Holidays(cc, state, { languages: ['en'] }) : new Holidays(cc, { languages: ['en'] })
  const list = []
  for (let y = FIRST; y <= LAST; y++) {
    const local = hdLocal.getHolidays(y)
    const en = hdEn.getHolidays(y)
    const enByKey = new Map(en.map((h) => [h.rule + '|' + h.date, h]))
    for (const h of local) {
      if (h.type !== 'public') continue
      // "2027-03-09 00:00:00 -0600": holidays of lunar calendars begin
      // the evening before; the date is the day. Any other start time is
      // a part day.
      if (h.date.slice(11, 19) !== '00:00:00') { skipped.partial++; continue }
      if (h.note && groupOnly.test(h.note)) { skipped.group++; continue }
      const e = enByKey.get(h.rule + '|' + h.date) ?? h
      const kind = h.substitute ? 's' : 'p'
      for (const day of days(h)) {
        if (day.slice(0, 4) !== String(y)) continue
        list.push({ kind, en: clean(e.name), local: clean(h.name), day })
      }
    }
  }
  return list
}

// records groups days by kind and names: one line per holiday.
function records(cc, region, list, lang) {
  const groups = new Map()
  for (const x of list) {
    const local = lang === 'en' || x.local === x.en ? '' : x.local
    const k = [x.kind, x.en, local].join('\t')
    if (!groups.has(k)) groups.set(k, new Set())
    groups.get(k).add(x.day)
  }
  return [...groups].map(([k, ds]) => [cc, region, k, [...ds].sort().join(' ')].join('\t'))
}

const lines = []
const missing = []
for (const cc of codes) {
  if (!known[cc]) { missing.push(cc); continue }
  const hd = new Holidays(cc)
  const lang = (hd.getLanguages() ?? ['en'])[0]
  lines.push(['@country', cc, clean(known[cc]), lang].join('\t'))
  const national = publicDays(cc, '', lang)
  lines.push(...records(cc, '', national, lang))
  const seen = new Set(national.map((x) => x.day + '|' + x.en))
  const states = hd.getStates(cc) ?? {}
  for (const st of Object.keys(states).sort()) {
    lines.push(['@region', cc, st, clean(states[st])].join('\t'))
    const own = publicDays(cc, st, lang).filter((x) => !seen.has(x.day + '|' + x.en))
    lines.push(...records(cc, st, own, lang))
  }
}

const header = [
  '# Public holidays of the countries in mscase\'s support directory, generated; do not edit.',
  `#@ dataset\tdate-holidays (npm package, https://github.com/commenthol/date-holidays), type "public"`,
  `#@ version\t${version}`,
  `#@ generated\t${generated}`,
  `#@ years\t${FIRST}-${LAST}`,
  '#@ licence\tdata CC BY-SA 3.0, see date-holidays.ATTRIBUTION.md and date-holidays.LICENSE beside this file',
  '#@ generator\ttools/holidays/generate.mjs',
  `#@ missing\t${missing.join(' ')}`,
  `# Left out: ${skipped.partial} part-day holidays (from noon), ${skipped.group} holidays for one group of people only.`,
  '# Lines: @country CC name language | @region CC code name |',
  '#        CC region kind(p holiday, s substitute) English-name local-name YYYYMMDD...',
  '# region is empty for national holidays; a region\'s lines hold only holidays the nation does not keep.',
]
writeFileSync(out, header.join('\n') + '\n' + lines.join('\n') + '\n')

// The attribution CC BY-SA 3.0 asks for: date-holidays names the sources
// of each country's data in "# @attrib" and "# @source" comments.
const attrib = [
  '# Attribution: date-holidays data in date-holidays.tsv',
  '',
  `\`date-holidays.tsv\` is generated (by \`tools/holidays/generate.mjs\`, on ${generated}) from the`,
  `data of the npm package date-holidays ${version} by commenthol and contributors`,
  '(<https://github.com/commenthol/date-holidays>). That data is licensed under',
  'CC BY-SA 3.0 (<https://creativecommons.org/licenses/by-sa/3.0/>); the package\'s licence',
  'text is in `date-holidays.LICENSE`. `date-holidays.tsv` is an adaptation (public',
  'holidays only, expanded to dates for the years in its header) and is shared under the',
  'same licence. The package names these sources for the countries the table holds:',
  '',
]
const pkgDir = new URL('./', import.meta.resolve('date-holidays/package.json'))
for (const cc of codes) {
  if (!known[cc]) continue
  let src = ''
  try { src = readFileSync(new URL(`data/countries/${cc}.yaml`, pkgDir), 'utf8') } catch { continue }
  const urls = [...new Set([...src.matchAll(/#\s*@(?:attrib|source)\s+(\S+)/g)].map((m) => m[1]))]
  attrib.push(`- ${cc} (${clean(known[cc])}): ${urls.length ? urls.map((u) => `<${u}>`).join(', ') : 'no source named'}`)
}
writeFileSync(new URL('data/holidays/date-holidays.ATTRIBUTION.md', root), attrib.join('\n') + '\n')
console.log(`wrote ${out.pathname}: ${lines.length} lines; not in date-holidays: ${missing.join(' ')}`)
