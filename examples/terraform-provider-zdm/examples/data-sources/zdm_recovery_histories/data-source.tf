# A job's runs, newest first. Look them up by job ID: histories keep the
# name a job had when it ran, so a renamed job's runs are not found by
# its new name.
data "zdm_recovery_histories" "web" {
  job_id = zdm_recovery_job.web.id
}

output "runs" {
  value = length(data.zdm_recovery_histories.web.histories)
}

output "last_run_succeeded" {
  value = try(data.zdm_recovery_histories.web.histories[0].succeeded, null)
}
