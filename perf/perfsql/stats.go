package perfsql

import (
	"database/sql"
	"sync/atomic"
)

// Stats counts the statements a wrapped database executed, whatever their
// context: the whole-database count that a benchmark divides by b.N to
// report queries/op. It is safe for concurrent use.
type Stats struct {
	queries atomic.Int64
}

// Queries returns the statements executed since the last Reset, not
// counting transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT,
// RELEASE), pings, Prepare, or attempts the driver declined
// (driver.ErrSkip, driver.ErrBadConn).
func (s *Stats) Queries() int64 { return s.queries.Load() }

// Reset sets the count to zero, as b.ResetTimer does for time.
func (s *Stats) Reset() { s.queries.Store(0) }

// StatsFor returns the Stats of a database opened with Open, or through a
// connector from Wrap or a driver from WrapDriver; nil when db is not
// wrapped by perfsql.
func StatsFor(db *sql.DB) *Stats {
	if w, ok := db.Driver().(wrapper); ok {
		return w.perfsqlConfig().stats
	}
	return nil
}
