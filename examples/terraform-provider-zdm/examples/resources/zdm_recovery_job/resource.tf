resource "zdm_recovery_job" "web" {
  center        = "zdm-a"
  source        = "web01"    # a server's name or ID
  target        = "web01-dr" # a server's name or ID
  platform      = "vmware"
  repository_id = 9
  mode          = "full"
  name          = "web01-nightly"

  partitions = [
    { source = "/", target = "/" },
    { source = "/boot", target = "/boot" },
  ]

  # Changed in place.
  after_reboot  = "shutdown"
  network_limit = 100 # Mbps, 0 is unlimited
  script_path   = "/opt/zdm/post-recovery.sh"
  script_run    = "after"
}
