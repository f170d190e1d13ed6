# The backups of web01's root partition, under the name given.
resource "zdm_backup_job" "web_root" {
  center        = "zdm-a"
  server        = "web01" # a server's name or ID
  partition     = "/"
  name          = "web01-root"
  mode          = "full"
  repository_id = zdm_repository.nfs.id
  schedule_id   = zdm_schedule.nightly.id # the server copies it

  # Changed in place.
  rotation     = 7
  compression  = true
  exclude_dirs = ["/tmp", "/var/cache"]
}
