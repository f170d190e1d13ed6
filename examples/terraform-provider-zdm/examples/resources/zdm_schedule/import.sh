# By ID; a smart schedule by the IDs of its two rows, basic then advanced.
# Servers never return the timing: the next apply records the configured
# one in place, sending nothing.
terraform import zdm_schedule.nightly 12
terraform import zdm_schedule.smart 13,14
