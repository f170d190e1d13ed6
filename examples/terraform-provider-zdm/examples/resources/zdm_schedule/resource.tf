# Every day at 02:00: for full or increment backup jobs, and recovery jobs.
resource "zdm_schedule" "nightly" {
  center = "zdm-a"
  type   = "daily" # or "Daily", or 3
  basic  = { time = "02:00" }
}

# A smart schedule (smart backup jobs only): full backups on Sundays at
# 01:00, increments on weekdays at 22:00.
resource "zdm_schedule" "smart" {
  center   = "zdm-a"
  type     = "Smart Weekly (Specific Day of the Week)"
  basic    = { time = "01:00", weekdays = ["sun"] }
  advanced = { time = "22:00", weekdays = ["mon", "tue", "wed", "thu", "fri"] }
}
