package zdm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRepositoriesList_DecodesEveryGeneration(t *testing.T) {
	ctx := context.Background()
	t.Run("draft API", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET zdms/repositories": {200, "repositories_list_seed.json"}})
		list, _, err := fixtureClient(t, ts).Repositories.List(ctx, &ListRepositoriesOptions{Center: "Main-Center", Type: RepositoryNFS})
		require.NoError(t, err)
		assert.Equal(t, "center=Main-Center&type=nfs", sentQuery(t, ts))
		require.Len(t, list, 1)
		assert.Equal(t, Repository{
			ID: 1, Center: "Main-Center", Type: RepositoryNFS, RemotePath: "/backup", LocalPath: "/mnt/backup",
			IPs: []string{"192.168.1.200"}, Port: 2049, Size: Size{2199023255552, "2.0 TB"},
			Used: Size{659706976665, "614.4 GB"}, Free: Size{1539316278886, "1.4 TB"}, Usage: 30,
			LastUpdated: "2025-01-15T10:00:00Z",
		}, *list[0])
	})
	t.Run("1.x/2.x", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET zdms/repositories": {200, "repositories_list_v1.json"}})
		list, _, err := fixtureClient(t, ts, WithServerTimeZone(time.FixedZone("KST", 9*3600))).Repositories.List(ctx, nil)
		require.NoError(t, err)
		require.Len(t, list, 3)
		assert.Equal(t, []string{"192.168.1.200", "192.168.1.202"}, list[0].IPs)
		assert.Equal(t, "2026-02-06T10:15:00+09:00", list[0].LastUpdated)
		smb := list[1]
		assert.Equal(t, RepositorySMB, smb.Type)
		assert.Equal(t, "B:", smb.LocalPath)
		assert.Equal(t, 445, smb.Port)
		unknown := list[2]
		assert.Empty(t, unknown.Type, `"Unknown" reads empty`)
		assert.Zero(t, unknown.Port, `"-" reads 0`)
		assert.Equal(t, []string{"172.16.0.50", "172.16.0.51"}, unknown.IPs, "the stored |-joined form splits")
		assert.Equal(t, "DR-Center", unknown.Center)
	})
	t.Run("3.0.0", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"GET zdms/repositories": {200, "repositories_list_v3.json"}})
		var got []*Repository
		for r, err := range fixtureClient(t, ts).Repositories.ListAll(ctx, &ListRepositoriesOptions{Type: RepositorySMB}) {
			require.NoError(t, err)
			got = append(got, r)
		}
		require.Len(t, got, 1)
		assert.Equal(t, int64(14), got[0].ID)
		assert.Equal(t, "Z:", got[0].LocalPath)
		assert.Equal(t, "limit=100&page=1&type=smb", sentQuery(t, ts))
	})
}

// repoRow is one repository of a 1.x/2.x list.
func repoRow(id int, typ, remote, local, ip string) string {
	return fmt.Sprintf(`{"id":"%d","center":"Main-Center","type":%q,"size":{"raw":0,"formatted":"0 B"},"used":{"raw":0,"formatted":"0 B"},`+
		`"free":{"raw":0,"formatted":"0 B"},"usage":0,"remotePath":%q,"localPath":%q,"ipAddress":[%q],"port":"2049","lastUpdated":"2026-02-06 10:20:00"}`,
		id, typ, remote, local, ip)
}

// registrationServer serves the center's repository list before and
// after a registration (before until the POST arrives), and the POST's
// answer.
type registrationServer struct {
	*testServer
	mu     sync.Mutex
	posted []string // the bodies registered
}

func newRegistrationServer(t *testing.T, before, after []string, postStatus int, postFixture string) *registrationServer {
	t.Helper()
	rs := &registrationServer{}
	post := fixture(t, "inventory/"+postFixture)
	list := func(rows []string) []byte {
		return []byte(`{"success":true,"requestID":"r1","message":"Repository information retrieved","data":[` +
			strings.Join(rows, ",") + `],"timestamp":"2026-02-06 10:20:00"}`)
	}
	rs.testServer = newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, testPrefix+"/")
		rs.mu.Lock()
		defer rs.mu.Unlock()
		switch {
		case r.Method == http.MethodPost && path == "zdms/repositories":
			reqs := rs.requests()
			rs.posted = append(rs.posted, reqs[len(reqs)-1].Body)
			reply(w, postStatus, "application/json", post)
		case r.Method == http.MethodGet && path == "zdms/Main-Center/repositories" && len(rs.posted) == 0:
			reply(w, 200, "application/json", list(before))
		case r.Method == http.MethodGet && path == "zdms/Main-Center/repositories":
			reply(w, 200, "application/json", list(after))
		default:
			http.Error(w, "no route "+r.Method+" "+path, 599)
		}
	})
	return rs
}

var nfsRequest = &CreateRepositoryRequest{Center: "Main-Center", Type: RepositoryNFS, RemotePath: "/export/backup2",
	LocalPath: "/mnt/backup2", IP: "192.168.1.220", Port: 2049}

func TestRepositoriesCreate_FindsTheNewRepositoryTheServerDidNotName(t *testing.T) {
	old := repoRow(1, "NFS", "/export/backup2", "/mnt/backup2", "192.168.1.220") // the same paths, registered before
	other := repoRow(3, "NFS", "/backup", "/mnt/backup", "192.168.1.200")
	fresh := repoRow(5, "NFS", "/export/backup2/", "/mnt/backup2", "192.168.1.220")
	for _, fix := range []string{"repository_create_v1.json", "repository_create_v3.json", "repository_create_seed.json"} {
		t.Run(fix, func(t *testing.T) {
			rs := newRegistrationServer(t, []string{old, other}, []string{old, other, fresh}, 201, fix)
			repo, resp, err := fixtureClient(t, rs.testServer).Repositories.Create(context.Background(), nfsRequest)
			require.NoError(t, err)
			assert.Equal(t, int64(5), repo.ID, "the one that was not there before")
			assert.Equal(t, RepositoryNFS, repo.Type)
			assert.Equal(t, 201, resp.StatusCode, "the registration's answer")
			require.Len(t, rs.posted, 1)
			assert.JSONEq(t, `{"center":"Main-Center","type":"nfs","remotePath":"/export/backup2","localPath":"/mnt/backup2","ip":"192.168.1.220","port":"2049"}`, rs.posted[0])
			reqs := rs.requests()
			require.Len(t, reqs, 3, "list, register, list")
			assert.Equal(t, "type=nfs", reqs[0].Query)
		})
	}
}

func TestRepositoriesCreate_SaysSoWhenTheRepositoryCannotBeTold(t *testing.T) {
	a := repoRow(5, "NFS", "/export/backup2", "/mnt/backup2", "192.168.1.220")
	b := repoRow(6, "NFS", "/export/backup2", "/mnt/backup2", "192.168.1.220")
	for _, tc := range []struct {
		name          string
		before, after []string
		want          string
	}{
		{"none listed", nil, nil, "lists none"},
		{"two new ones", nil, []string{a, b}, "IDs 5, 6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := newRegistrationServer(t, tc.before, tc.after, 200, "repository_create_v1.json")
			repo, resp, err := fixtureClient(t, rs.testServer).Repositories.Create(context.Background(), nfsRequest)
			require.ErrorIs(t, err, ErrUnexpectedResponse)
			assert.Nil(t, repo)
			require.NotNil(t, resp)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "do not register it again")
			assert.Len(t, rs.posted, 1)
		})
	}
	t.Run("a server that registers nothing new: the only match", func(t *testing.T) {
		rs := newRegistrationServer(t, []string{a}, []string{a}, 200, "repository_create_v1.json")
		repo, _, err := fixtureClient(t, rs.testServer).Repositories.Create(context.Background(), nfsRequest)
		require.NoError(t, err)
		assert.Equal(t, int64(5), repo.ID)
	})
}

func TestRepositoriesCreate_SMBPasswordNeverLeaks(t *testing.T) {
	const secret = `p@ss"w0rd/<&>`
	req := &CreateRepositoryRequest{Center: "Main-Center", Type: RepositorySMB, RemotePath: "backup", LocalPath: "B:",
		IP: "192.168.1.210", Account: "zdm", Password: secret}
	echoed, _ := json.Marshal(map[string]any{"success": false, "requestID": "r",
		"error":  map[string]any{"code": "VALIDATION_ERROR", "message": "cannot mount with password " + secret},
		"detail": map[string]any{"validationErrors": map[string]any{"password": []string{"bad: " + secret}}},
	})
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			reply(w, 200, "application/json", []byte(`{"success":true,"data":[]}`))
			return
		}
		reply(w, 400, "application/json", echoed)
	})
	_, resp, err := fixtureClient(t, ts).Repositories.Create(context.Background(), req)
	require.ErrorIs(t, err, ErrBadRequest)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	jsonEscaped, _ := json.Marshal(secret)
	for _, s := range []string{err.Error(), apiErr.Message, string(apiErr.Detail), fmt.Sprint(apiErr.Fields), resp.Message, fmt.Sprintf("%+v", req)} {
		assert.NotContains(t, s, secret)
		assert.NotContains(t, s, strings.Trim(string(jsonEscaped), `"`))
	}
	assert.Contains(t, apiErr.Message, "[REDACTED]")
	assert.Equal(t, []string{"bad: [REDACTED]"}, apiErr.Fields["password"])
	posted := ts.requests()[1].Body
	assert.Contains(t, posted, `"password":"p@ss\"w0rd/<&>"`, "the server gets it")
	assert.Contains(t, posted, `"account":"zdm"`)
}

func TestRepositoriesCreate_LostAnswerIsOutcomeUnknownAndNotResent(t *testing.T) {
	var posts int
	var mu sync.Mutex
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			reply(w, 200, "application/json", []byte(`{"success":true,"data":[]}`))
			return
		}
		mu.Lock()
		posts++
		mu.Unlock()
		reply(w, http.StatusBadGateway, "text/html", []byte("<html>502 Bad Gateway</html>"))
	})
	_, _, err := fixtureClient(t, ts).Repositories.Create(context.Background(), nfsRequest)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 1, posts)
}

func TestRepositories_RejectInvalidInputWithoutSending(t *testing.T) {
	ctx := context.Background()
	smb := func(edit func(*CreateRepositoryRequest)) *CreateRepositoryRequest {
		r := &CreateRepositoryRequest{Center: "1", Type: RepositorySMB, RemotePath: "backup", LocalPath: "B:", IP: "192.168.1.210", Account: "zdm", Password: "pw"}
		edit(r)
		return r
	}
	checkRefusals(t, []refusal{
		{"create nil", "CreateRepositoryRequest", func(c *Client) error { _, _, err := c.Repositories.Create(ctx, nil); return err }},
		{"create no center", "CreateRepositoryRequest.Center", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.Center = "" }))
			return err
		}},
		{"create unknown type", "CreateRepositoryRequest.Type", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.Type = "cifs" }))
			return err
		}},
		{"create SMB without account", "CreateRepositoryRequest.Account", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.Account = "" }))
			return err
		}},
		{"create SMB without password", "CreateRepositoryRequest.Password", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.Password = "" }))
			return err
		}},
		{"create NFS relative path", "CreateRepositoryRequest.RemotePath", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.Type = RepositoryNFS; r.RemotePath = "backup" }))
			return err
		}},
		{"create hostname", "CreateRepositoryRequest.IP", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.IP = "nas.example.com" }))
			return err
		}},
		{"create no IP", "CreateRepositoryRequest.IP", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.IP = "" }))
			return err
		}},
		{"create bad port", "CreateRepositoryRequest.Port", func(c *Client) error {
			_, _, err := c.Repositories.Create(ctx, smb(func(r *CreateRepositoryRequest) { r.Port = 70000 }))
			return err
		}},
		{"update id 0", "id", func(c *Client) error {
			_, _, err := c.Repositories.Update(ctx, 0, &UpdateRepositoryRequest{Center: "1", IP: "10.0.0.1"})
			return err
		}},
		{"update nothing", "UpdateRepositoryRequest.Center", func(c *Client) error {
			_, _, err := c.Repositories.Update(ctx, 1, &UpdateRepositoryRequest{Center: "1"})
			return err
		}},
		{"update no center", "UpdateRepositoryRequest.Center", func(c *Client) error {
			_, _, err := c.Repositories.Update(ctx, 1, &UpdateRepositoryRequest{IP: "10.0.0.1"})
			return err
		}},
		{"update IPv6", "UpdateRepositoryRequest.IP", func(c *Client) error {
			_, _, err := c.Repositories.Update(ctx, 1, &UpdateRepositoryRequest{Center: "1", IP: "fe80::1"})
			return err
		}},
		{"delete negative id", "id", func(c *Client) error { _, err := c.Repositories.Delete(ctx, -3, "1"); return err }},
		{"delete several centers", "center", func(c *Client) error { _, err := c.Repositories.Delete(ctx, 3, "1,2"); return err }},
		{"verify SMB not UNC", "VerifyRepositoryRequest.Path", func(c *Client) error {
			_, err := c.Repositories.Verify(ctx, &VerifyRepositoryRequest{Center: "1", Type: RepositorySMB, Path: "192.168.1.200/share", Account: "a", Password: "b"})
			return err
		}},
		{"verify NFS not host:path", "VerifyRepositoryRequest.Path", func(c *Client) error {
			_, err := c.Repositories.Verify(ctx, &VerifyRepositoryRequest{Center: "1", Type: RepositoryNFS, Path: "/backup"})
			return err
		}},
		{"list unknown type", "ListRepositoriesOptions.Type", func(c *Client) error {
			_, _, err := c.Repositories.List(ctx, &ListRepositoriesOptions{Type: "ssh"})
			return err
		}},
		{"list cloud os", "ListRepositoriesOptions.OS", func(c *Client) error {
			_, _, err := c.Repositories.List(ctx, &ListRepositoriesOptions{OS: OSCloud})
			return err
		}},
		{"list blank path", "ListRepositoriesOptions.Path", func(c *Client) error {
			_, _, err := c.Repositories.List(ctx, &ListRepositoriesOptions{Path: " "})
			return err
		}},
	}, WithServerGeneration(GenerationV1))
}

func TestRepositoriesUpdate_SendsTheUpdatesWireNames(t *testing.T) {
	const secret = "n3w-Pass"
	for _, tc := range []struct{ fixture, center string }{{"repository_update_v1.json", "Main-Center"}, {"repository_update_v3.json", "zdm-b"}} {
		t.Run(tc.fixture, func(t *testing.T) {
			ts := inventoryServer(t, map[string]route{"PUT zdms/repositories/1": {200, tc.fixture}})
			res, _, err := fixtureClient(t, ts).Repositories.Update(context.Background(), 1,
				&UpdateRepositoryRequest{Center: "Main-Center", Account: "backup", Password: secret, IP: "192.168.1.202"})
			require.NoError(t, err)
			assert.JSONEq(t, `{"center":"Main-Center","remoteUser":"backup","remotePwd":"n3w-Pass","ip":"192.168.1.202"}`, ts.requests()[0].Body)
			assert.Equal(t, tc.center, res.Center)
			assert.Equal(t, "success", res.State)
			require.NotEmpty(t, res.Changes)
			assert.NotContains(t, fmt.Sprint(res.Changes), secret)
		})
	}
	ts := inventoryServer(t, map[string]route{"PUT zdms/repositories/1": {200, "repository_update_v1.json"}})
	res, _, err := fixtureClient(t, ts).Repositories.Update(context.Background(), 1, &UpdateRepositoryRequest{Center: "1", IP: "192.168.1.202"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), res.ID)
	assert.Equal(t, `"192.168.1.200|192.168.1.202"`, res.Changes[1].New.String(), "the IP was appended")
}

func TestRepositoriesUpdate_ScrubsAPasswordTheServerEchoesInTheResult(t *testing.T) {
	const secret = "echo-me-not"
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, "application/json", []byte(`{"success":true,"data":{"repositoryInfo":{"id":1},"summary":{"state":"success",`+
			`"updatedFields":[{"field":"remotePwd","previous":"old","new":"`+secret+`"}]}}}`))
	})
	res, _, err := fixtureClient(t, ts).Repositories.Update(context.Background(), 1, &UpdateRepositoryRequest{Center: "1", Password: secret})
	require.NoError(t, err)
	assert.Equal(t, `"[REDACTED]"`, res.Changes[0].New.String())
}

func TestRepositoriesDeleteAndVerify(t *testing.T) {
	ctx := context.Background()
	t.Run("delete sends the one center", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"DELETE zdms/repositories/3": {200, "repository_delete_v1.json"}})
		resp, err := fixtureClient(t, ts).Repositories.Delete(ctx, 3, "Main-Center")
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, "center=Main-Center", sentQuery(t, ts))
	})
	t.Run("3.0.0 refuses a delete without a center", func(t *testing.T) {
		_, err := fixtureClient(t, refusingServer(t), WithServerGeneration(GenerationV3)).Repositories.Delete(ctx, 3, "")
		require.ErrorIs(t, err, ErrInvalidArgument)
	})
	t.Run("verify: success without data", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"POST zdms/repositories/verify": {200, "repository_verify_v1.json"}})
		resp, err := fixtureClient(t, ts).Repositories.Verify(ctx, &VerifyRepositoryRequest{Center: "1", Type: RepositorySMB,
			Path: `\\192.168.1.200\share`, Account: "zdm", Password: "pw", Domain: "CORP"})
		require.NoError(t, err)
		assert.Equal(t, "Repository Verify Results", resp.Message)
		assert.JSONEq(t, `{"center":"1","type":"smb","path":"\\\\192.168.1.200\\share","account":"zdm","password":"pw","domain":"CORP"}`, ts.requests()[0].Body)
	})
	t.Run("verify: a failed mount", func(t *testing.T) {
		ts := inventoryServer(t, map[string]route{"POST zdms/repositories/verify": {500, "err_repository_verify_v1_500.json"}})
		_, err := fixtureClient(t, ts).Repositories.Verify(ctx, &VerifyRepositoryRequest{Center: "1", Type: RepositoryNFS, Path: "192.168.1.200:/backup"})
		require.ErrorIs(t, err, ErrServer)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the server answered")
		assert.Len(t, ts.requests(), 1, "a write is not retried on 500")
	})
}

func TestRepositoriesList_ShapesTheQuery(t *testing.T) {
	ts := inventoryServer(t, map[string]route{"GET zdms/repositories": {200, "repositories_list_v3.json"}})
	c := fixtureClient(t, ts)
	_, _, err := c.Repositories.List(context.Background(), &ListRepositoriesOptions{ListOptions: ListOptions{Page: 1, Limit: 10},
		Center: "1,DR-Center", Type: RepositoryNFS, Path: "/backup", OS: OSLinux, Sort: SortDescending})
	require.NoError(t, err)
	q, err := url.ParseQuery(sentQuery(t, ts))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"center": {"1,DR-Center"}, "type": {"nfs"}, "path": {"/backup"}, "os": {"lin"},
		"sort": {"desc"}, "page": {"1"}, "limit": {"10"}}, q)
}

// TestRepositories_SMBPasswordNeverInErrorEvenWhenCut: the password a
// call sends is scrubbed from the server's answer before the answer is
// cut to a snippet or its white space folded, so that neither a cut
// ("...Sup3rS3cretSMBpas...") nor a folded ("two spaces") copy of it
// survives in Error(), for every call that sends one.
func TestRepositories_SMBPasswordNeverInErrorEvenWhenCut(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(c *Client, pass string) error{
		"Create": func(c *Client, pass string) error {
			_, _, err := c.Repositories.Create(ctx, &CreateRepositoryRequest{Center: "c1", Type: RepositorySMB, RemotePath: "share",
				LocalPath: "B:", IP: "10.0.0.1", Account: "bob", Password: pass})
			return err
		},
		"Update": func(c *Client, pass string) error {
			_, _, err := c.Repositories.Update(ctx, 3, &UpdateRepositoryRequest{Center: "c1", Password: pass})
			return err
		},
		"Verify": func(c *Client, pass string) error {
			_, err := c.Repositories.Verify(ctx, &VerifyRepositoryRequest{Center: "c1", Type: RepositorySMB,
				Path: `\\10.0.0.1\share`, Account: "bob", Password: pass})
			return err
		},
	}
	const pass = "Sup3rS3cretSMBpass"
	for name, call := range calls {
		t.Run(name+": cut at every offset of the snippet's end", func(t *testing.T) {
			for pad := snippetLen - 30; pad < snippetLen; pad++ {
				body := strings.Repeat("x", pad) + " password=" + pass + " rejected"
				err := call(fixtureClient(t, plainErrorServer(t, body)), pass)
				require.ErrorIs(t, err, ErrBadRequest)
				require.NotContains(t, err.Error(), pass[:6], "pad %d: a cut copy of the password", pad)
			}
		})
		t.Run(name+": white space inside the password", func(t *testing.T) {
			const spaced = "two  spaces\there"
			err := call(fixtureClient(t, plainErrorServer(t, "bad password: "+spaced)), spaced)
			require.ErrorIs(t, err, ErrBadRequest)
			assert.NotContains(t, err.Error(), "two spaces here", "a folded copy of the password")
			assert.NotContains(t, err.Error(), "spaces")
			assert.Contains(t, err.Error(), "[REDACTED]")
		})
	}
}

// plainErrorServer answers every GET with an empty list and every write
// with a text/plain 400 holding body.
func plainErrorServer(t *testing.T, body string) *testServer {
	return newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			reply(w, 200, "application/json", []byte(`{"success":true,"data":[]}`))
			return
		}
		reply(w, 400, "text/plain", []byte(body))
	})
}

// TestRepositoriesCreate_EchoedPasswordCannotBeReadFromTheResponse: the
// Response's body is read and closed (its doc says so): an answer that
// echoes the password cannot be read back through resp.Body, and a
// success's Message is scrubbed like an error's.
func TestRepositoriesCreate_EchoedPasswordCannotBeReadFromTheResponse(t *testing.T) {
	const pass = "Sup3rS3cretSMBpass"
	req := &CreateRepositoryRequest{Center: "Main-Center", Type: RepositorySMB, RemotePath: "share", LocalPath: "B:",
		IP: "10.0.0.1", Account: "bob", Password: pass}
	t.Run("an error", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				reply(w, 200, "application/json", []byte(`{"success":true,"data":[]}`))
				return
			}
			b, _ := readAllLimited(r)
			reply(w, 400, "application/json", []byte(`{"success":false,"requestID":"r2","error":"bad request: `+
				strings.ReplaceAll(string(b), `"`, `'`)+`"}`))
		})
		_, resp, err := fixtureClient(t, ts).Repositories.Create(context.Background(), req)
		require.ErrorIs(t, err, ErrBadRequest)
		assert.NotContains(t, err.Error(), pass)
		require.NotNil(t, resp)
		raw, rerr := io.ReadAll(resp.Body)
		require.NoError(t, rerr)
		assert.Empty(t, raw, "the body was read and closed")
	})
	t.Run("a success", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				reply(w, 200, "application/json", []byte(`{"success":true,"data":[`+
					repoRow(4, "SMB", "share", "B:", "10.0.0.1")+`]}`))
				return
			}
			reply(w, 201, "application/json", []byte(`{"success":true,"requestID":"r3","message":"mounted with `+pass+`"}`))
		})
		_, resp, err := fixtureClient(t, ts).Repositories.Create(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, "mounted with [REDACTED]", resp.Message)
		raw, _ := io.ReadAll(resp.Body)
		assert.NotContains(t, string(raw), pass)
	})
}
