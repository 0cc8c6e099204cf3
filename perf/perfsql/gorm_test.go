package perfsql_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/choragen/choragen/perf/perfsql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Author has many posts; a post belongs to its author.
type Author struct {
	ID    int64
	Name  string
	Posts []Post
}

type Post struct {
	ID       int64
	AuthorID int64
	Title    string
	Author   *Author
}

// openGORM opens GORM over a perfsql-wrapped pgx connection to a fresh
// schema, with the tables migrated.
func openGORM(t *testing.T) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: openPostgres(t)}), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AutoMigrate(&Author{}, &Post{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// gormSeed replaces the data with n authors of two posts each.
func gormSeed(db *gorm.DB) func(ctx context.Context, n int) error {
	return func(ctx context.Context, n int) error {
		db := db.WithContext(ctx)
		if err := db.Exec("TRUNCATE posts, authors").Error; err != nil {
			return err
		}
		for i := 1; i <= n; i++ {
			a := Author{ID: int64(i), Name: "author" + strconv.Itoa(i), Posts: []Post{
				{ID: int64(2 * i), Title: "a"}, {ID: int64(2*i + 1), Title: "b"},
			}}
			if err := db.Create(&a).Error; err != nil {
				return err
			}
		}
		return nil
	}
}

// The code under test: an ORM's per-row loading, and its cures.

func authorsWithPostsPerRow(ctx context.Context, db *gorm.DB) ([]Author, error) {
	var authors []Author
	if err := db.WithContext(ctx).Order("id").Find(&authors).Error; err != nil {
		return nil, err
	}
	for i := range authors {
		if err := db.WithContext(ctx).Where("author_id = ?", authors[i].ID).Find(&authors[i].Posts).Error; err != nil { // GORM's N+1
			return nil, err
		}
	}
	return authors, nil
}

func postsWithAuthorPerRow(ctx context.Context, db *gorm.DB) ([]Post, error) {
	var posts []Post
	if err := db.WithContext(ctx).Order("id").Find(&posts).Error; err != nil {
		return nil, err
	}
	for i := range posts {
		posts[i].Author = new(Author)
		if err := db.WithContext(ctx).First(posts[i].Author, posts[i].AuthorID).Error; err != nil {
			return nil, err
		}
	}
	return posts, nil
}

func authorsPreloaded(ctx context.Context, db *gorm.DB) ([]Author, error) {
	var authors []Author
	err := db.WithContext(ctx).Preload("Posts").Order("id").Find(&authors).Error
	return authors, err
}

func postsJoined(ctx context.Context, db *gorm.DB) ([]Post, error) {
	var posts []Post
	err := db.WithContext(ctx).Joins("Author").Order("posts.id").Find(&posts).Error
	return posts, err
}

func TestGORM(t *testing.T) {
	db := openGORM(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		run     func(context.Context, *gorm.DB) error
		queries func(n int) int
		site    string // the N+1's call site function, "" for none
	}{
		{"per-row posts", func(ctx context.Context, db *gorm.DB) error { _, err := authorsWithPostsPerRow(ctx, db); return err },
			func(n int) int { return 1 + n }, "perfsql_test.authorsWithPostsPerRow"},
		{"per-row authors", func(ctx context.Context, db *gorm.DB) error { _, err := postsWithAuthorPerRow(ctx, db); return err },
			func(n int) int { return 1 + 2*n }, "perfsql_test.postsWithAuthorPerRow"},
		{"Preload", func(ctx context.Context, db *gorm.DB) error { _, err := authorsPreloaded(ctx, db); return err },
			func(int) int { return 2 }, ""},
		{"Joins", func(ctx context.Context, db *gorm.DB) error { _, err := postsJoined(ctx, db); return err },
			func(int) int { return 1 }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 3
			if err := gormSeed(db)(ctx, n); err != nil {
				t.Fatal(err)
			}
			s := perfsql.NewScope(ctx)
			if err := tc.run(s.Context(), db); err != nil {
				t.Fatal(err)
			}
			if got, want := s.Queries(), tc.queries(n); got != want {
				t.Errorf("%d statements, want %d: %v", got, want, s.Fingerprints())
			}
			fs := s.NPlusOne()
			if tc.site == "" {
				if len(fs) != 0 {
					t.Errorf("flagged: %v", fs)
				}
			} else if len(fs) != 1 || !strings.HasSuffix(fs[0].Site.Function, tc.site) || !strings.HasSuffix(fs[0].Site.File, "gorm_test.go") {
				t.Errorf("findings %v, want one at %s in gorm_test.go", fs, tc.site)
			}

			// One row: only the scaling signal sees the loop.
			res, err := perfsql.Scaling(ctx, 1, gormSeed(db), func(ctx context.Context) error { return tc.run(ctx, db) })
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Scales(); got != (tc.site != "") {
				t.Errorf("Scaling says %v (%v), want %v", got, res.Findings, tc.site != "")
			}
			for _, f := range res.Findings {
				if !strings.HasSuffix(f.Site.Function, tc.site) {
					t.Errorf("scaling finding at %s, want %s", f.Site, tc.site)
				}
			}
		})
	}
}

func TestGORMTransactionCounts(t *testing.T) {
	db := openGORM(t)
	ctx := context.Background()
	s := perfsql.NewScope(ctx)
	err := db.WithContext(s.Context()).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&Author{ID: 1, Name: "a"}).Error; err != nil {
			return err
		}
		// A nested transaction is a SAVEPOINT, rolled back here.
		_ = tx.Transaction(func(tx *gorm.DB) error {
			if err := tx.Create(&Author{ID: 2, Name: "b"}).Error; err != nil {
				return err
			}
			return errRollback
		})
		var n int64
		return tx.Model(&Author{}).Count(&n).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	// Two INSERTs and a SELECT count(*); not BEGIN, SAVEPOINT, ROLLBACK TO
	// SAVEPOINT or COMMIT.
	if got := s.Queries(); got != 3 {
		t.Errorf("%d statements, want 3: %v", got, s.Fingerprints())
	}
	// GORM wraps a single Create in a transaction of its own.
	s2 := perfsql.NewScope(ctx)
	if err := db.WithContext(s2.Context()).Create(&Author{ID: 3, Name: "c"}).Error; err != nil {
		t.Fatal(err)
	}
	if got := s2.Queries(); got != 1 {
		t.Errorf("Create: %d statements, want 1: %v", got, s2.Fingerprints())
	}
}

var errRollback = errorString("roll back")

type errorString string

func (e errorString) Error() string { return string(e) }
