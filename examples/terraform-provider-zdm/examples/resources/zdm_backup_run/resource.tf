# Backs the partition up once the job exists, and again whenever the job
# is replaced or the date in triggers changes; records the image written.
resource "zdm_backup_run" "web_root" {
  job_id = zdm_backup_job.web_root.id
  center = zdm_backup_job.web_root.center

  triggers = {
    date = "2026-01-17"
  }

  timeouts {
    create = "2h"
  }
}

output "backup_image" {
  value = zdm_backup_run.web_root.image
}
