# The images of web01's root partition, newest first.
data "zdm_backup_images" "web_root" {
  server    = "web01"
  center    = "zdm-a"
  partition = "/"
}

output "newest_root_image" {
  value = data.zdm_backup_images.web_root.images[0].name
}
