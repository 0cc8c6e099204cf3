package perfsql

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// readBlocks reads a testdata file of blocks separated by lines "----".
func readBlocks(t testing.TB, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fingerprint", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n----\n")
}

func (k kind) String() string {
	switch k {
	case kindRead:
		return "read"
	case kindControl:
		return "control"
	}
	return "other"
}

func TestFingerprintGolden(t *testing.T) {
	var got bytes.Buffer
	for _, q := range readBlocks(t, "statements.txt") {
		fmt.Fprintf(&got, "%s\n", q)
		for _, d := range []Dialect{Generic, Postgres, MySQL} {
			fp, k := analyse(q, d)
			fmt.Fprintf(&got, "=> %-10s %-7s %s\n", "["+string(d)+"]", k, fp)
		}
		fmt.Fprintln(&got, "----")
	}
	golden := filepath.Join("testdata", "fingerprint", "statements.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		_ = os.WriteFile(golden+".got", got.Bytes(), 0o644)
		t.Errorf("fingerprints differ from %s; see %s.got (go test -update accepts them):\n%s", golden, golden, lineDiff(string(want), got.String()))
	}
}

// lineDiff lists the lines of got that differ from want, with line numbers.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func TestFingerprintSameShape(t *testing.T) {
	for _, tc := range []struct {
		dialect Dialect
		same    []string
	}{
		{Generic, []string{
			"SELECT * FROM users WHERE id = 1",
			"select * from users where id = 42",
			"SELECT *\n  FROM users\n  WHERE id = ?",
			"/* trace=1 */ SELECT * FROM users WHERE id = 7 -- why",
		}},
		{Postgres, []string{
			"SELECT * FROM users WHERE id = $1",
			"SELECT * FROM users WHERE id = 5",
			`SELECT * FROM "users" WHERE "id" = $1`,
		}},
		{Generic, []string{
			"SELECT * FROM posts WHERE user_id IN (1)",
			"SELECT * FROM posts WHERE user_id IN (1, 2, 3, 4, 5)",
			"SELECT * FROM posts WHERE user_id IN (?, ?)",
		}},
		{Postgres, []string{
			"SELECT * FROM posts WHERE user_id IN ($1)",
			"SELECT * FROM posts WHERE user_id IN ($1, $2, $3)",
		}},
		{Generic, []string{
			"INSERT INTO t (a, b) VALUES (1, 'x')",
			"INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, NULL)",
			"INSERT INTO t (a, b) VALUES (?, ?), (?, ?)",
		}},
		{Generic, []string{
			"SELECT * FROM t WHERE (a, b) IN ((1, 2))",
			"SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4), (5, 6))",
		}},
		{Generic, []string{
			"SELECT * FROM t WHERE flag = true LIMIT 10",
			"SELECT * FROM t WHERE flag = false LIMIT 20",
		}},
	} {
		want := fingerprintText(tc.same[0], tc.dialect)
		for _, q := range tc.same[1:] {
			if got := fingerprintText(q, tc.dialect); got != want {
				t.Errorf("[%s] %q\n  fingerprint %q\n  want        %q (of %q)", tc.dialect, q, got, want, tc.same[0])
			}
		}
	}
}

func TestFingerprintDifferentShape(t *testing.T) {
	for _, pair := range [][2]string{
		{"SELECT * FROM users WHERE id = 1", "SELECT * FROM posts WHERE id = 1"},
		{"SELECT * FROM users WHERE id = 1", "SELECT * FROM users WHERE name = 1"},
		{"SELECT * FROM users WHERE id = 1", "SELECT * FROM users WHERE id > 1"},
		{"SELECT * FROM orders_2023", "SELECT * FROM orders_2024"},
		{"SELECT a FROM t", "SELECT a, b FROM t"},
		{"SELECT * FROM t WHERE a IN (1, 2)", "SELECT * FROM t WHERE a NOT IN (1, 2)"},
		{"SELECT * FROM users u JOIN posts p ON p.user_id = u.id", "SELECT * FROM users u LEFT JOIN posts p ON p.user_id = u.id"},
	} {
		if a, b := Fingerprint(pair[0]), Fingerprint(pair[1]); a == b {
			t.Errorf("%q and %q share the fingerprint %q", pair[0], pair[1], a)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  kind
	}{
		{"SELECT 1", kindRead},
		{"  select * from t", kindRead},
		{"(SELECT 1) UNION (SELECT 2)", kindRead},
		{"WITH x AS (SELECT 1) SELECT * FROM x", kindRead},
		{"WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", kindOther},
		{"SELECT * INTO backup FROM t", kindRead}, // the lexer sees no command but SELECT
		{"SELECT * FROM t FOR UPDATE", kindRead},
		{"INSERT INTO t VALUES (1)", kindOther},
		{"UPDATE t SET a = 1", kindOther},
		{"DELETE FROM t", kindOther},
		{"CREATE TABLE t (a int)", kindOther},
		{"PRAGMA foreign_keys = ON", kindOther},
		{"BEGIN", kindControl},
		{"begin;", kindControl},
		{"BEGIN TRANSACTION", kindControl},
		{"BEGIN DEFERRED", kindControl},
		{"BEGIN ISOLATION LEVEL SERIALIZABLE", kindControl},
		{"BEGIN my_proc(1); END;", kindOther},
		{"START TRANSACTION", kindControl},
		{"START something", kindOther},
		{"COMMIT", kindControl},
		{"commit work", kindControl},
		{"END", kindControl},
		{"END TRANSACTION", kindControl},
		{"ROLLBACK", kindControl},
		{"ROLLBACK TO SAVEPOINT sp1", kindControl},
		{"SAVEPOINT sp1", kindControl},
		{"RELEASE SAVEPOINT sp1", kindControl},
		{"RELEASE sp1", kindControl},
		{"ABORT", kindControl},
		{"/* c */ COMMIT", kindControl},
		{"", kindOther},
	} {
		if _, got := analyse(tc.query, Generic); got != tc.want {
			t.Errorf("%q is %s, want %s", tc.query, got, tc.want)
		}
	}
}

func TestFingerprintCacheIsBounded(t *testing.T) {
	f := newFingerprinter(Generic)
	for i := range maxCached + 10 {
		f.get("SELECT * FROM t WHERE id = " + strconv.Itoa(i))
	}
	if n := f.size.Load(); n > maxCached {
		t.Errorf("cache holds %d entries, more than %d", n, maxCached)
	}
	long := "SELECT * FROM t WHERE a IN (" + strings.Repeat("1, ", maxCachedLen) + "1)"
	before := f.size.Load()
	if got, want := f.get(long).text, "SELECT * FROM t WHERE a IN ( ? )"; got != want {
		t.Errorf("long statement: fingerprint %q, want %q", got, want)
	}
	if f.size.Load() != before {
		t.Error("a statement longer than maxCachedLen was cached")
	}
	// A repeated statement returns the cached analysis.
	if a, b := f.get("SELECT 1"), f.get("SELECT 1"); a != b {
		t.Error("a repeated statement was analysed again")
	}
}

// expand fills a template's markers: {n} a number, {s} a string literal,
// {list} and {slist} lists of numbers and strings, {rows} rows of a number
// and a string. v varies the values and size the list and row lengths.
func expand(template string, v uint32, size int) string {
	num := func(i int) string { return strconv.FormatUint(uint64(v)+uint64(i)*7919, 10) }
	str := func(i int) string { return "'" + strings.Repeat(string(rune('a'+(int(v)+i)%26)), 1+i%3) + "'" }
	join := func(f func(int) string) string {
		parts := make([]string, size)
		for i := range parts {
			parts[i] = f(i)
		}
		return strings.Join(parts, ", ")
	}
	r := strings.NewReplacer(
		"{n}", num(0),
		"{s}", str(0),
		"{list}", join(num),
		"{slist}", join(str),
		"{rows}", join(func(i int) string { return "(" + num(i) + ", " + str(i) + ")" }),
	)
	return r.Replace(template)
}

// literalSafe reports whether every marker of template stands where a
// literal is a token of its own, so that other values (and list lengths)
// change only literals: a marker glued to a word, or inside a quoted
// identifier, would change a name instead.
func literalSafe(template string) bool {
	before := func(c byte) bool { return strings.IndexByte(" \t\n(,=<>", c) >= 0 }
	after := func(c byte) bool { return strings.IndexByte(" \t\n),;", c) >= 0 }
	rest := template
	for _, m := range []string{"{n}", "{s}", "{list}", "{slist}", "{rows}"} {
		for i := 0; ; {
			j := strings.Index(template[i:], m)
			if j < 0 {
				break
			}
			j += i
			end := j + len(m)
			if j == 0 || !before(template[j-1]) || (end < len(template) && !after(template[end])) {
				return false
			}
			if p := strings.TrimRight(template[:j], " \t\n"); strings.HasSuffix(p, ".") {
				return false // MySQL reads "s. 56" as the qualified name s.56
			}
			if p := template[:j]; strings.Count(p, "'")%2 != 0 || strings.ContainsAny(p, "$\\") {
				return false // inside a string, a value's quotes end it
			}
			if (m == "{list}" || m == "{slist}") && (template[j-1] != '(' || end == len(template) || template[end] != ')') {
				return false // a list is only a list in parentheses
			}
			i = end
		}
		rest = strings.ReplaceAll(rest, m, "")
	}
	return !strings.ContainsAny(rest, "\"`[]")
}

func FuzzFingerprint(f *testing.F) {
	for _, s := range readBlocks(f, "statements.txt") {
		f.Add(s, uint32(1), uint8(1), uint8(3))
	}
	for _, s := range readBlocks(f, "templates.txt") {
		f.Add(s, uint32(7), uint8(1), uint8(5))
	}
	f.Fuzz(func(t *testing.T, template string, v uint32, small, large uint8) {
		for _, d := range []Dialect{Generic, Postgres, MySQL, SQLServer} {
			a := expand(template, v, 1+int(small)%8)
			b := expand(template, v*31+1, 1+int(large)%8)
			fa, ka := analyse(a, d) // must not panic
			fb, kb := analyse(b, d)
			if again, _ := analyse(a, d); again != fa {
				t.Fatalf("[%s] fingerprint of %q is not stable: %q then %q", d, a, fa, again)
			}
			if !literalSafe(template) {
				continue
			}
			if fa != fb || ka != kb {
				t.Fatalf("[%s] statements differing only in literals have different fingerprints:\n %q\n   → %q (%s)\n %q\n   → %q (%s)", d, a, fa, ka, b, fb, kb)
			}
		}
	})
}
