# By center and name, or center and ID: the plan after the import is empty.
terraform import zdm_backup_job.web_root zdm-a/web01-root
terraform import zdm_backup_job.web_root zdm-a/42

# By bare ID: the server never says a job's center, so the next apply
# adopts the configured center (after checking the job belongs to it).
terraform import zdm_backup_job.web_root 42
