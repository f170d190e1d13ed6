package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// certificate is what the HTTPS listener serves, and what the banner
// says of it.
type certificate struct {
	pair        tls.Certificate
	pemFile     string // the certificate in PEM, for a client's trust store
	fingerprint string // SHA-256 of the certificate's DER, hex with colons
	dir         string // a directory to remove at exit, "" for none
}

// selfSigned makes a certificate for the listener at addr, valid for a
// day: for 127.0.0.1, ::1, localhost and the address's own IP. Its PEM is
// written to a new temporary directory (removed at exit), so that a
// harness can trust it: curl --cacert, Python's verify=, NODE_EXTRA_CA_CERTS.
func selfSigned(addr net.Addr) (*certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "zdm-fake", Organization: []string{"zdm-fake (self-signed, for tests)"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true, // its own root, so that it can be trusted as given
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if ta, ok := addr.(*net.TCPAddr); ok && !ta.IP.IsUnspecified() && !ta.IP.IsLoopback() {
		tmpl.IPAddresses = append(tmpl.IPAddresses, ta.IP)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "zdm-fake-tls-")
	if err != nil {
		return nil, err
	}
	pemFile := filepath.Join(dir, "cert.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(pemFile, certPEM, 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &certificate{
		pair:        tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
		pemFile:     pemFile,
		fingerprint: fingerprint(der),
		dir:         dir,
	}, nil
}

// loadCertificate reads a certificate and its key from PEM files.
func loadCertificate(certFile, keyFile string) (*certificate, error) {
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("-tls-cert %s, -tls-key %s: %w", certFile, keyFile, err)
	}
	return &certificate{pair: pair, pemFile: certFile, fingerprint: fingerprint(pair.Certificate[0])}, nil
}

// fingerprint is the SHA-256 of a certificate's DER, as "AB:CD:...".
func fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	hex := make([]string, len(sum))
	for i, b := range sum {
		hex[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(hex, ":")
}
