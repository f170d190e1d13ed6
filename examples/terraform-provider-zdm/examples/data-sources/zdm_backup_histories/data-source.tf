# A backup job's runs, newest first, by the job's ID (histories keep the
# name a job had when it ran).
data "zdm_backup_histories" "web_root" {
  job_id = zdm_backup_run.web_root.job_id
}

output "backups" {
  value = length(data.zdm_backup_histories.web_root.histories)
}
