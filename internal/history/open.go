package history

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// An Opener opens the store at dsn, creating or migrating its schema as
// needed. Its errors should be *Error values (see Wrap).
type Opener func(ctx context.Context, dsn string) (Store, error)

// SQLite is the name under which the backend for plain paths registers.
const SQLite = "sqlite"

var (
	mu      sync.RWMutex
	openers = map[string]Opener{}
)

// Register makes a backend available to Open under a URL scheme
// ("postgres"), or under SQLite for plain paths. Backends call it from
// init. Registering a scheme twice, or a nil opener, panics.
func Register(scheme string, open Opener) {
	mu.Lock()
	defer mu.Unlock()
	if open == nil {
		panic("history: Register of a nil opener for " + scheme)
	}
	if _, dup := openers[scheme]; dup {
		panic("history: Register called twice for " + scheme)
	}
	openers[scheme] = open
}

// Open opens the store that dsn names: a URL whose scheme a backend
// registered (postgres://, postgresql://), or else a path to a SQLite file
// (which may also be written sqlite://path).
func Open(ctx context.Context, dsn string) (Store, error) {
	name := Redact(dsn)
	if dsn == "" {
		return nil, &Error{Store: `""`, Err: fmt.Errorf("no store given")}
	}
	scheme := SQLite
	if i := strings.Index(dsn, "://"); i > 0 {
		scheme = strings.ToLower(dsn[:i])
		if scheme == SQLite {
			dsn = dsn[i+len("://"):]
		}
	}
	mu.RLock()
	open := openers[scheme]
	mu.RUnlock()
	if open == nil {
		return nil, &Error{Store: name, Err: fmt.Errorf("no backend for %q stores in this build (have %s)", scheme, strings.Join(schemes(), ", "))}
	}
	s, err := open(ctx, dsn)
	if err != nil {
		return nil, Wrap(name, err)
	}
	return s, nil
}

func schemes() []string {
	mu.RLock()
	defer mu.RUnlock()
	var s []string
	for k := range openers {
		s = append(s, k)
	}
	sort.Strings(s)
	if len(s) == 0 {
		return []string{"none"}
	}
	return s
}

// Redact returns dsn fit to print: a URL loses its password (and any
// password parameter); a path is returned as it is.
func Redact(dsn string) string {
	if !strings.Contains(dsn, "://") {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Unparseable: mask whatever follows the user name up to the
		// last @ before the path.
		scheme, rest, _ := strings.Cut(dsn, "://")
		auth, _, _ := strings.Cut(rest, "/")
		if at := strings.LastIndex(auth, "@"); at >= 0 {
			if user, _, ok := strings.Cut(auth[:at], ":"); ok {
				rest = user + ":xxxxx" + rest[at:]
			}
		}
		return scheme + "://" + rest
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
