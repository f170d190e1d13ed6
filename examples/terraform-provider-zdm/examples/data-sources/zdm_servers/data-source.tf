# The recovery targets of center zdm-a, with their partitions.
data "zdm_servers" "targets" {
  center = "zdm-a"
  mode   = "target"
}

output "target_partitions" {
  value = { for s in data.zdm_servers.targets.servers : s.name => [for p in s.partitions : p.letter] }
}
