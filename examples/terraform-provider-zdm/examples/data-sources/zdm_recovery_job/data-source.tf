# Names are unique only within a center: give the center with a name.
data "zdm_recovery_job" "nightly" {
  name   = "web01-nightly"
  center = "zdm-a"
}

output "nightly_status" {
  value = data.zdm_recovery_job.nightly.status
}
