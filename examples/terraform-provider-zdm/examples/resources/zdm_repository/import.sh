# By ID (servers identify repositories by number only), or by center and
# ID. The account and password are not imported: servers never return
# them, so an SMB repository's next apply sets them in place.
terraform import zdm_repository.nfs 12
terraform import zdm_repository.nfs zdm-a/12
