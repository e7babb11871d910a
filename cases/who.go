package cases

// Who says who changed a case and on which computer: in team mode several
// people on several machines write to the same cases, and the log should
// say whose call it was. Author is the configuration's name (or the
// account's user name), Machine the host name; cmd finds both.
type Who struct {
	Author  string
	Machine string
}

// Mark is where a case's records ended before a change: Sign puts a name
// on what was added after it.
type Mark struct {
	history, changes, seq int
}

// Mark remembers where c's stage history, log corrections and entry
// numbers end now. The zero Mark is before everything: a new case.
func (c *Case) Mark() Mark {
	return Mark{history: len(c.History), changes: len(c.LogChanges), seq: c.nextSeq() - 1}
}

// Sign records w as the author of every stage change, log correction and
// log entry added to c since m. Entries that were there before keep their
// author, or none: a change never claims someone else's work, and an edited
// entry keeps its writer while the correction names the editor.
func (c *Case) Sign(m Mark, w Who) {
	if w == (Who{}) {
		return
	}
	for i := m.history; i < len(c.History); i++ {
		c.History[i].Author, c.History[i].Machine = w.Author, w.Machine
	}
	for i := m.changes; i < len(c.LogChanges); i++ {
		c.LogChanges[i].Author, c.LogChanges[i].Machine = w.Author, w.Machine
	}
	for i := range c.Contacts {
		if c.Contacts[i].Seq > m.seq {
			c.Contacts[i].Author, c.Contacts[i].Machine = w.Author, w.Machine
		}
	}
}
