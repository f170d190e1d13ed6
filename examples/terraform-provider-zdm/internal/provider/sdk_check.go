package provider

import (
	"context"
	"errors"
	"net/http"

	"github.com/zdmkit/go-zdm"
)

// errNotSent is the transport error of checkOnly's client: nothing is
// ever sent.
var errNotSent = errors.New("not sent: plan-time check")

// refuseAll is a transport that sends nothing.
type refuseAll struct{}

// RoundTrip refuses every request.
func (refuseAll) RoundTrip(*http.Request) (*http.Response, error) { return nil, errNotSent }

// checkOnly runs the SDK's own checks of a schedule request at plan
// time, on a client whose transport sends nothing: the error wrapping
// zdm.ErrInvalidArgument that the SDK would return before sending, or
// nil when it would send the request. (The SDK has no exported way to
// check a request without sending it.)
func checkOnly(ctx context.Context, req *zdm.CreateScheduleRequest) error {
	c, err := zdm.NewClient("http://zdm.invalid/api", zdm.WithToken("plan-time-check"), zdm.WithRetryMax(0),
		zdm.WithServerGeneration(zdm.GenerationV1), zdm.WithHTTPClient(&http.Client{Transport: refuseAll{}}))
	if err != nil {
		return nil
	}
	_, _, err = c.Schedules.Create(ctx, req)
	if errors.Is(err, zdm.ErrInvalidArgument) {
		return err
	}
	return nil
}
