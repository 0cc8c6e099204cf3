package render_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/choragen/choragen/internal/render"
	"github.com/choragen/choragen/internal/report"
)

// FuzzDecodeRender decodes arbitrary input as a report and, when it is
// one, renders it in every format: no renderer may fail or panic, and each
// output must be well formed for its reader (checkOutput), whatever the
// names and numbers in the report.
func FuzzDecodeRender(f *testing.F) {
	for _, path := range fixtures(f) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"contracts":[{"id":"x","target":"/a b","status":"failed","unit":"class","threshold":99,"measured":-3}]}`))
	f.Add([]byte(`{"benchmarks":[{"name":"B|\u0000","unit":"p99-sec/op","current":-1e-300,"baseline":0,"change":-100,"regression":true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := report.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, f := range render.Formats() {
			for _, opts := range []render.Options{{}, {Color: true, Verbose: true, SourceRoot: "m"}} {
				var buf bytes.Buffer
				if err := render.Report(&buf, r, f, opts); err != nil {
					t.Fatalf("Render(%s): %v", f, err)
				}
				checkOutput(t, f, opts, r, buf.Bytes())
			}
		}
	})
}
