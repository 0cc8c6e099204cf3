package perfsql

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"

	sqllexer "github.com/DataDog/go-sqllexer"
)

// Dialect names the SQL dialect a wrapped driver speaks, so that its
// statements are tokenised right (PostgreSQL's $1 and dollar quotes,
// MySQL's backticks, SQL Server's brackets). The zero value is a generic
// dialect that suits SQLite and most statements.
type Dialect string

// The dialects the fingerprinter knows.
const (
	Generic   Dialect = ""
	Postgres  Dialect = "postgresql"
	MySQL     Dialect = "mysql"
	SQLite    Dialect = "sqlite"
	SQLServer Dialect = "mssql"
	Oracle    Dialect = "oracle"
)

func (d Dialect) lexer() sqllexer.DBMSType {
	switch d {
	case Postgres, MySQL, SQLServer, Oracle:
		return sqllexer.DBMSType(d)
	}
	return ""
}

// Fingerprint returns the shape of a statement: literals and bind
// parameters become ?, lists such as IN (1, 2, 3) and multi-row VALUES
// (…), (…) collapse to one element, comments go, keywords are upper-cased
// and white space is normalised. Statements that differ only in their
// values share a fingerprint.
func Fingerprint(query string) string {
	return fingerprintText(query, Generic)
}

// Note: one Obfuscator and Normalizer serve every goroutine: they hold only
// their configuration, and each call makes its own lexer.
var (
	obfuscator = sqllexer.NewObfuscator(
		sqllexer.WithReplaceDigits(false), // orders_2024 is a table name, not a value
		sqllexer.WithReplacePositionalParameter(true),
		sqllexer.WithReplaceBindParameter(true),
		sqllexer.WithReplaceBoolean(true),
		sqllexer.WithReplaceNull(true),
	)
	normalizer = sqllexer.NewNormalizer(
		sqllexer.WithCollectCommands(true),
		sqllexer.WithKeepSQLAlias(true),
		sqllexer.WithUppercaseKeywords(true),
	)
)

// fingerprintText computes a fingerprint without the cache.
func fingerprintText(query string, d Dialect) string {
	fp, _ := analyse(query, d)
	return fp
}

// analyse returns the fingerprint of query and what kind of statement it is.
// It never panics: a statement the lexer cannot handle keeps its text with
// white space collapsed.
func analyse(query string, d Dialect) (fp string, k kind) {
	defer func() {
		if recover() != nil {
			fp, k = collapseSpace(query), classify(collapseSpace(query), nil)
		}
	}()
	head, tail := splitUnterminated(query, d)
	norm, meta, err := sqllexer.ObfuscateAndNormalize(head, obfuscator, normalizer, sqllexer.WithDBMS(d.lexer()))
	if err != nil {
		s := collapseSpace(query)
		return s, classify(s, nil)
	}
	if tail != "" {
		norm = strings.TrimSpace(norm + " " + tail)
	}
	if d != MySQL {
		norm = unquoteBackticks(norm)
	}
	norm = collapseLists(norm)
	var commands []string
	if meta != nil {
		commands = meta.Commands
	}
	return norm, classify(norm, commands)
}

// splitUnterminated splits off the end of a statement that the lexer cannot
// tokenise, an unterminated comment, string or quoted name, which it would
// otherwise keep verbatim, values and all. The tail comes back masked: an
// unterminated comment goes, a string becomes ?, and numbers in the rest
// become ?.
func splitUnterminated(query string, d Dialect) (head, tail string) {
	if !strings.ContainsAny(query, "'\"`[$/") {
		return query, "" // nothing that can be left open
	}
	lx := sqllexer.New(query, sqllexer.WithDBMS(d.lexer()))
	for {
		t := lx.Scan()
		if t.Type == sqllexer.EOF {
			return query, ""
		}
		if t.Type != sqllexer.ERROR || t.Value == "" || !strings.HasSuffix(query, t.Value) {
			continue
		}
		head, tail = query[:len(query)-len(t.Value)], t.Value
		switch {
		case strings.HasPrefix(tail, "/*"):
			tail = ""
		case strings.HasPrefix(tail, "'"), strings.HasPrefix(tail, "$"):
			tail = "?"
		default:
			tail = maskNumbers(collapseSpace(tail))
		}
		return head, tail
	}
}

// maskNumbers replaces each run of digits that is not part of a word with ?.
func maskNumbers(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c >= '0' && c <= '9' && (i == 0 || !isWordByte(s[i-1])) {
			j := i
			for j < len(s) && (isWordByte(s[j]) || s[j] == '.') {
				j++
			}
			b.WriteByte('?')
			i = j
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// kind is what a statement does, as far as counting cares.
type kind uint8

const (
	kindOther   kind = iota // writes, DDL, anything not below
	kindRead                // SELECT and other statements that only read
	kindControl             // transaction control: never counted
)

// classify decides the kind of a normalised statement from its first words
// and the commands the lexer saw in it.
func classify(norm string, commands []string) kind {
	words := firstWords(norm, 3)
	if len(words) == 0 {
		return kindOther
	}
	switch w := strings.ToUpper(words[0]); w {
	case "COMMIT", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE":
		return kindControl
	case "BEGIN":
		// BEGIN alone or with transaction words; Oracle's BEGIN … END
		// blocks are statements.
		if len(words) == 1 {
			return kindControl
		}
		switch strings.ToUpper(words[1]) {
		case "TRANSACTION", "TRAN", "WORK", "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "ISOLATION", "READ", "NOT", "DEFERRABLE", ";":
			return kindControl
		}
	case "START":
		if len(words) > 1 && strings.EqualFold(words[1], "TRANSACTION") {
			return kindControl
		}
	case "END":
		if len(words) == 1 || strings.EqualFold(words[1], "TRANSACTION") || strings.EqualFold(words[1], "WORK") {
			return kindControl
		}
	case "SELECT", "WITH", "VALUES", "TABLE", "SHOW":
		for _, c := range commands {
			switch c {
			case "INSERT", "DELETE", "MERGE", "CREATE", "ALTER", "DROP", "TRUNCATE":
				return kindOther // WITH … INSERT, WITH … DELETE
			case "UPDATE":
				// SELECT … FOR UPDATE locks rows but reads them.
				if u := strings.ToUpper(norm); !strings.Contains(u, "FOR UPDATE") && !strings.Contains(u, "FOR NO KEY UPDATE") {
					return kindOther
				}
			}
		}
		return kindRead
	}
	return kindOther
}

// firstWords returns up to n leading words of s, skipping opening
// parentheses: "( SELECT 1 )" starts with SELECT.
func firstWords(s string, n int) []string {
	var words []string
	for len(words) < n {
		s = strings.TrimLeft(s, " \t\r\n(")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, " \t\r\n(")
		if end < 0 {
			end = len(s)
		}
		words = append(words, s[:end])
		s = s[end:]
	}
	return words
}

// unquoteBackticks turns "` users `", the generic lexer's rendering of a
// name quoted in backticks (as SQLite accepts and GORM's SQLite dialect
// writes), into "users", as the lexer does for double quotes. Strings are
// already ? by then, so every backtick left quotes a name.
func unquoteBackticks(s string) string {
	if !strings.Contains(s, "` ") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "` ")
		if i < 0 {
			break
		}
		rest := s[i+2:]
		j := strings.Index(rest, " `")
		if j <= 0 || strings.ContainsAny(rest[:j], " `") {
			b.WriteString(s[:i+2])
			s = rest
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(rest[:j])
		s = rest[j+2:]
	}
	b.WriteString(s)
	return b.String()
}

// collapseSpace replaces each run of white space with one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// collapseLists folds repeated identical parenthesised groups separated by
// commas into one group: "VALUES ( ? ), ( ? ), ( ? )" becomes
// "VALUES ( ? )" and "IN ( ( ? ), ( ? ) )" becomes "IN ( ( ? ) )". The
// lexer already folds "( ?, ?, ? )"; rows and tuples are left to us. It runs
// in linear time over the statement (times the nesting depth).
func collapseLists(s string) string {
	if !strings.Contains(s, "), (") {
		return s
	}
	match := matchParens(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == '(' && match[i] > i {
			g := s[i : match[i]+1]
			k := match[i] + 1
			for strings.HasPrefix(s[k:], ", ") && strings.HasPrefix(s[k+2:], g) {
				k += 2 + len(g)
			}
			if k > match[i]+1 {
				// Nested groups inside the kept one fold too.
				b.WriteString(collapseLists(g))
				i = k
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// matchParens returns, for each index of s holding '(', the index of its
// closing ')', or -1 when it has none; other entries are 0.
func matchParens(s string) []int {
	match := make([]int, len(s))
	var open []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			match[i] = -1
			open = append(open, i)
		case ')':
			if n := len(open); n > 0 {
				match[open[n-1]] = i
				open = open[:n-1]
			}
		}
	}
	return match
}

// fingerprint is the cached analysis of one statement text.
type fingerprint struct {
	text string
	hash uint64
	kind kind
}

// The cache holds the analysis of statements seen, keyed by their raw text,
// so that a repeated statement costs one map read. It is bounded: when it
// holds maxCached entries it starts again empty (statements that embed
// their values would otherwise grow it without end), and statements longer
// than maxCachedLen are analysed each time rather than kept.
const (
	maxCached    = 4096
	maxCachedLen = 4096
)

type fingerprinter struct {
	dialect Dialect
	cache   sync.Map // string → *fingerprint
	size    atomic.Int64
}

func newFingerprinter(d Dialect) *fingerprinter {
	return &fingerprinter{dialect: d}
}

// seed hashes fingerprints alike in every wrapped database of the process.
var seed = maphash.MakeSeed()

func (f *fingerprinter) get(query string) *fingerprint {
	if v, ok := f.cache.Load(query); ok {
		return v.(*fingerprint)
	}
	text, k := analyse(query, f.dialect)
	fp := &fingerprint{text: text, hash: maphash.String(seed, text), kind: k}
	if len(query) > maxCachedLen {
		return fp
	}
	if f.size.Add(1) > maxCached {
		f.cache.Clear()
		f.size.Store(1)
	}
	if v, loaded := f.cache.LoadOrStore(strings.Clone(query), fp); loaded {
		return v.(*fingerprint)
	}
	return fp
}
