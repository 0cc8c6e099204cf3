package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Decode reads one report in the JSON wire format, as render.WriteJSON
// writes it and the history store keeps it. Fields it does not know are
// ignored, so that a report written by a newer choragen still reads
// (fields may be added, never renamed); anything after the report other
// than white space is an error.
func Decode(r io.Reader) (*Report, error) {
	dec := json.NewDecoder(r)
	var rep Report
	if err := dec.Decode(&rep); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("decode report: empty input")
		}
		return nil, fmt.Errorf("decode report: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("decode report: data after the report at byte %d", dec.InputOffset())
	}
	return &rep, nil
}
