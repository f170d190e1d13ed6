# Server names are unique only within a center: give the center with a name.
data "zdm_server" "web01" {
  name   = "web01"
  center = "zdm-a"
}

output "web01_partitions" {
  value = [for p in data.zdm_server.web01.partitions : p.letter]
}
