package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Name is where the configuration lives, relative to the project root.
const Name = ".choragen/performance.yaml"

// Find returns the configuration that applies to the packages under dir:
// the nearest .choragen/performance.yaml in dir or its parents, up to and
// including the module root (the first directory with a go.mod). It
// returns "" and no error when there is none. The path is relative when
// dir is.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err == nil {
		_, err = os.Stat(abs) // a missing dir must not find its parents' file
	}
	if err != nil {
		return "", fmt.Errorf("find config: %w", err)
	}
	for d := abs; ; {
		p := filepath.Join(d, filepath.FromSlash(Name))
		fi, err := os.Stat(p)
		switch {
		case err == nil && !fi.IsDir():
			if filepath.IsAbs(dir) {
				return p, nil
			}
			rel, err := filepath.Rel(abs, p)
			if err != nil {
				return p, nil
			}
			return filepath.Join(dir, rel), nil
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("find config: %w", err)
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return "", nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("find config: %w", err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// Load reads and parses the configuration file at path. A file that
// cannot be read is an error wrapping the fs error; an invalid one is an
// ErrorList (see Parse).
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	return Parse(data, path)
}

// Save validates data as a configuration and, when it is valid, writes it
// to path atomically: to a temporary file in the same directory, then
// renamed over path, so a reader sees the old file or the new one, never
// a part. When data is invalid it writes nothing and returns the
// ErrorList. The directory is created if need be; an existing file keeps
// its permissions.
func Save(path string, data []byte) error {
	if err := Validate(data, path); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	tmp := f.Name()
	err = write(f, data, mode)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save config: %w", err)
	}
	return nil
}

func write(f *os.File, data []byte, mode fs.FileMode) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
