package cli

import "testing"

func TestUseColor(t *testing.T) {
	for _, tc := range []struct {
		tty  bool
		env  map[string]string
		want bool
	}{
		{true, nil, true},
		{false, nil, false},
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"NO_COLOR": ""}, true}, // set but empty: no-color.org says ignore
		{true, map[string]string{"TERM": "dumb"}, false},
		{false, map[string]string{"FORCE_COLOR": "1"}, true},
		{false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{false, map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{true, map[string]string{"NO_COLOR": "1", "FORCE_COLOR": "1"}, false},
		{false, map[string]string{"TERM": "dumb", "FORCE_COLOR": "1"}, true},
	} {
		getenv := func(k string) string { return tc.env[k] }
		if got := useColor(tc.tty, getenv); got != tc.want {
			t.Errorf("useColor(%v, %v) = %v, want %v", tc.tty, tc.env, got, tc.want)
		}
	}
}
