# web01 recovered onto web01-dr from the newest images written up to the
# backup run above: a recovery job's partitions, repository and mode.
data "zdm_recovery_plan" "web" {
  center   = "zdm-a"
  source   = "web01"
  target   = "web01-dr"
  platform = "vmware"
  before   = zdm_backup_run.web_root.image_created_at
}

output "planned_images" {
  value = { for p in data.zdm_recovery_plan.web.partitions : p.source => p.backup_file }
}
