# A past run, by its job's center, the job's ID and the history row the
# run wrote. Its triggers are not known: the next apply records the
# configured ones without running the job.
terraform import zdm_backup_run.web_root zdm-a/42/1007
