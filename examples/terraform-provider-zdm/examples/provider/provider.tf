terraform {
  required_providers {
    zdm = {
      source = "zdmkit/zdm"
    }
  }
}

# Prefer an e-mail and password (the provider issues and renews its own
# tokens) and keep them out of the configuration: every setting falls back
# to an environment variable (ZDM_URL, ZDM_EMAIL, ZDM_PASSWORD, ZDM_TOKEN,
# ZDM_POLL_INTERVAL, ZDM_MAX_POLL_INTERVAL).
provider "zdm" {
  url   = "https://zdm.example/api"
  email = "ops@example.com"
  # password from ZDM_PASSWORD

  # How often a run (zdm_backup_run, zdm_recovery_run) polls its progress
  # (the vendor's advice: 5s).
  poll_interval = "5s"
}
