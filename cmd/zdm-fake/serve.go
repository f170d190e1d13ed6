package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// serve listens on set.addr (with TLS when asked, and a redirecting
// plain listener on set.redirectAddr), prints the banner and serves until
// ctx ends (a signal), then stops gracefully: it stops accepting, lets
// requests in flight finish for up to set.grace, and closes the fake
// server.
func serve(ctx context.Context, f *fake, set settings, stdout, stderr io.Writer) int {
	defer func() { f.current().close() }()
	fail := func(err error) int {
		fmt.Fprintf(stderr, "zdm-fake: %v\n", err)
		return exitServe
	}
	l, err := net.Listen("tcp", set.addr)
	if err != nil {
		return fail(err)
	}
	var cert *certificate
	switch {
	case set.tls:
		if cert, err = selfSigned(l.Addr()); err != nil {
			l.Close()
			return fail(err)
		}
		defer os.RemoveAll(cert.dir)
	case set.tlsCert != "":
		if cert, err = loadCertificate(set.tlsCert, set.tlsKey); err != nil {
			l.Close()
			return fail(err)
		}
	}
	scheme := "http"
	if cert != nil {
		scheme = "https"
		l = tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{cert.pair}, MinVersion: tls.VersionTLS12})
	}
	f.host = scheme + "://" + hostPort(l.Addr())
	servers := []*http.Server{{Handler: f, ReadHeaderTimeout: 10 * time.Second}}
	listeners := []net.Listener{l}
	var redirect string
	if set.redirectAddr != "" {
		rl, err := net.Listen("tcp", set.redirectAddr)
		if err != nil {
			l.Close()
			return fail(err)
		}
		redirect = "http://" + hostPort(rl.Addr())
		target := f.host
		servers = append(servers, &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusPermanentRedirect)
		})})
		listeners = append(listeners, rl)
	}
	served := make(chan error, len(servers))
	for i, hs := range servers {
		go func() { served <- hs.Serve(listeners[i]) }()
	}

	st := f.current()
	fmt.Fprintf(stdout, "zdm-fake dialect %v\nurl      %s\ntoken    %s\nemail    %s\npassword %s\n",
		f.opts.dialect, f.apiURL(), st.token, defaultEmail, defaultPassword)
	if cert != nil {
		fmt.Fprintf(stdout, "cert     %s\nsha256   %s\n", cert.pemFile, cert.fingerprint)
	}
	if redirect != "" {
		fmt.Fprintf(stdout, "redirect %s%s\n", redirect, f.opts.apiPrefix())
	}
	fmt.Fprintf(stdout, "control  %s/_fake/\n", f.host)

	code := exitStopped
	select {
	case err := <-served:
		fmt.Fprintf(stderr, "zdm-fake: %v\n", err)
		code = exitServe
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), set.grace)
	defer cancel()
	for _, hs := range servers {
		if err := hs.Shutdown(sctx); err != nil {
			fmt.Fprintf(stderr, "zdm-fake: requests still in flight after %v: closing them\n", set.grace)
			_ = hs.Close()
		}
	}
	if code != exitStopped {
		return code
	}
	for range servers {
		if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "zdm-fake: %v\n", err)
			return exitServe
		}
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
