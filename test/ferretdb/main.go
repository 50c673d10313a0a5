// Command ferretdb-test-server runs an embedded FerretDB 1.x (SQLite backend)
// on a loopback port, so Loa's MongoDB adapter is tested against a real
// MongoDB wire-protocol server on machines without mongod or internet.
//
// It imports the embeddable package instead of building cmd/ferretdb, because
// that binary panics without a generated build/version/version.txt
// (FerretDB#2982). It prints one ready line, then serves until it gets
// SIGINT/SIGTERM or its parent process goes away (so a crashed test run does
// not leave servers behind).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// readyPrefix is what the test harness waits for on stdout; the URI follows it.
const readyPrefix = "FERRETDB_READY "

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on (keep it loopback)")
	port := flag.Int("port", 0, "TCP port; 0 picks a free one (reported on the ready line)")
	dir := flag.String("dir", "", "folder for the SQLite files (created if missing)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchParent := flag.Bool("watch-parent", true, "exit when the parent process exits")
	serialize := flag.Bool("serialize", true, "let one command at a time through (see serialize.go); false shows FerretDB's own concurrency")
	flag.Parse()

	if *dir == "" {
		fail("-dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err.Error())
	}
	if err = os.MkdirAll(abs, 0o700); err != nil {
		fail(err.Error())
	}

	var level slog.Level
	if err = level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: " + err.Error())
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// Telemetry is never wanted in tests; embedded FerretDB disables it too.
	_ = os.Setenv("DO_NOT_TRACK", "1")

	public := net.JoinHostPort(*host, strconv.Itoa(*port))
	listen := public
	if *serialize {
		listen = net.JoinHostPort(*host, "0") // FerretDB itself hides behind the relay
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail(err.Error())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *watchParent {
		ctx = exitWithParent(ctx)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// MongoDBURI blocks until Run has bound the listener, so the port is real.
	uri := f.MongoDBURI()
	if *serialize {
		u, err := url.Parse(uri)
		if err != nil {
			fail(err.Error())
		}
		ln, err := net.Listen("tcp", public)
		if err != nil {
			fail(err.Error())
		}
		go (&serialRelay{upstream: u.Host, logger: logger}).serve(ln)
		go func() { <-ctx.Done(); _ = ln.Close() }()
		u.Host = ln.Addr().String()
		uri = u.String()
	}
	fmt.Printf("%s%s\n", readyPrefix, uri)

	<-done
}

// exitWithParent cancels the context once the process is re-parented, which
// happens when whatever started us (jest, a shell) has died.
func exitWithParent(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	ppid := os.Getppid()
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if os.Getppid() != ppid {
					cancel()
					return
				}
			}
		}
	}()
	return ctx
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "ferretdb-test-server:", msg)
	os.Exit(2)
}
