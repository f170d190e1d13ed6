# The NFS repositories of center zdm-a, and their free space.
data "zdm_repositories" "nfs" {
  center = "zdm-a"
  type   = "nfs"
}

output "free_bytes" {
  value = { for r in data.zdm_repositories.nfs.repositories : r.id => r.free_bytes }
}
