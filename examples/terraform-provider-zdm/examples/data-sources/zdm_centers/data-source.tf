# Every center; their names (or IDs) are what center arguments take.
data "zdm_centers" "all" {}

output "connected_centers" {
  value = [for c in data.zdm_centers.all.centers : c.name if c.connected]
}
