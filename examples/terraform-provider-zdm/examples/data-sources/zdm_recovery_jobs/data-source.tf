# Every failed job of center zdm-a, every page of them.
data "zdm_recovery_jobs" "failed" {
  center = "zdm-a"
  status = "Error"
}

output "failed_jobs" {
  value = [for j in data.zdm_recovery_jobs.failed.jobs : j.name]
}
