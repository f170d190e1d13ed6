package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zdmkit/go-zdm/zdmtest"
)

// TestAccCentersDataSource lists the world's two centers, one of them
// added for the test disconnected.
func TestAccCentersDataSource(t *testing.T) {
	dialects(t, func(t *testing.T, d zdmtest.Dialect) {
		srv := newServer(t, d)
		srv.AddCenter(zdmtest.CenterSpec{Name: "zdm-c", Disconnected: true})
		const addr = "data.zdm_centers.all"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: tokenProvider(srv.URL, srv.Token()) + "data \"zdm_centers\" \"all\" {}\n",
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "centers.#", "3"),
					resource.TestCheckTypeSetElemNestedAttrs(addr, "centers.*", map[string]string{
						"id": "1", "name": "zdm-a", "host": "zdm-a.example.internal", "connected": "true", "activated": "true"}),
					resource.TestCheckTypeSetElemNestedAttrs(addr, "centers.*", map[string]string{"name": "zdm-b", "connected": "true"}),
					resource.TestCheckTypeSetElemNestedAttrs(addr, "centers.*", map[string]string{"id": "3", "name": "zdm-c", "host": "zdm-c-host", "connected": "false"}),
				),
			}},
		})
	})
}
