//go:build acceptance

package postgres

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/choragen/choragen/internal/history"
)

// TestAcceptanceDefaultConnectTimeout checks that a URL without connect_timeout
// gets one.
func TestAcceptanceDefaultConnectTimeout(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	start := time.Now()
	_, err = history.Open(context.Background(), "postgres://ci@"+silent.Addr().String()+"/perf?sslmode=disable")
	checkOneLine(t, err, "connect: ")
	if d := time.Since(start); d < ConnectTimeout/2 || d > 10*ConnectTimeout {
		t.Errorf("Open gave up after %v, want about %v", d, ConnectTimeout)
	}
}
