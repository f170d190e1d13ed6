# An NFS export that center zdm-a mounts at /mnt/dr.
resource "zdm_repository" "nfs" {
  center      = "zdm-a"
  type        = "nfs"
  remote_path = "/exports/dr" # changed in place
  local_path  = "/mnt/dr"
  ip          = "192.168.1.201"

  # An address added is appended in place; removing one replaces the
  # repository (servers only ever append).
  additional_ips = ["192.168.1.202"]
}

# An SMB share, mounted as drive R:. Servers never return the account and
# the password: they are kept from the configuration.
resource "zdm_repository" "smb" {
  center      = "zdm-a"
  type        = "smb"
  remote_path = "dr-share"
  local_path  = "R:"
  ip          = "192.168.1.211"
  account     = "zdm-backup"
  password    = var.smb_password
}

variable "smb_password" {
  type      = string
  sensitive = true
}
