# Runs the job once it exists, and again whenever the job is replaced or
# the image named in triggers changes. A failed run fails the apply and
# taints this run only: the next apply runs the job again.
resource "zdm_recovery_run" "web" {
  job_id = zdm_recovery_job.web.id
  center = zdm_recovery_job.web.center

  triggers = {
    image = "web01-backup-2025-01-15.img"
  }

  timeouts {
    create = "2h"
  }
}

output "run_status" {
  value = zdm_recovery_run.web.status # "Complete"
}
