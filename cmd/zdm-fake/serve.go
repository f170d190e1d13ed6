package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// serve listens on set.addr, prints the banner and serves until ctx ends
// (a signal), then stops gracefully: it stops accepting, lets requests in
// flight finish for up to set.grace, and closes the fake server.
func serve(ctx context.Context, f *fake, set settings, stdout, stderr io.Writer) int {
	defer func() { f.current().close() }()
	l, err := net.Listen("tcp", set.addr)
	if err != nil {
		fmt.Fprintf(stderr, "zdm-fake: %v\n", err)
		return exitServe
	}
	f.host = "http://" + hostPort(l.Addr())
	hs := &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()

	st := f.current()
	fmt.Fprintf(stdout, "zdm-fake dialect %v\nurl      %s\ntoken    %s\nemail    %s\npassword %s\ncontrol  %s/_fake/\n",
		f.opts.dialect, f.apiURL(), st.token, defaultEmail, defaultPassword, f.host)

	select {
	case err := <-served:
		fmt.Fprintf(stderr, "zdm-fake: %v\n", err)
		return exitServe
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), set.grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		fmt.Fprintf(stderr, "zdm-fake: requests still in flight after %v: closing them\n", set.grace)
		_ = hs.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "zdm-fake: %v\n", err)
		return exitServe
	}
	if !set.quiet {
		fmt.Fprintln(stdout, "zdm-fake stopped")
	}
	return exitStopped
}

// hostPort is the address to print: an unspecified IP (0.0.0.0, ::) is
// shown as 127.0.0.1, which reaches it.
func hostPort(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	ip := ta.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(ta.Port))
}
